package io.nnlab.optim;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Shows a training run's progress to a person, in one of two ways.
 *
 * <p>On a terminal, a bar redrawn in place at most every 50 ms with the batches done, the rate, the
 * time left in the epoch and the running mean of the batch losses; at the end of each epoch the bar
 * becomes that epoch's line, with the loss and the metrics, and stays:
 *
 * <pre>
 * training: 60000 samples, batches of 32 (1875 steps per epoch), 10 epochs, Adam(learning_rate=0.001, …)
 * epoch 1/10 [==============================] 1875/1875 - 4.3s 436 steps/s - loss 0.2654 - accuracy 0.9612 - val_loss 0.1426
 * epoch 2/10 [========>                     ]  571/1875 - 455 steps/s - ETA 2.9s - loss 0.1203
 * </pre>
 *
 * <p>Anywhere else (a file, a pipe, a CI log), one line per epoch, with the time so far and an
 * estimate of the time left in the run:
 *
 * <pre>
 * epoch 3/10 - loss 0.0874 - accuracy 0.9731 - val_loss 0.0952 - val_accuracy 0.9702 - 63.9s elapsed, about 2m29s left
 * stopped: early stopping: val_loss has not improved on 0.0901 (epoch 4) for 3 epochs - 7 epochs, 13125 iterations, 2m29s
 * </pre>
 *
 * <p>{@link #Progress(PrintStream)} picks the bar when {@code out} is {@code System.out} or
 * {@code System.err} and the JVM runs in a terminal ({@link Console#isTerminal()}: since JDK 22,
 * {@code System.console()} alone no longer tells, as it may return a console for redirected
 * output); {@link #bar} and {@link #lines} choose. The bar fits the {@code COLUMNS} the shell
 * exports, else 80 columns. {@link Trainer#evaluate(io.nnlab.tensor.Tensor, io.nnlab.tensor.Tensor, int, Progress)}
 * shows its progress the same way. The time left is estimated from the pace so far and the epochs
 * and iteration cap still to go, so it is an upper bound when a stopping rule ends the run first.
 */
public final class Progress implements Callback {

    private static final long REDRAW_NANOS = Duration.ofMillis(50).toNanos();
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    /** The terminal's width for the bar; 0 for lines. */
    private final int columns;
    private int everyEpochs = 1;
    private long intervalNanos = Long.MAX_VALUE;
    private long lastPrint;
    private long lastDraw;
    private long phaseStart;
    private double lossSum;
    private int lossCount;
    /** Characters of the line being redrawn, to blank what a shorter one leaves. */
    private int drawn;

    /** A bar when {@code out} is the terminal, else a line per epoch. */
    public Progress(PrintStream out) {
        this(out, terminalColumns(out));
    }

    private Progress(PrintStream out, int columns) {
        this.out = Objects.requireNonNull(out, "out");
        this.columns = columns;
    }

    /** One line per epoch, whatever {@code out} is. */
    public static Progress lines(PrintStream out) { return new Progress(out, 0); }

    /** A bar redrawn in place on a terminal {@code columns} wide (at least 40), whatever {@code out} is. */
    public static Progress bar(PrintStream out, int columns) {
        if (columns < 40) throw new IllegalArgumentException("Progress.bar: columns must be >= 40, got " + columns);
        return new Progress(out, columns);
    }

    /** Whether this shows a bar redrawn in place (else a line per epoch). */
    public boolean redrawsInPlace() { return columns > 0; }

    /** Keeps every n-th epoch's line (>= 1), and always the first and the last. */
    public Progress everyEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("Progress: everyEpochs must be >= 1, got " + n);
        this.everyEpochs = n;
        return this;
    }

    /**
     * Also prints, as lines, a line within an epoch and an epoch line that {@link #everyEpochs} would
     * skip, once this much time has passed since the last line (zero prints every step). Off by
     * default; the bar ignores it.
     */
    public Progress interval(Duration interval) {
        if (interval.isNegative()) throw new IllegalArgumentException("Progress: interval must be >= 0, got " + interval);
        this.intervalNanos = interval.toNanos();
        return this;
    }

    // ------------------------------------------------------------------ fit

    @Override
    public void onTrainBegin(TrainingRun run) {
        lastPrint = System.nanoTime();
        print(String.format(Locale.ROOT, "training: %d samples, batches of %d (%d steps per epoch), %d epochs%s, %s",
                run.samples(), run.batchSize(), run.stepsPerEpoch(), run.epochs(),
                run.maxIterations() == Long.MAX_VALUE ? "" : " or " + run.maxIterations() + " iterations",
                run.optimizer()));
    }

    @Override
    public void onEpochBegin(int epoch, TrainingRun run) { startPhase(); }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
        lossSum += loss;
        lossCount++;
        long now = System.nanoTime();
        if (redrawsInPlace()) {
            // The epoch's last step is drawn by onEpochEnd, straight after.
            if (batch + 1 < run.stepsPerEpoch() && now - lastDraw >= REDRAW_NANOS) {
                draw(barLine(epochLabel(epoch, run), batch + 1, run.stepsPerEpoch(), now));
            }
        } else if (batch + 1 < run.stepsPerEpoch() && now - lastPrint >= intervalNanos) {
            print(String.format(Locale.ROOT, "%s - step %d/%d - batch loss %.6g - %s", epochLabel(epoch, run),
                    batch + 1, run.stepsPerEpoch(), loss, times(run)));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
        boolean keep = epoch == 0 || (epoch + 1) % everyEpochs == 0 || epoch + 1 == run.epochs() || run.stopRequested();
        if (redrawsInPlace()) {
            int done = run.stepsThisEpoch();
            String line = doneLine(epochLabel(epoch, run), done, run.stepsPerEpoch(), logs);
            if (keep) finish(line);
            else draw(cut(line));
        } else if (keep || System.nanoTime() - lastPrint >= intervalNanos) {
            print(epochLabel(epoch, run) + logs(logs) + " - " + times(run));
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run) {
        if (drawn > 0) finish("");
        History h = run.history();
        // The message of a run that completed its epochs already gives the counts.
        String counts = h.stopReason() == TrainingStopReason.EPOCHS_COMPLETED ? ""
                : String.format(Locale.ROOT, " - %d epochs, %d iterations", h.epochs(), h.iterations());
        print(String.format(Locale.ROOT, "stopped: %s%s, %s", h.stopMessage(), counts, duration(h.seconds())));
    }

    // ------------------------------------------------------------------ evaluate

    void evaluateBegin() { startPhase(); }

    void evaluateBatch(int done, int steps, double loss) {
        lossSum += loss;
        lossCount++;
        long now = System.nanoTime();
        if (redrawsInPlace() && now - lastDraw >= REDRAW_NANOS) draw(barLine("evaluate", done, steps, now));
    }

    void evaluateEnd(int steps, int samples, Map<String, Double> logs) {
        if (redrawsInPlace()) {
            finish(doneLine("evaluate", steps, steps, logs));
        } else {
            print(String.format(Locale.ROOT, "evaluate: %d samples in %d steps%s - %s", samples, steps, logs(logs),
                    duration(seconds(System.nanoTime()))));
        }
    }

    // ------------------------------------------------------------------ rendering

    private void startPhase() {
        phaseStart = System.nanoTime();
        lastDraw = Long.MIN_VALUE / 2;
        lossSum = 0;
        lossCount = 0;
    }

    private double seconds(long now) { return (now - phaseStart) * 1e-9; }

    /** "epoch 3/10 [====>     ]  571/1875 - 455 steps/s - ETA 2.9s - loss 0.1203", cut to the terminal's width. */
    private String barLine(String label, int done, int steps, long now) {
        double s = seconds(now);
        double rate = s > 0 ? done / s : Double.NaN;
        String tail = " " + counter(done, steps) + " - " + rate(rate) + " - ETA " + duration((steps - done) / rate)
                + (lossCount == 0 ? "" : String.format(Locale.ROOT, " - loss %.4g", lossSum / lossCount));
        // The bar gives up width, down to 10, before the numbers are cut.
        int width = Math.clamp(columns - 1 - label.length() - 3 - tail.length(), 10, BAR_WIDTH);
        return cut(label + " " + bar(done, steps, width) + tail);
    }

    /**
     * A line redrawn in place must fit the terminal: a wrapped one leaves its first row behind when the
     * carriage return goes back. One column spare, as some terminals wrap on filling the last.
     */
    private String cut(String line) {
        return line.length() < columns ? line : line.substring(0, columns - 1);
    }

    /** The finished line: full bar, the phase's time and rate, and every log, uncut. */
    private String doneLine(String label, int done, int steps, Map<String, Double> logs) {
        double s = seconds(System.nanoTime());
        return label + " " + bar(done, steps, BAR_WIDTH) + " " + counter(done, steps) + " - " + duration(s) + " "
                + rate(done / s) + logs(logs);
    }

    private static String bar(int done, int steps, int width) {
        int filled = steps == 0 ? width : (int) ((long) width * done / steps);
        StringBuilder b = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++) b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        return b.append(']').toString();
    }

    private static String counter(int done, int steps) {
        String total = Integer.toString(steps);
        return String.format(Locale.ROOT, "%" + total.length() + "d/%s", done, total);
    }

    private static String rate(double stepsPerSecond) {
        if (!(stepsPerSecond > 0) || Double.isInfinite(stepsPerSecond)) return "- steps/s";
        return stepsPerSecond >= 1 ? String.format(Locale.ROOT, "%.0f steps/s", stepsPerSecond)
                : String.format(Locale.ROOT, "%.1fs/step", 1 / stepsPerSecond);
    }

    private static String logs(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            sb.append(String.format(Locale.ROOT, " - %s %.4g", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    private static String epochLabel(int epoch, TrainingRun run) {
        return String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, run.epochs());
    }

    /** Redraws the line in place: back to its start, the new text, blanks over what is left of the old. */
    private void draw(String line) {
        StringBuilder sb = new StringBuilder(Math.max(line.length(), drawn) + 1).append('\r').append(line);
        for (int i = line.length(); i < drawn; i++) sb.append(' ');
        out.print(sb);
        out.flush();
        drawn = line.length();
        lastDraw = System.nanoTime();
    }

    /** Ends the line being redrawn with {@code line}, which stays. */
    private void finish(String line) {
        draw(line);
        out.println();
        out.flush();
        drawn = 0;
        lastPrint = System.nanoTime();
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

    /** 0.042s, 12.3s, 2m05s, 1h02m; "-" when unknown. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) return "-";
        if (seconds < 60) return String.format(Locale.ROOT, seconds < 1 ? "%.3fs" : "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    // ------------------------------------------------------------------ the terminal

    /** The terminal's width when {@code out} writes to the terminal the JVM runs in, else 0. */
    private static int terminalColumns(PrintStream out) {
        if (out != System.out && out != System.err) return 0;
        Console console = System.console();
        return console != null && console.isTerminal() ? columns(System.getenv("COLUMNS")) : 0;
    }

    /** The width the shell exported in COLUMNS, else 80. */
    static int columns(String columnsVariable) {
        try {
            int c = columnsVariable == null ? 0 : Integer.parseInt(columnsVariable.trim());
            return c >= 40 ? c : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
