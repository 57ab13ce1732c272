package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** exp(z) / Σ exp(z) over each sample's features: Keras' Softmax. */
public final class Softmax extends ActivationLayer {

    public Softmax() { super(Activation.SOFTMAX); }
}
