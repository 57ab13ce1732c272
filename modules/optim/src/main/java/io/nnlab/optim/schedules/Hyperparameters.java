package io.nnlab.optim.schedules;

/** The checks the schedules' constructors make of their hyperparameters. */
final class Hyperparameters {
    private Hyperparameters() {}

    /** Checks a schedule's hyperparameter: > 0 and finite. */
    static double requirePositive(String schedule, String parameter, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + parameter + " must be > 0 and finite, got " + value);
        }
        return value;
    }

    /** Checks a schedule's hyperparameter: >= 0 and finite. */
    static double requireNonNegative(String schedule, String parameter, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + parameter + " must be >= 0 and finite, got " + value);
        }
        return value;
    }
}
