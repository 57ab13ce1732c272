package io.nnlab.optim;

/** Why {@link Trainer#fit} stopped. The descriptions are the tutorials' words where they have some. */
public enum TrainingStopReason {

    /** Every requested epoch ran. */
    EPOCHS_COMPLETED("completed epochs"),
    /** The loss changed by less than the loss tolerance (t1's steepest descent and SGD). */
    LOSS_TOLERANCE("reached tol"),
    /** The parameters moved by no more than the parameter tolerance in an epoch (t4's ‖θ - θ_prev‖ rule). */
    PARAMETER_TOLERANCE("parameter change below tol"),
    /** The iteration cap was reached. */
    MAX_ITERATIONS("max iterations"),
    /** {@link EarlyStopping} saw no improvement for its patience. */
    EARLY_STOPPING("early stopping"),
    /** Another callback asked to stop. */
    CALLBACK("stopped by a callback");

    private final String description;

    TrainingStopReason(String description) {
        this.description = description;
    }

    /** A short description, e.g. "reached tol". */
    public String description() { return description; }

    @Override
    public String toString() { return description; }
}
