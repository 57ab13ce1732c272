package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Normal with the given mean and standard deviation σ; Keras' defaults are mean 0, σ 0.05. */
public record RandomNormal(double mean, double stddev) implements Initializer {

    public RandomNormal {
        if (!(stddev >= 0) || !Double.isFinite(stddev) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("RandomNormal: expected a finite mean and stddev >= 0, got mean=" + mean
                    + ", stddev=" + stddev);
        }
    }

    /** Mean 0 and standard deviation σ. */
    public RandomNormal(double stddev) { this(0, stddev); }

    public RandomNormal() { this(0, 0.05); }

    @Override
    public void initialize(Tensor weights, Rng rng) { Initializer.fillNormal(weights, rng, mean, stddev); }
}
