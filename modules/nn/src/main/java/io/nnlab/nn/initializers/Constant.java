package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** Every element set to one value (BatchNorm's γ starts at Constant(1)). */
public record Constant(double value) implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) { weights.fill(value); }
}
