package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Uniform in ±sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010): Keras' default for Dense kernels. */
public record GlorotUniform() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) {
        int[] shape = weights.shape();
        double limit = Math.sqrt(6.0 / (Initializer.fanIn(shape) + Initializer.fanOut(shape)));
        Initializer.fillUniform(weights, rng, -limit, limit);
    }
}
