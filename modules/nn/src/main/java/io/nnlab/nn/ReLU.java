package io.nnlab.nn;

/** max(0, z), element-wise: Keras' Activation('relu'). Its derivative at 0 is taken as 0. */
public final class ReLU extends ActivationLayer {

    public ReLU() { super(Activation.RELU); }

    public ReLU name(String name) {
        rename(name);
        return this;
    }
}
