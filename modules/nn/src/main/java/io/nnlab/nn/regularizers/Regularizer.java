package io.nnlab.nn.regularizers;

import io.nnlab.tensor.Tensor;

/**
 * A penalty on a weight tensor, declared on a layer (Keras' kernel_regularizer): added to the
 * loss, and its gradient added to the weight's.
 */
public interface Regularizer {

    /** The penalty for these weights. */
    double loss(Tensor weights);

    /** grad += d(penalty)/d(weights). */
    void addGradient(Tensor weights, Tensor grad);

    static double checkFactor(String who, String what, double f) {
        if (!(f >= 0) || !Double.isFinite(f)) {
            throw new IllegalArgumentException(who + ": " + what + " must be finite and >= 0, got " + f);
        }
        return f;
    }
}
