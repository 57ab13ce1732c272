package io.nnlab.optim.schedules;

/**
 * A learning rate as a function of training progress, Keras' {@code LearningRateSchedule}: the fit
 * loop asks it for the rate before each optimiser step, or at the start of each epoch, as set with
 * {@code FitOptions.Builder.learningRateSchedule(schedule, interval)}.
 *
 * <pre>{@code
 * FitOptions.builder().epochs(30)
 *         .learningRateSchedule(new CosineDecay(0.0, 10_000).warmup(0.001, 500), Interval.STEP)
 *         ...
 * }</pre>
 *
 * <p>t counts from 0: per step it is the optimiser's step count before the step ({@code
 * Optimizer.iterations()}, which a checkpoint restores, so a resumed run continues the schedule);
 * per epoch it is the epoch's index. A schedule is a pure function of t; any lambda is one.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** When the fit loop applies a schedule. */
    enum Interval {
        /** Before every optimiser step, t = steps taken so far (Keras' schedules passed to an optimiser). */
        STEP,
        /** At the start of every epoch, t = the epoch's index (Keras' LearningRateScheduler callback). */
        EPOCH
    }

    /** The learning rate at t, finite and >= 0. */
    double learningRate(long t);
}
