package io.nnlab.nn;

/** exp(z) / Σ exp(z) over each sample's features: Keras' Activation('softmax'). */
public final class Softmax extends ActivationLayer {

    public Softmax() { super(Activation.SOFTMAX); }

    public Softmax name(String name) {
        rename(name);
        return this;
    }
}
