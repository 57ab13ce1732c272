package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** The hyperbolic tangent, element-wise: Keras' Activation('tanh'). */
public final class Tanh extends ActivationLayer {

    public Tanh() { super(Activation.TANH); }
}
