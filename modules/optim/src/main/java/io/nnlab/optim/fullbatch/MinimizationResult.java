package io.nnlab.optim.fullbatch;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a minimiser returns, field for field like scipy's {@code OptimizeResult}.
 *
 * @param x                   the final point
 * @param fun                 the objective value at {@code x}
 * @param jac                 the gradient at {@code x}
 * @param iterations          completed iterations (accepted steps), scipy's {@code nit}
 * @param functionEvaluations objective calls that computed the value, scipy's {@code nfev}
 * @param gradientEvaluations objective calls that computed the gradient, scipy's {@code njev}
 * @param reason              why the run stopped
 * @param message             the reason's description, with details where there are any
 * @param trace               the objective value at the start and after every iteration (a loss curve)
 */
public record MinimizationResult(double[] x, double fun, double[] jac, int iterations,
                                 int functionEvaluations, int gradientEvaluations,
                                 StopReason reason, String message, double[] trace) {

    public MinimizationResult {
        x = x.clone();
        jac = jac.clone();
        trace = trace.clone();
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** Whether the run converged (scipy's {@code success}). */
    public boolean success() {
        return reason.success();
    }

    /** The largest absolute gradient component at {@code x}: the quantity the gradient tolerance bounds. */
    public double gradientNorm() {
        return Vectors.normInf(jac);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] jac() {
        return jac.clone();
    }

    @Override
    public double[] trace() {
        return trace.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinimizationResult r
                && Arrays.equals(x, r.x) && Double.compare(fun, r.fun) == 0 && Arrays.equals(jac, r.jac)
                && iterations == r.iterations && functionEvaluations == r.functionEvaluations
                && gradientEvaluations == r.gradientEvaluations && reason == r.reason
                && message.equals(r.message) && Arrays.equals(trace, r.trace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(x), fun, Arrays.hashCode(jac), iterations,
                functionEvaluations, gradientEvaluations, reason, message, Arrays.hashCode(trace));
    }

    /** A scipy-style summary; the vectors are abbreviated beyond ten components. */
    @Override
    public String toString() {
        return "  message: " + message
                + "\n  success: " + success()
                + "\n   reason: " + reason
                + "\n      fun: " + fun
                + "\n        x: " + abbreviate(x)
                + "\n      nit: " + iterations
                + "\n      jac: " + abbreviate(jac)
                + "\n     nfev: " + functionEvaluations
                + "\n     njev: " + gradientEvaluations;
    }

    private static String abbreviate(double[] v) {
        if (v.length <= 10) {
            return Arrays.toString(v);
        }
        String head = Arrays.toString(Arrays.copyOf(v, 10));
        return head.substring(0, head.length() - 1) + ", … (" + v.length + " components)]";
    }
}
