package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Mean 0, standard deviation 1: numpy's {@code np.random.normal(size=...)}, as t2, t4 and t5 start their weights. */
public record StandardNormal() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) { Initializer.fillNormal(weights, rng, 0, 1); }
}
