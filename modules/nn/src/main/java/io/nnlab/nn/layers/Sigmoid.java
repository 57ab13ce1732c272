package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** The logistic function 1 / (1 + e^-z), element-wise: Keras' Activation('sigmoid'). */
public final class Sigmoid extends ActivationLayer {

    public Sigmoid() { super(Activation.SIGMOID); }
}
