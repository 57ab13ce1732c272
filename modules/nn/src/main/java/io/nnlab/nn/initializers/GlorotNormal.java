package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * Variance 2 / (fanIn + fanOut) (Glorot and Bengio, 2010), drawn as Keras' GlorotNormal: a normal
 * truncated at two standard deviations, its σ widened so that the truncated draws still have that
 * variance.
 */
public record GlorotNormal() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) {
        int[] shape = weights.shape();
        Initializer.fillTruncatedNormal(weights, rng, 2.0 / (Initializer.fanIn(shape) + Initializer.fanOut(shape)));
    }
}
