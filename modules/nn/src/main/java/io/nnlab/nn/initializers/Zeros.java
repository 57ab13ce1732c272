package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/** All zeros: Keras' default for biases. */
public record Zeros() implements Initializer {
    @Override
    public void initialize(Tensor weights, Rng rng) { weights.fill(0); }
}
