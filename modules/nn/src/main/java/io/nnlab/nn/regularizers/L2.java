package io.nnlab.nn.regularizers;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

/** l2 · Σw² (Keras' form, default factor 0.01; note: no ½), gradient 2 · l2 · w. */
public record L2(double l2) implements Regularizer {

    public L2 {
        Regularizer.checkFactor("L2", "l2", l2);
    }

    public L2() { this(0.01); }

    @Override
    public double loss(Tensor w) {
        // The dot kernel: the loss is reported every step, and it sums in the weights' dtype, as Keras does.
        return l2 * Ops.dot(w, w);
    }

    @Override
    public void addGradient(Tensor w, Tensor grad) { Ops.axpy(2 * l2, w, grad); }
}
