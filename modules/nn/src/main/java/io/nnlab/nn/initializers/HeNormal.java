package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * Variance 2 / fanIn (He et al., 2015), drawn as Keras does: a normal truncated at two standard
 * deviations, its σ widened so that the truncated draws still have that variance.
 */
public record HeNormal() implements Initializer {
    /** The standard deviation of a standard normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    @Override
    public void initialize(Tensor weights, Rng rng) {
        double stddev = Math.sqrt(2.0 / Initializer.fanIn(weights.shape())) / TRUNCATED_STDDEV;
        for (int i = 0, n = weights.size(); i < n; i++) {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > 2);
            weights.setFlat(i, stddev * z);
        }
    }
}
