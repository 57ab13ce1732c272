package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored value has stopped improving, as Keras's {@code EarlyStopping}:
 * after each epoch the value (e.g. "val_loss") is compared with the best so far; an improvement
 * by more than {@code minDelta} resets the wait, and after {@code patience} epochs without one the
 * run stops ("early stopping"). With {@link #restoreBestWeights} every parameter is set back, when
 * training ends, to its values at the end of the best epoch.
 *
 * <p>Whether larger is better is taken from the name unless set: names containing "acc" or "auc"
 * are maximised, everything else minimised. Keras's defaults: monitor "val_loss", minDelta 0,
 * patience 0, no baseline, no restoring.
 *
 * <p>A monitored value of NaN (a model that diverged on the validation data) stops the run at once,
 * saying so, and with {@link #restoreBestWeights} the best epoch's weights are restored, if any epoch
 * had a value; Keras would instead count NaN as one more epoch without improvement.
 */
public final class EarlyStopping implements Callback {

    /** Whether the monitored value should fall or rise; AUTO decides from its name (also for ReduceLROnPlateau). */
    public enum Mode { AUTO, MIN, MAX }

    private final String monitor;
    private int patience;
    private double minDelta;
    private Mode mode = Mode.AUTO;
    private double baseline = Double.NaN;
    private boolean restoreBestWeights;

    private Monitored watched;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private int restoredEpoch;
    private List<Parameter> parameters;
    private Tensor[] bestWeights;

    /** Monitors "val_loss". */
    public EarlyStopping() { this("val_loss"); }

    /** Monitors the named log value: "loss", "val_loss", "val_accuracy", … */
    public EarlyStopping(String monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** Epochs without improvement to allow before stopping, >= 0 (default 0). */
    public EarlyStopping patience(int patience) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.patience = patience;
        return this;
    }

    /** The smallest change that counts as an improvement, >= 0 (default 0). */
    public EarlyStopping minDelta(double minDelta) {
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0 and finite, got " + minDelta);
        }
        this.minDelta = minDelta;
        return this;
    }

    public EarlyStopping mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** A value the monitor must beat before the wait can reset (Keras's {@code baseline}). */
    public EarlyStopping baseline(double baseline) {
        if (!Double.isFinite(baseline)) {
            throw new IllegalArgumentException("EarlyStopping: baseline must be finite, got " + baseline);
        }
        this.baseline = baseline;
        return this;
    }

    /** Sets every parameter back to the best epoch's values when training ends (default false). */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        watched = Monitored.of("EarlyStopping", monitor, mode, minDelta, run);
        best = watched.worst();
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        restoredEpoch = -1;
        parameters = run.parameters();
        bestWeights = null;
        if (restoreBestWeights) {
            bestWeights = parameters.stream().map(p -> p.value().copy()).toArray(Tensor[]::new);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
        double current = logs.get(monitor);
        wait++;
        if (Double.isNaN(current)) {
            stoppedEpoch = epoch;
            run.stop(TrainingStopReason.EARLY_STOPPING, "early stopping: " + monitor + " is NaN at epoch " + (epoch + 1)
                    + (bestEpoch < 0 ? "; no epoch had a value to keep" : String.format(Locale.ROOT,
                    "; the best was %.6g at epoch %d%s", best, bestEpoch + 1,
                    bestWeights != null ? ", whose weights are restored" : "")));
            return;
        }
        if (watched.improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (bestWeights != null) {
                for (int i = 0; i < bestWeights.length; i++) bestWeights[i].copyFrom(parameters.get(i).value());
            }
            if (Double.isNaN(baseline) || watched.improves(current, baseline)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            run.stop(TrainingStopReason.EARLY_STOPPING, bestEpoch < 0
                    ? String.format(Locale.ROOT, "early stopping: %s has had no value better than %s for %d epochs",
                    monitor, best, wait)
                    : String.format(Locale.ROOT, "early stopping: %s has not improved on %.6g (epoch %d) for %d epochs",
                    monitor, best, bestEpoch + 1, wait));
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run) {
        if (bestWeights != null && bestEpoch >= 0) {
            for (int i = 0; i < bestWeights.length; i++) parameters.get(i).value().copyFrom(bestWeights[i]);
            restoredEpoch = bestEpoch;
        }
    }

    public String monitor() { return monitor; }

    /** The best value seen (±∞ before the first epoch). */
    public double best() { return best; }

    /** The epoch of the best value, from 0; -1 if none. */
    public int bestEpoch() { return bestEpoch; }

    /** The epoch at which it stopped the run, from 0; -1 if it did not. */
    public int stoppedEpoch() { return stoppedEpoch; }

    /** The epoch whose weights were restored at the end, from 0; -1 if none were. */
    public int restoredEpoch() { return restoredEpoch; }
}
