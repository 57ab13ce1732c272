package io.nnlab.nn;

/** f(z) = z, passing its input through: Keras' Activation('linear'). */
public final class Identity extends ActivationLayer {

    public Identity() { super(Activation.IDENTITY); }

    public Identity name(String name) {
        rename(name);
        return this;
    }
}
