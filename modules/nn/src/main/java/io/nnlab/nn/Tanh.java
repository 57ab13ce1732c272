package io.nnlab.nn;

/** The hyperbolic tangent, element-wise: Keras' Activation('tanh'). */
public final class Tanh extends ActivationLayer {

    public Tanh() { super(Activation.TANH); }

    public Tanh name(String name) {
        rename(name);
        return this;
    }
}
