package io.nnlab.optim;

import java.util.Map;
import java.util.Objects;

/**
 * Lowers the learning rate when a monitored value has stopped improving, as Keras's
 * {@code ReduceLROnPlateau}: after each epoch the value is compared with the best so far; after
 * {@code patience} epochs without an improvement of more than {@code minDelta}, the rate becomes
 * max(rate·factor, minLearningRate), and then {@code cooldown} epochs pass before counting again.
 * The new rate holds from the next step on.
 *
 * <p>Keras's defaults: monitor "val_loss", factor 0.1, patience 10, minDelta 1e-4, cooldown 0,
 * minimum rate 0; the direction is taken from the name as {@link EarlyStopping} takes it. (PyTorch's
 * ReduceLROnPlateau compares relatively by default, threshold 1e-4 of the best; this compares
 * absolutely, as Keras does.) Do not combine it with a learning-rate schedule in the same run: the
 * schedule would overwrite its rate at the next step or epoch.
 */
public final class ReduceLROnPlateau implements Callback {

    private final String monitor;
    private double factor = 0.1;
    private int patience = 10;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLearningRate;
    private EarlyStopping.Mode mode = EarlyStopping.Mode.AUTO;

    private Monitored watched;
    private double best;
    private int wait;
    private int cooldownLeft;
    private int reductions;

    /** Monitors "val_loss". */
    public ReduceLROnPlateau() { this("val_loss"); }

    /** Monitors the named log value: "loss", "val_loss", "val_accuracy", … */
    public ReduceLROnPlateau(String monitor) { this.monitor = Objects.requireNonNull(monitor, "monitor"); }

    /** The factor the rate is multiplied by, in (0, 1) (default 0.1). */
    public ReduceLROnPlateau factor(double factor) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        }
        this.factor = factor;
        return this;
    }

    /** Epochs without improvement before the rate is lowered, >= 0 (default 10). */
    public ReduceLROnPlateau patience(int patience) {
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        this.patience = patience;
        return this;
    }

    /** The smallest change that counts as an improvement, >= 0 (default 1e-4). */
    public ReduceLROnPlateau minDelta(double minDelta) {
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minDelta must be >= 0 and finite, got " + minDelta);
        }
        this.minDelta = minDelta;
        return this;
    }

    /** Epochs to wait after a reduction before counting epochs without improvement again, >= 0 (default 0). */
    public ReduceLROnPlateau cooldown(int cooldown) {
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        this.cooldown = cooldown;
        return this;
    }

    /** The rate is never lowered below this, >= 0 (default 0). */
    public ReduceLROnPlateau minLearningRate(double minLearningRate) {
        if (!(minLearningRate >= 0) || Double.isInfinite(minLearningRate)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minLearningRate must be >= 0 and finite, got "
                    + minLearningRate);
        }
        this.minLearningRate = minLearningRate;
        return this;
    }

    public ReduceLROnPlateau mode(EarlyStopping.Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        watched = Monitored.of("ReduceLROnPlateau", monitor, mode, minDelta, run);
        best = watched.worst();
        wait = 0;
        cooldownLeft = 0;
        reductions = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
        double current = logs.get(monitor);
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (watched.improves(current, best)) {
            best = current;
            wait = 0;
        } else if (cooldownLeft == 0 && ++wait >= patience) {
            Optimizer optimizer = run.optimizer();
            double old = optimizer.learningRate();
            if (old > minLearningRate) {
                optimizer.setLearningRate(Math.max(old * factor, minLearningRate));
                reductions++;
                cooldownLeft = cooldown;
                wait = 0;
            }
        }
    }

    public String monitor() { return monitor; }

    /** The best value seen (±∞ before the first epoch). */
    public double best() { return best; }

    /** How many times the rate was lowered in the last run. */
    public int reductions() { return reductions; }
}
