package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Uniform in ±sqrt(6 / fanIn) (He et al., 2015): variance 2 / fanIn, for ReLU layers. */
public record HeUniform() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) {
        double limit = Math.sqrt(6.0 / Initializer.fanIn(weights.shape()));
        Initializer.fillUniform(weights, rng, -limit, limit);
    }
}
