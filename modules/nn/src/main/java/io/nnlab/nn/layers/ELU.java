package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** z where z > 0, else α·(e^z - 1): Keras' ELU layer (α defaults to 1). */
public final class ELU extends ActivationLayer {

    public ELU() { super(Activation.ELU); }

    /** The scale of the negative side, finite and >= 0. */
    public ELU(double alpha) { super(Activation.elu(alpha)); }
}
