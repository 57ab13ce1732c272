package io.nnlab.optim.schedules;

import static io.nnlab.optim.schedules.Hyperparameters.requireNonNegative;
import static io.nnlab.optim.schedules.Hyperparameters.requirePositive;

/**
 * The rate multiplied by γ every {@code stepSize} steps (or epochs): lr(t) = lr₀·γ^⌊t / stepSize⌋,
 * PyTorch's StepLR (γ defaults to 0.1 there and here). Keras writes it as ExponentialDecay with
 * staircase=True.
 *
 * @param initialLearningRate lr₀, > 0
 * @param stepSize            how many t per decay, >= 1
 * @param gamma               the factor, >= 0
 */
public record StepDecay(double initialLearningRate, long stepSize, double gamma) implements LearningRateSchedule {

    public StepDecay {
        requirePositive("StepDecay", "initialLearningRate", initialLearningRate);
        if (stepSize < 1) throw new IllegalArgumentException("StepDecay: stepSize must be >= 1, got " + stepSize);
        requireNonNegative("StepDecay", "gamma", gamma);
    }

    /** γ = 0.1, PyTorch's default. */
    public StepDecay(double initialLearningRate, long stepSize) { this(initialLearningRate, stepSize, 0.1); }

    @Override
    public double learningRate(long t) { return initialLearningRate * Math.pow(gamma, Math.floorDiv(t, stepSize)); }
}
