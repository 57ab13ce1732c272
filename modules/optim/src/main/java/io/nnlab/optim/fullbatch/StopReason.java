package io.nnlab.optim.fullbatch;

/** Why a minimiser stopped. The descriptions are scipy's, so reports read the same. */
public enum StopReason {

    /** The largest gradient component fell to the gradient tolerance. */
    GRADIENT_TOLERANCE(true, "Optimization terminated successfully."),
    /** A commons-math3 {@code ConvergenceChecker} given to the optimizer declared convergence. */
    CONVERGENCE_CHECKER(true, "Optimization terminated successfully."),
    /** The iteration limit was reached first. */
    MAX_ITERATIONS(false, "Maximum number of iterations has been exceeded."),
    /** The evaluation limit was reached first. */
    MAX_EVALUATIONS(false, "Maximum number of function evaluations has been exceeded."),
    /** No step along steepest descent decreased the objective enough: rounding now dominates. */
    PRECISION_LOSS(false, "Desired error not necessarily achieved due to precision loss."),
    /** The objective returned NaN or an infinite value or gradient where a finite one was needed. */
    NAN_RESULT(false, "NaN result encountered.");

    private final boolean success;
    private final String description;

    StopReason(boolean success, String description) {
        this.success = success;
        this.description = description;
    }

    /** Whether the run reached a point its convergence test accepts. */
    public boolean success() {
        return success;
    }

    /** A one-line description, worded as scipy's {@code OptimizeResult.message}. */
    public String description() {
        return description;
    }
}
