package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Uniform in [min, max); Keras' defaults are ±0.05. */
public record RandomUniform(double min, double max) implements Initializer {

    public RandomUniform {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("RandomUniform: expected finite min <= max, got min=" + min
                    + ", max=" + max);
        }
    }

    public RandomUniform() { this(-0.05, 0.05); }

    @Override
    public void initialize(Tensor weights, Rng rng) { Initializer.fillUniform(weights, rng, min, max); }
}
