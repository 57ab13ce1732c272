package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;

/** z where z ≥ 0, else α·z: Keras' LeakyReLU layer, whose α defaults to 0.3 (the function's to 0.2). */
public final class LeakyReLU extends ActivationLayer {

    /** Keras' layer default, α = 0.3. */
    public static final double DEFAULT_ALPHA = 0.3;

    public LeakyReLU() { this(DEFAULT_ALPHA); }

    /** The slope below 0, finite and >= 0. */
    public LeakyReLU(double alpha) { super(Activation.leakyRelu(alpha)); }
}
