package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * Variance 1 / fanIn (LeCun et al., 1998), drawn as Keras' LecunNormal: a normal truncated at two
 * standard deviations, its σ widened so that the truncated draws still have that variance.
 */
public record LecunNormal() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) {
        Initializer.fillTruncatedNormal(weights, rng, 1.0 / Initializer.fanIn(weights.shape()));
    }
}
