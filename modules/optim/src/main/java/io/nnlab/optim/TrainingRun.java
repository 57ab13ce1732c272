package io.nnlab.optim;

import io.nnlab.nn.Parameter;

import java.util.List;
import java.util.Objects;

/**
 * A training run in progress, as {@link Callback}s see it: the model, its parameters, the optimiser,
 * the history so far, where the run is, and a way to stop it.
 */
public final class TrainingRun {

    private final Trainable model;
    private final List<Parameter> parameters;
    private final Optimizer optimizer;
    private final History history;
    private final List<String> logNames;
    private final int samples;
    private final int batchSize;
    private final int stepsPerEpoch;
    private final int initialEpoch;
    private final int epochs;
    private final long maxIterations;
    private final long startNanos = System.nanoTime();
    private int epoch;
    private int batch;
    private long iterations;
    private TrainingStopReason stopReason;
    private String stopMessage;

    TrainingRun(Trainable model, List<Parameter> parameters, Optimizer optimizer, History history,
                List<String> logNames, int samples, int batchSize, int stepsPerEpoch, int initialEpoch, int epochs,
                long maxIterations) {
        this.model = model;
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.history = history;
        this.logNames = List.copyOf(logNames);
        this.samples = samples;
        this.batchSize = batchSize;
        this.stepsPerEpoch = stepsPerEpoch;
        this.initialEpoch = initialEpoch;
        this.epochs = epochs;
        this.maxIterations = maxIterations;
    }

    public Trainable model() { return model; }

    /** Every parameter of the model, trainable or not, in the model's order. */
    public List<Parameter> parameters() { return parameters; }

    public Optimizer optimizer() { return optimizer; }

    /** The history recorded so far. */
    public History history() { return history; }

    /** The names each epoch logs: "loss", the metrics, then the "val_" ones. */
    public List<String> logNames() { return logNames; }

    /** Training samples. */
    public int samples() { return samples; }

    public int batchSize() { return batchSize; }

    /** Optimiser steps in a full epoch. */
    public int stepsPerEpoch() { return stepsPerEpoch; }

    /** Epochs requested (the run may stop sooner). */
    public int epochs() { return epochs; }

    /** The iteration cap (Long.MAX_VALUE when there is none). */
    public long maxIterations() { return maxIterations; }

    /** The current epoch, from 0. */
    public int epoch() { return epoch; }

    /** Steps taken in the current epoch. */
    public int stepsThisEpoch() { return batch; }

    /** Optimiser steps taken in this run. */
    public long iterations() { return iterations; }

    public double elapsedSeconds() { return (System.nanoTime() - startNanos) * 1e-9; }

    /**
     * The share of this run's work done, in [0, 1]: the epochs it has trained since its initial
     * epoch (a resumed run counts only its own), or the share of the iteration cap it has used,
     * whichever is larger.
     */
    public double fractionDone() {
        double epochsDone = epoch - initialEpoch + (double) batch / Math.max(1, stepsPerEpoch);
        double done = epochsDone / Math.max(1, epochs - initialEpoch);
        if (maxIterations != Long.MAX_VALUE && maxIterations > 0) done = Math.max(done, (double) iterations / maxIterations);
        return Math.min(1, done);
    }

    /**
     * An estimate of the seconds left, from this run's pace so far and {@link #fractionDone}. It is
     * an upper bound when a stopping rule ends the run sooner. NaN before the first step.
     */
    public double etaSeconds() {
        double done = fractionDone();
        if (!(done > 0)) return Double.NaN;
        return elapsedSeconds() * (1 - done) / done;
    }

    /** Asks the run to stop after the current step, recording {@link TrainingStopReason#CALLBACK}. */
    public void stop(String message) { stop(TrainingStopReason.CALLBACK, message); }

    /** Asks the run to stop after the current step for the given reason; the first request wins. */
    public void stop(TrainingStopReason reason, String message) {
        Objects.requireNonNull(reason, "reason");
        if (stopReason == null) {
            stopReason = reason;
            stopMessage = message == null || message.isEmpty() ? reason.description() : message;
        }
    }

    /** Whether a stop has been requested. */
    public boolean stopRequested() { return stopReason != null; }

    TrainingStopReason stopReason() { return stopReason; }

    String stopMessage() { return stopMessage; }

    void position(int epoch, int batch, long iterations) {
        this.epoch = epoch;
        this.batch = batch;
        this.iterations = iterations;
    }
}
