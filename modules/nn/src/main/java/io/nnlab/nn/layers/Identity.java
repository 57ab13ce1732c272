package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** f(z) = z, passing its input through: Keras' Activation('linear'). */
public final class Identity extends ActivationLayer {

    public Identity() { super(Activation.IDENTITY); }
}
