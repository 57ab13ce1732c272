package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** z·Φ(z), Φ the standard normal distribution function: PyTorch's GELU, Keras' Activation('gelu'). */
public final class GELU extends ActivationLayer {

    /** The exact form (PyTorch's approximate='none', Keras' default). */
    public GELU() { super(Activation.GELU); }

    /** With approximate, the tanh form ½z(1 + tanh(√(2/π)(z + 0.044715z³))). */
    public GELU(boolean approximate) { super(Activation.gelu(approximate)); }
}
