package io.nnlab.optim;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Prints a training run's progress for a person to follow: a line when training starts, one per
 * epoch (or every few), with the loss, the metrics, the time so far and an estimate of the time
 * left, a line within an epoch that runs longer than an interval, and the reason it stopped.
 *
 * <pre>
 * training: 60000 samples, batches of 32 (1875 steps per epoch), 10 epochs, Adam(learning_rate=0.001, …)
 * epoch 3/10 - step 1200/1875 - batch loss 0.0812 - 41.2s elapsed, about 1m55s left
 * epoch 3/10 - loss 0.0874 - accuracy 0.9731 - val_loss 0.0952 - val_accuracy 0.9702 - 63.9s elapsed, about 2m29s left
 * stopped: early stopping: val_loss has not improved on 0.0901 (epoch 4) for 3 epochs - 7 epochs, 13125 iterations, 2m29s
 * </pre>
 *
 * The time left is estimated from the pace so far and the epochs and iteration cap still to go, so it
 * is an upper bound when a stopping rule ends the run first.
 */
public final class Progress implements Callback {

    private final PrintStream out;
    private int everyEpochs = 1;
    private long intervalNanos = Duration.ofSeconds(10).toNanos();
    private long lastPrint;

    /** Prints every epoch, and within epochs every 10 seconds. */
    public Progress(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Prints every n-th epoch (>= 1), and always the first and the last. */
    public Progress everyEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("Progress: everyEpochs must be >= 1, got " + n);
        this.everyEpochs = n;
        return this;
    }

    /**
     * Prints a line within an epoch, and an epoch line that {@link #everyEpochs} would skip, once this
     * much time has passed since the last line (default 10 s; zero prints every step).
     */
    public Progress interval(Duration interval) {
        if (interval.isNegative()) throw new IllegalArgumentException("Progress: interval must be >= 0, got " + interval);
        this.intervalNanos = interval.toNanos();
        return this;
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        lastPrint = System.nanoTime();
        out.printf(Locale.ROOT, "training: %d samples, batches of %d (%d steps per epoch), %d epochs%s, %s%n",
                run.samples(), run.batchSize(), run.stepsPerEpoch(), run.epochs(),
                run.maxIterations() == Long.MAX_VALUE ? "" : " or " + run.maxIterations() + " iterations",
                run.optimizer());
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
        if (batch + 1 == run.stepsPerEpoch() || System.nanoTime() - lastPrint < intervalNanos) return;
        print(String.format(Locale.ROOT, "epoch %d/%d - step %d/%d - batch loss %.6g - %s", epoch + 1, run.epochs(),
                batch + 1, run.stepsPerEpoch(), loss, times(run)));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
        boolean due = epoch == 0 || (epoch + 1) % everyEpochs == 0 || epoch + 1 == run.epochs() || run.stopRequested()
                || System.nanoTime() - lastPrint >= intervalNanos;
        if (!due) return;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, run.epochs()));
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            sb.append(String.format(Locale.ROOT, " - %s %.6g", e.getKey(), e.getValue()));
        }
        print(sb.append(" - ").append(times(run)).toString());
    }

    @Override
    public void onTrainEnd(TrainingRun run) {
        History h = run.history();
        print(String.format(Locale.ROOT, "stopped: %s - %d epochs, %d iterations, %s", h.stopMessage(), h.epochs(),
                h.iterations(), duration(h.seconds())));
    }

    private void print(String line) {
        out.println(line);
        out.flush();
        lastPrint = System.nanoTime();
    }

    private static String times(TrainingRun run) {
        double eta = run.etaSeconds();
        return duration(run.elapsedSeconds()) + " elapsed"
                + (Double.isNaN(eta) ? "" : ", about " + duration(eta) + " left");
    }

    /** 0.042s, 12.3s, 2m05s, 1h02m. */
    static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, seconds < 1 ? "%.3fs" : "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
