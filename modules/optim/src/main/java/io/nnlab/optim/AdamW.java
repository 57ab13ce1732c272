package io.nnlab.optim;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter): before each Adam update,
 * {@code θ ← θ - lr·wd·θ}. The decay does not pass through m and v, unlike an L2 penalty added to
 * the gradient, so every weight shrinks at the same relative rate whatever its gradient history.
 *
 * <p>Keras's defaults: lr 0.001, weight decay 0.004, β1 0.9, β2 0.999, ε 1e-7. (PyTorch's AdamW
 * defaults to a weight decay of 0.01 and ε 1e-8; the update is the same.)
 */
public final class AdamW extends Adam {

    public static final double DEFAULT_WEIGHT_DECAY = 0.004;

    /** AdamW with Keras's defaults. */
    public AdamW() { this(DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY); }

    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, weightDecay);
    }

    private AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        super("adamw", learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /** A builder starting from Keras's defaults. */
    public static Builder<AdamW> builder() {
        return new Builder<>(DEFAULT_WEIGHT_DECAY,
                b -> new AdamW(b.learningRate(), b.beta1(), b.beta2(), b.epsilon(), b.weightDecay()));
    }
}
