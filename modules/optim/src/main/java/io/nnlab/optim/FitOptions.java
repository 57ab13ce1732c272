package io.nnlab.optim;

import io.nnlab.data.Dataset;
import io.nnlab.optim.schedules.LearningRateSchedule;
import io.nnlab.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Trainer#fit} trains: epochs, batching, shuffling, stopping rules, validation data,
 * callbacks and progress. Immutable; made with {@link #builder()}, where every setting is described.
 */
public final class FitOptions {

    /** Keras's default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final int epochs;
    private final int initialEpoch;
    private final int batchSize;
    private final boolean batchSizeGiven;
    private final boolean fullBatch;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLastBatch;
    private final double lossTolerance;
    private final double parameterTolerance;
    private final long maxIterations;
    private final boolean lossAtEpochEnd;
    private final Tensor validationX;
    private final Tensor validationY;
    private final Dataset validationData;
    private final double validationSplit;
    private final LearningRateSchedule schedule;
    private final LearningRateSchedule.Interval scheduleInterval;
    private final List<Callback> callbacks;
    private final Progress progress;
    private final boolean checkFinite;
    private final boolean recordIterations;

    private FitOptions(Builder b) {
        epochs = b.epochs;
        initialEpoch = b.initialEpoch;
        if (initialEpoch > epochs) {
            throw new IllegalArgumentException("FitOptions: initialEpoch must not exceed epochs (" + epochs + "), got "
                    + initialEpoch);
        }
        batchSize = b.batchSize;
        batchSizeGiven = b.batchSizeGiven;
        fullBatch = b.fullBatch;
        shuffle = b.shuffle;
        seed = b.seed;
        dropLastBatch = b.dropLastBatch;
        lossTolerance = b.lossTolerance;
        parameterTolerance = b.parameterTolerance;
        maxIterations = b.maxIterations;
        lossAtEpochEnd = b.lossAtEpochEnd;
        validationX = b.validationX;
        validationY = b.validationY;
        validationData = b.validationData;
        validationSplit = b.validationSplit;
        int sources = (validationX != null ? 1 : 0) + (validationData != null ? 1 : 0) + (validationSplit > 0 ? 1 : 0);
        if (sources > 1) {
            throw new IllegalArgumentException("FitOptions: give validation data one way: validation(x, y), "
                    + "validation(dataset) or validationSplit(fraction), not " + sources + " of them");
        }
        schedule = b.schedule;
        scheduleInterval = b.scheduleInterval;
        callbacks = List.copyOf(b.callbacks);
        progress = b.progress;
        checkFinite = b.checkFinite;
        recordIterations = b.recordIterations;
    }

    public static Builder builder() { return new Builder(); }

    /** One epoch in batches of 32, shuffled from seed 0, no stopping rules, quiet. */
    public static FitOptions defaults() { return builder().build(); }

    public int epochs() { return epochs; }

    /** The epoch training starts at, from 0 (0 unless resuming). */
    public int initialEpoch() { return initialEpoch; }

    /**
     * The batch size for {@code samples} rows: all of them for a full batch, the default 32 capped at
     * the data size when none was given, else the size given, which must not exceed the data.
     */
    public int batchSize(int samples) {
        if (fullBatch) return samples;
        if (!batchSizeGiven) return Math.min(batchSize, samples);
        if (batchSize > samples) {
            throw new IllegalArgumentException("fit: batchSize must be in [1, " + samples + "] (the number of samples),"
                    + " got " + batchSize);
        }
        return batchSize;
    }

    public boolean fullBatch() { return fullBatch; }

    public boolean shuffle() { return shuffle; }

    public long seed() { return seed; }

    public boolean dropLastBatch() { return dropLastBatch; }

    /** The |Δloss| tolerance, or NaN when that rule is off. */
    public double lossTolerance() { return lossTolerance; }

    /** The ‖Δθ‖ tolerance, or NaN when that rule is off. */
    public double parameterTolerance() { return parameterTolerance; }

    /** The iteration cap, Long.MAX_VALUE when there is none. */
    public long maxIterations() { return maxIterations; }

    public boolean lossAtEpochEnd() { return lossAtEpochEnd; }

    /** Validation inputs, or null. */
    public Tensor validationX() { return validationX; }

    /** Validation targets, or null. */
    public Tensor validationY() { return validationY; }

    /** A validation dataset, or null. */
    public Dataset validationData() { return validationData; }

    /** The fraction of the training data held out for validation, or 0 for none. */
    public double validationSplit() { return validationSplit; }

    /** The learning-rate schedule, or null for a constant rate. */
    public LearningRateSchedule learningRateSchedule() { return schedule; }

    /** When the schedule is applied: before each step, or at the start of each epoch. */
    public LearningRateSchedule.Interval scheduleInterval() { return scheduleInterval; }

    public List<Callback> callbacks() { return callbacks; }

    /** The progress printer, or null when quiet. */
    public Progress progress() { return progress; }

    public boolean checkFinite() { return checkFinite; }

    public boolean recordIterations() { return recordIterations; }

    /** Settings by name; each is checked when set. */
    public static final class Builder {
        private int epochs = 1;
        private int initialEpoch;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean batchSizeGiven;
        private boolean fullBatch;
        private boolean shuffle = true;
        private long seed;
        private boolean dropLastBatch;
        private double lossTolerance = Double.NaN;
        private double parameterTolerance = Double.NaN;
        private long maxIterations = Long.MAX_VALUE;
        private boolean lossAtEpochEnd;
        private Tensor validationX;
        private Tensor validationY;
        private Dataset validationData;
        private double validationSplit;
        private LearningRateSchedule schedule;
        private LearningRateSchedule.Interval scheduleInterval;
        private final List<Callback> callbacks = new ArrayList<>();
        private Progress progress;
        private boolean checkFinite = true;
        private boolean recordIterations;

        private Builder() {}

        /** Passes over the data, >= 0 (default 1). Zero trains nothing. */
        public Builder epochs(int epochs) {
            if (epochs < 0) throw new IllegalArgumentException("FitOptions: epochs must be >= 0, got " + epochs);
            this.epochs = epochs;
            return this;
        }

        /**
         * Resumes a run at this epoch (Keras's {@code initial_epoch}, default 0): fit trains epochs
         * {@code initialEpoch} to {@code epochs - 1}, numbering them (in the history, callbacks and
         * errors) as the whole run would, and shuffles each as the whole run would have — the shuffles of
         * the epochs skipped are drawn and discarded. With the model and optimiser restored from a
         * {@link Checkpoint} saved after {@code initialEpoch} epochs, the result is bit-identical to never
         * stopping, except for layers that draw random numbers while training (Dropout), whose streams
         * restart, and for the stopping rules, whose memory (the previous loss, EarlyStopping's best)
         * starts afresh. Must not exceed {@link #epochs(int) epochs}.
         */
        public Builder initialEpoch(int initialEpoch) {
            if (initialEpoch < 0) {
                throw new IllegalArgumentException("FitOptions: initialEpoch must be >= 0, got " + initialEpoch);
            }
            this.initialEpoch = initialEpoch;
            return this;
        }

        /**
         * Samples per optimiser step, in [1, number of samples]; checked against the data by fit.
         * Without this setting the batch is 32, or all the data when there is less.
         */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("FitOptions: batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            this.batchSizeGiven = true;
            this.fullBatch = false;
            return this;
        }

        /**
         * One batch of all the data per step (steepest descent). The data are used in their own order:
         * shuffling a full batch would change only rounding. The same as a batch size equal to the
         * number of samples.
         */
        public Builder fullBatch() {
            this.fullBatch = true;
            return this;
        }

        /** Reorders the samples before each epoch (default true); ignored for a full batch. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * The seed of the shuffling (default 0). Epoch e's order is the (e+1)-th
         * {@code permutation(n)} drawn from {@code new Rng(seed)}, so runs with one seed see the same
         * batches.
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Drops the last batch of an epoch when it is smaller than the batch size (default false: a
         * smaller last batch is trained on).
         */
        public Builder dropLastBatch(boolean dropLastBatch) {
            this.dropLastBatch = dropLastBatch;
            return this;
        }

        /**
         * Stops when the loss changes by less than {@code tol} (> 0) from one check to the next: t1's
         * {@code abs(prev_error - error) < tol}, "reached tol". The first check compares with +∞ (so it
         * never stops), or with the initial loss under {@link #lossAtEpochEnd}.
         *
         * <p>With a full batch the loss of each step is the loss at the current parameters, so it is
         * checked before the step is applied, as t1's steepest descent does: a run that stops has taken
         * one step fewer than it evaluated, its parameters are those at which the final loss was
         * measured, and its iteration count is t1's {@code i}. Otherwise the epoch's loss is checked at
         * the end of the epoch.
         */
        public Builder lossTolerance(double tol) {
            if (!(tol > 0) || Double.isInfinite(tol)) {
                throw new IllegalArgumentException("FitOptions: lossTolerance must be > 0 and finite, got " + tol);
            }
            this.lossTolerance = tol;
            return this;
        }

        /**
         * Stops at the end of an epoch when the trainable parameters, as one vector, moved by no more
         * than {@code tol} (>= 0) in Euclidean norm during it: t4's {@code ‖θ - θ_prev‖ <= threshold}
         * with a full batch, where an epoch is one step.
         */
        public Builder parameterTolerance(double tol) {
            if (!(tol >= 0) || Double.isInfinite(tol)) {
                throw new IllegalArgumentException("FitOptions: parameterTolerance must be >= 0 and finite, got " + tol);
            }
            this.parameterTolerance = tol;
            return this;
        }

        /**
         * The most optimiser steps to take (>= 0). The run stops, "max iterations", when a step would
         * exceed it; that batch's loss has been evaluated and is recorded. t1's loop, which breaks when
         * {@code i > maxiter}, takes {@code maxiter + 1} steps.
         */
        public Builder maxIterations(long maxIterations) {
            if (maxIterations < 0) {
                throw new IllegalArgumentException("FitOptions: maxIterations must be >= 0, got " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * Makes each epoch's "loss" the loss over all the training data at the epoch's final parameters
         * ({@link Trainable#evaluate}: inference mode), measured once more before training as
         * {@link History#initialLoss()}: what t1's SGD loop compares. By default an epoch's loss is the
         * mean of its batch losses, weighted by batch size, as Keras reports it.
         */
        public Builder lossAtEpochEnd(boolean lossAtEpochEnd) {
            this.lossAtEpochEnd = lossAtEpochEnd;
            return this;
        }

        /** Data to report "val_loss" and "val_" metrics on after each epoch. */
        public Builder validation(Tensor x, Tensor y) {
            this.validationX = Objects.requireNonNull(x, "validation x");
            this.validationY = Objects.requireNonNull(y, "validation y");
            return this;
        }

        /** A dataset to report "val_loss" and "val_" metrics on after each epoch; int labels become a [n] tensor. */
        public Builder validation(Dataset data) {
            this.validationData = Objects.requireNonNull(data, "validation data");
            return this;
        }

        /**
         * Holds out the last {@code fraction} of the samples (in (0, 1)) for validation, as Keras's
         * {@code validation_split}: the split is taken before any shuffling, at row ⌊n·(1 - fraction)⌋,
         * and only the rows before it are trained on. A split that leaves either part empty is an error.
         * The two parts are copied once per fit.
         */
        public Builder validationSplit(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("FitOptions: validationSplit must be in (0, 1), got " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /**
         * Sets the optimiser's learning rate from {@code schedule} before every step
         * ({@link LearningRateSchedule.Interval#STEP}, t = the optimiser's step count) or at the start of
         * every epoch ({@link LearningRateSchedule.Interval#EPOCH}, t = the epoch index). The rate the
         * optimiser was made with is replaced.
         */
        public Builder learningRateSchedule(LearningRateSchedule schedule, LearningRateSchedule.Interval interval) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            this.scheduleInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Adds callbacks, called in the order added (an {@link EarlyStopping}, a custom logger, …). */
        public Builder callbacks(Callback... callbacks) {
            for (Callback c : callbacks) this.callbacks.add(Objects.requireNonNull(c, "callback"));
            return this;
        }

        /**
         * Shows progress on {@code out} with the default {@link Progress} settings: a bar redrawn in place
         * when {@code out} is the terminal, else a line per epoch.
         */
        public Builder progress(PrintStream out) {
            return progress(new Progress(out));
        }

        /** Shows progress as configured; called after every other callback. Quiet by default. */
        public Builder progress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Keras's {@code verbose}: 0 is quiet (the default); 1 shows progress on {@code System.out}, a bar
         * on a terminal and a line per epoch elsewhere; 2 shows a line per epoch.
         */
        public Builder verbose(int level) {
            this.progress = switch (level) {
                case 0 -> null;
                case 1 -> new Progress(System.out);
                case 2 -> Progress.lines(System.out);
                default -> throw new IllegalArgumentException("FitOptions: verbose must be 0, 1 or 2, got " + level);
            };
            return this;
        }

        /**
         * Checks the data (x, y and the validation data) for NaN and ±∞ before training, naming the row,
         * and the loss, the gradients and the parameters at every step, stopping with a
         * {@link NonFiniteException} naming the epoch, the step and the parameter (default true).
         */
        public Builder checkFinite(boolean checkFinite) {
            this.checkFinite = checkFinite;
            return this;
        }

        /** Records every batch loss in {@link History#iterationLoss()} (default false). */
        public Builder recordIterations(boolean recordIterations) {
            this.recordIterations = recordIterations;
            return this;
        }

        public FitOptions build() { return new FitOptions(this); }
    }
}
