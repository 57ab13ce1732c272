package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** z·sigmoid(z), element-wise: PyTorch's SiLU, Keras' Activation('silu'). */
public final class SiLU extends ActivationLayer {

    public SiLU() { super(Activation.SILU); }
}
