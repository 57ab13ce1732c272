package io.nnlab.optim;

import java.io.Serial;

/**
 * Training produced NaN or an infinity: in the loss, in a gradient, or in a parameter after a step.
 * The message and the accessors say where, counting from 1 as people do: the epoch, the step within
 * it, the iteration over the whole run, and the parameter when one is to blame. The history recorded
 * up to the failure comes with it.
 */
public final class NonFiniteException extends ArithmeticException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final long iteration;
    private final String parameter;
    private final transient History history;

    NonFiniteException(String message, int epoch, int step, long iteration, String parameter, History history) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.iteration = iteration;
        this.parameter = parameter;
        this.history = history;
    }

    /** The epoch, from 1. */
    public int epoch() { return epoch; }

    /** The step within the epoch, from 1. */
    public int step() { return step; }

    /** The step over the whole run, from 1. */
    public long iteration() { return iteration; }

    /** The parameter whose gradient or value went non-finite, or null when it was the loss. */
    public String parameter() { return parameter; }

    /** What the run recorded before it failed. */
    public History history() { return history; }
}
