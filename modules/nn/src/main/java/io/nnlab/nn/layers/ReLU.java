package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** max(0, z), element-wise: Keras' ReLU (its derivative at 0 is taken as 0). */
public final class ReLU extends ActivationLayer {

    public ReLU() { super(Activation.RELU); }
}
