package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/**
 * The perceptron's Heaviside step, 1 where z ≥ 0 and 0 elsewhere. Forward only: its derivative
 * is 0 almost everywhere, so {@link #backward} is an error explaining that gradient training
 * cannot pass through it.
 */
public final class Step extends ActivationLayer {

    public Step() { super(Activation.STEP); }
}
