package io.nnlab.optim;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training run recorded: per epoch, the loss and every metric (Keras's
 * {@code history.history}: {@code "loss"}, {@code "accuracy"}, {@code "val_loss"}, …); per
 * iteration, the batch losses when {@link FitOptions.Builder#recordIterations asked for}; and, once
 * the run is over, why it stopped.
 *
 * <p>Callbacks see the history grow during the run; the arrays returned are copies.
 */
public final class History {

    private final Map<String, DoubleArrayList> epochs = new LinkedHashMap<>();
    private final DoubleArrayList elapsed = new DoubleArrayList();
    private final DoubleArrayList iterationLoss = new DoubleArrayList();
    private double initialLoss = Double.NaN;
    private long iterations;
    private TrainingStopReason stopReason;
    private String stopMessage = "";
    private double seconds;

    History() {}

    // ------------------------------------------------------------------ per epoch

    /** Epochs recorded so far (the last one may have been cut short by a stopping rule). */
    public int epochs() { return elapsed.size(); }

    /** The names recorded each epoch, "loss" first, in the order they were logged. */
    public List<String> names() { return List.copyOf(epochs.keySet()); }

    /** True when {@code name} was recorded each epoch. */
    public boolean has(String name) { return epochs.containsKey(name); }

    /** The values of {@code name} ("loss", "accuracy", "val_loss", …), one per epoch. */
    public double[] get(String name) { return series(name).toDoubleArray(); }

    /** The training loss of each epoch. */
    public double[] loss() { return get("loss"); }

    /** The value of {@code name} in the last epoch recorded. */
    public double last(String name) {
        DoubleArrayList s = series(name);
        if (s.isEmpty()) throw new IllegalStateException("History.last: no epoch has been recorded yet");
        return s.getDouble(s.size() - 1);
    }

    /** The training loss of the last epoch recorded. */
    public double finalLoss() { return last("loss"); }

    /** Every per-epoch series, by name: Keras's {@code history.history}. */
    public Map<String, double[]> asMap() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, DoubleArrayList> e : epochs.entrySet()) m.put(e.getKey(), e.getValue().toDoubleArray());
        return Collections.unmodifiableMap(m);
    }

    /** Seconds since the start of training at the end of each epoch. */
    public double[] elapsedSeconds() { return elapsed.toDoubleArray(); }

    private DoubleArrayList series(String name) {
        DoubleArrayList s = epochs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("History: no series named '" + name + "'; recorded: " + epochs.keySet());
        }
        return s;
    }

    // ------------------------------------------------------------------ per iteration and the whole run

    /**
     * The loss of every batch evaluated, in order, when iterations are recorded (else empty). When a
     * stopping rule fires between evaluating a batch and stepping on it, that last loss is included.
     */
    public double[] iterationLoss() { return iterationLoss.toDoubleArray(); }

    /**
     * The loss over all training data before the first step, when the run measured it (with
     * {@link FitOptions.Builder#lossAtEpochEnd}); NaN otherwise.
     */
    public double initialLoss() { return initialLoss; }

    /** Optimiser steps taken. */
    public long iterations() { return iterations; }

    /** Why the run stopped; null while it is running. */
    public TrainingStopReason stopReason() { return stopReason; }

    /** The stop reason with its details, e.g. "reached tol: |Δloss| = 9.1e-06 < 1e-05 after 612 iterations". */
    public String stopMessage() { return stopMessage; }

    /** Wall-clock seconds the run took. */
    public double seconds() { return seconds; }

    // ------------------------------------------------------------------ recording (Trainer)

    void addEpoch(Map<String, Double> logs, double elapsedSeconds) {
        if (!epochs.isEmpty() && !epochs.keySet().equals(logs.keySet())) {
            throw new IllegalStateException("History: epoch logs " + logs.keySet() + " differ from earlier epochs' "
                    + epochs.keySet());
        }
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            epochs.computeIfAbsent(e.getKey(), k -> new DoubleArrayList()).add(e.getValue().doubleValue());
        }
        elapsed.add(elapsedSeconds);
    }

    void addIterationLoss(double loss) { iterationLoss.add(loss); }

    void setInitialLoss(double loss) { initialLoss = loss; }

    void setIterations(long iterations) { this.iterations = iterations; }

    void finish(TrainingStopReason reason, String message, double seconds) {
        this.stopReason = reason;
        this.stopMessage = message;
        this.seconds = seconds;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(").append(epochs()).append(" epochs, ")
                .append(iterations).append(" iterations");
        if (stopReason != null) sb.append(", ").append(stopMessage);
        for (String name : epochs.keySet()) {
            sb.append(String.format(Locale.ROOT, ", %s=%.6g", name, last(name)));
        }
        return sb.append(')').toString();
    }
}
