package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * Variance 2 / fanIn (He et al., 2015), drawn as Keras does: a normal truncated at two standard
 * deviations, its σ widened so that the truncated draws still have that variance.
 */
public record HeNormal() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) {
        Initializer.fillTruncatedNormal(weights, rng, 2.0 / Initializer.fanIn(weights.shape()));
    }
}
