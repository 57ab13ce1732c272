package io.nnlab.optim.schedules;

import static io.nnlab.optim.schedules.Hyperparameters.requireNonNegative;
import static io.nnlab.optim.schedules.Hyperparameters.requirePositive;

/**
 * lr(t) = lr₀·rate^(t / decaySteps), Keras' ExponentialDecay; with staircase the exponent is
 * ⌊t / decaySteps⌋. PyTorch's ExponentialLR(γ) is decaySteps = 1, rate = γ.
 *
 * @param initialLearningRate lr₀, > 0
 * @param decaySteps          t per factor of {@code decayRate}, >= 1
 * @param decayRate           the factor, >= 0
 * @param staircase           decay in whole steps of decaySteps
 */
public record ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
        implements LearningRateSchedule {

    public ExponentialDecay {
        requirePositive("ExponentialDecay", "initialLearningRate", initialLearningRate);
        if (decaySteps < 1) {
            throw new IllegalArgumentException("ExponentialDecay: decaySteps must be >= 1, got " + decaySteps);
        }
        requireNonNegative("ExponentialDecay", "decayRate", decayRate);
    }

    /** Smooth decay (Keras' staircase=False, the default). */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    @Override
    public double learningRate(long t) {
        double p = staircase ? Math.floorDiv(t, decaySteps) : (double) t / decaySteps;
        return initialLearningRate * Math.pow(decayRate, p);
    }
}
