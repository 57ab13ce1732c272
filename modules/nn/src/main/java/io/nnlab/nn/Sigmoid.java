package io.nnlab.nn;

/** The logistic function 1 / (1 + e^-z), element-wise: Keras' Activation('sigmoid'). */
public final class Sigmoid extends ActivationLayer {

    public Sigmoid() { super(Activation.SIGMOID); }

    public Sigmoid name(String name) {
        rename(name);
        return this;
    }
}
