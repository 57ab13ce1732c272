package io.nnlab.optim;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}, as Keras's callbacks: every method does nothing unless overridden.
 * Epoch and batch indices count from 0 (messages for people count from 1, as Keras prints them).
 * A callback stops the run with {@link TrainingRun#stop}.
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(TrainingRun run) {}

    default void onEpochBegin(int epoch, TrainingRun run) {}

    /** Before each batch's forward pass (the learning rate of its step is already set). */
    default void onBatchBegin(int epoch, int batch, TrainingRun run) {}

    /**
     * After backprop, before the optimiser step: {@link TrainingRun#parameters()}' grads hold the
     * batch's gradients (checked finite, when checks are on), which a callback may read or change:
     * {@link GradientClipping} clips them here. Called in the order the callbacks were added.
     */
    default void onGradients(int epoch, int batch, TrainingRun run) {}

    /** After each optimiser step, with the loss of the batch it stepped on. */
    default void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {}

    /**
     * After each epoch has been recorded in the {@link History}, with its logs: "loss", the metrics,
     * and "val_"-prefixed ones when there is validation data.
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {}

    /** After the last epoch, once the stop reason is known (not called when training fails). */
    default void onTrainEnd(TrainingRun run) {}
}
