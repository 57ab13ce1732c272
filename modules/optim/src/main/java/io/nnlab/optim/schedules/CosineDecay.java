package io.nnlab.optim.schedules;

import static io.nnlab.optim.schedules.Hyperparameters.requireNonNegative;

/**
 * Cosine decay with an optional linear warm-up (Loshchilov and Hutter, 2017), as Keras'
 * CosineDecay computes it:
 *
 * <pre>
 * warm-up, t &lt; warmupSteps:  lr = lr₀ + (target - lr₀)·t / warmupSteps
 * then, s = min(t - warmupSteps, decaySteps):
 *                            lr = from·((1 - α)·½(1 + cos(π s / decaySteps)) + α)
 * </pre>
 *
 * where {@code from} is the warm-up target, or lr₀ without warm-up, and α the fraction of it
 * left at the end. Without warm-up this is PyTorch's CosineAnnealingLR(T_max = decaySteps,
 * η_min = α·lr₀) up to its end. After decaySteps (plus the warm-up) the rate stays at α·from.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;
    /** Where the decay starts: lr₀ without a warm-up. */
    private final double warmupTarget;
    private final long warmupSteps;

    /** Decay from lr₀ to 0 over decaySteps (Keras' alpha = 0, no warm-up). */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0, initialLearningRate, 0);
    }

    /** Decay from lr₀ to α·lr₀ over decaySteps. */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, initialLearningRate, 0);
    }

    private CosineDecay(double initialLearningRate, long decaySteps, double alpha, double warmupTarget,
                        long warmupSteps) {
        this.initialLearningRate = requireNonNegative("CosineDecay", "initialLearningRate", initialLearningRate);
        if (decaySteps < 1) throw new IllegalArgumentException("CosineDecay: decaySteps must be >= 1, got " + decaySteps);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("CosineDecay: alpha must be in [0, 1], got " + alpha);
        }
        this.decaySteps = decaySteps;
        this.alpha = alpha;
        this.warmupTarget = warmupTarget;
        this.warmupSteps = warmupSteps;
    }

    /**
     * The same decay, preceded by a linear warm-up from lr₀ (often 0) to {@code target} over
     * {@code steps}; the decay then starts from target (Keras' warmup_target and warmup_steps).
     */
    public CosineDecay warmup(double target, long steps) {
        requireNonNegative("CosineDecay", "warmup target", target);
        if (steps < 1) throw new IllegalArgumentException("CosineDecay: warmup steps must be >= 1, got " + steps);
        return new CosineDecay(initialLearningRate, decaySteps, alpha, target, steps);
    }

    @Override
    public double learningRate(long t) {
        if (t < warmupSteps) {
            return (warmupTarget - initialLearningRate) * ((double) t / warmupSteps) + initialLearningRate;
        }
        double s = Math.min(t - warmupSteps, decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return warmupTarget * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public String toString() {
        return "CosineDecay(initial=" + initialLearningRate + ", decaySteps=" + decaySteps + ", alpha=" + alpha
                + (warmupSteps == 0 ? "" : ", warmupTarget=" + warmupTarget + ", warmupSteps=" + warmupSteps)
                + ")";
    }
}
