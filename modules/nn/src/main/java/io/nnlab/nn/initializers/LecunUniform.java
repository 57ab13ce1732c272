package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Uniform in ±sqrt(3 / fanIn): unit-variance pre-activations for unit-variance inputs (t1's init). */
public record LecunUniform() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) {
        double limit = Math.sqrt(3.0 / Initializer.fanIn(weights.shape()));
        Initializer.fillUniform(weights, rng, -limit, limit);
    }
}
