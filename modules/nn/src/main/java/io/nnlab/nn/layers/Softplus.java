package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** log(1 + e^z), element-wise: PyTorch's Softplus, Keras' Activation('softplus'). */
public final class Softplus extends ActivationLayer {

    public Softplus() { super(Activation.SOFTPLUS); }
}
