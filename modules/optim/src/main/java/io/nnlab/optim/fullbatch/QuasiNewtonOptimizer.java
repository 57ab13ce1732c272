package io.nnlab.optim.fullbatch;

import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.LineFunction;
import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.Sample;
import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.Status;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.MathUnsupportedOperationException;
import org.apache.commons.math3.exception.util.LocalizedFormats;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.GradientMultivariateOptimizer;

/**
 * The loop BFGS and L-BFGS share; subclasses supply only the inverse-Hessian model
 * ({@link #reset}, {@link #direction}, {@link #update}).
 *
 * <p>The loop is scipy's {@code _minimize_bfgs}: stop when the largest gradient component is at most
 * gtol; otherwise search along p = −H g with a strong Wolfe line search whose first trial step is
 * min(1, 1.01 · 2 (f − f_previous) / φ'(0)), the step a quadratic model through the last decrease
 * predicts; update the model from s = x_new − x and y = g_new − g. Where scipy gives up, this loop first
 * falls back to steepest descent: when p does not descend, or the line search along p fails, the model
 * is reset to H = I and the search is retried along −g. Only when that fails too does it stop.
 *
 * <p>Two ways in: {@link #optimize} with commons-math3 {@code OptimizationData} (limits come from
 * {@code MaxIter} and {@code MaxEval} and, as everywhere in commons-math3, exceeding them throws), and
 * the subclasses' static {@code minimize} methods with a {@link DiffFunction} and
 * {@link MinimizerOptions} (limits end the run with a {@link StopReason}). Either way
 * {@link #lastResult()} holds the full {@link MinimizationResult} of the latest run.
 *
 * <p>Not thread-safe: the model is the optimizer's state during a run.
 */
abstract class QuasiNewtonOptimizer extends GradientMultivariateOptimizer {

    private final MinimizerOptions options;
    /** True while the model is H = I, so retrying along steepest descent would repeat the search. */
    private boolean identity;
    private MinimizationResult lastResult;

    QuasiNewtonOptimizer(MinimizerOptions options, ConvergenceChecker<PointValuePair> checker) {
        super(checker);
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Forgets all curvature information: H = I. */
    abstract void reset(int dimension);

    /** Writes p = −H g. */
    abstract void direction(double[] gradient, double[] p);

    /** Absorbs one step s and gradient change y, with sᵀy &gt; 0. */
    abstract void update(double[] s, double[] y, double sy);

    /**
     * The first step the line search tries: scipy's, the minimiser of the quadratic that matches φ(0),
     * φ'(0) and a decrease equal to the last one, capped at the full quasi-Newton step.
     */
    double initialStep(double f, double fPrevious, double slope0) {
        double alpha = Math.min(1.0, 1.01 * 2 * (f - fPrevious) / slope0);
        return alpha > 0 ? alpha : 1.0;
    }

    public MinimizerOptions options() {
        return options;
    }

    /** The full result of the latest run, or null before the first. */
    public MinimizationResult lastResult() {
        return lastResult;
    }

    /** The commons-math3 path: objective and gradient from {@code ObjectiveFunction(Gradient)}. */
    @Override
    protected PointValuePair doOptimize() {
        if (getLowerBound() != null || getUpperBound() != null) {
            throw new MathUnsupportedOperationException(LocalizedFormats.CONSTRAINT);
        }
        double[] start = getStartPoint();
        if (start == null) {
            throw new IllegalArgumentException("no start point: pass an InitialGuess to optimize(...)");
        }
        Vectors.checkStart(start);
        int n = start.length;
        double sign = getGoalType() == GoalType.MAXIMIZE ? -1 : 1;
        DiffFunction objective = (x, gradient) -> {
            double value = computeObjectiveValue(x);
            double[] g = computeObjectiveGradient(x);
            if (g == null || g.length != n) {
                throw new IllegalArgumentException("gradient function returned "
                        + (g == null ? "null" : g.length + " components")
                        + ", expected " + n + " (the dimension of the start point)");
            }
            for (int i = 0; i < n; i++) {
                gradient[i] = sign * g[i];
            }
            return sign * value;
        };
        ConvergenceChecker<PointValuePair> checker = getConvergenceChecker();
        Monitor monitor = new Monitor() {
            @Override
            public void beforeIteration() {
                incrementIterationCount();
            }

            @Override
            public boolean converged(int iteration, double[] previousX, double previousF, double[] x, double f) {
                return checker != null && checker.converged(iteration,
                        new PointValuePair(previousX, sign * previousF), new PointValuePair(x, sign * f));
            }
        };
        MinimizationResult result = run(objective, start, Integer.MAX_VALUE, Integer.MAX_VALUE, monitor);
        lastResult = sign < 0 ? negate(result) : result;
        if (result.reason() == StopReason.NAN_RESULT) {
            throw new MathIllegalStateException(LocalizedFormats.SIMPLE_MESSAGE, result.message());
        }
        return new PointValuePair(lastResult.x(), lastResult.fun(), false);
    }

    /** The direct path used by the static {@code minimize} methods. */
    final MinimizationResult run(DiffFunction objective, double[] x0) {
        Objects.requireNonNull(objective, "objective function must not be null");
        Vectors.checkStart(x0);
        lastResult = run(objective, x0.clone(), options.maxIterations(x0.length), options.maxEvaluations(),
                Monitor.NONE);
        return lastResult;
    }

    private MinimizationResult run(DiffFunction objective, double[] start, int maxIterations,
                                   int maxEvaluations, Monitor monitor) {
        final int n = start.length;
        final double gtol = options.gradientTolerance();
        final StrongWolfeLineSearch lineSearch = options.lineSearch();
        final Calls calls = new Calls(objective, maxEvaluations);
        final double[] x = start;
        final double[] g = new double[n];
        final double[] p = new double[n];
        final double[] xTrial = new double[n];
        final double[] gTrial = new double[n];
        final double[] xPrevious = new double[n];
        final double[] s = new double[n];
        final double[] y = new double[n];
        final DoubleArrayList trace = new DoubleArrayList();

        // φ(α) = f(x + α p); the last trial's point and gradient stay in xTrial and gTrial.
        final LineFunction phi = alpha -> {
            for (int i = 0; i < n; i++) {
                xTrial[i] = x[i] + alpha * p[i];
            }
            double value = calls.evaluate(xTrial, gTrial);
            return new Sample(alpha, value, Vectors.dot(gTrial, p));
        };

        double f = calls.evaluate(x, g);
        trace.add(f);
        if (!Double.isFinite(f) || !Vectors.allFinite(g)) {
            return result(x, f, g, 0, calls, StopReason.NAN_RESULT, trace,
                    "The objective at the start point returned f = " + f
                            + (Vectors.allFinite(g) ? "" : " and a gradient with non-finite components") + ".");
        }
        resetModel(n);
        // scipy's old_old_fval: with H = I the first trial step then moves x by about 1.
        double fPrevious = f + Vectors.norm2(g) / 2;
        int k = 0;
        while (true) {
            if (Vectors.normInf(g) <= gtol) {
                return result(x, f, g, k, calls, StopReason.GRADIENT_TOLERANCE, trace, "");
            }
            if (k >= maxIterations) {
                return result(x, f, g, k, calls, StopReason.MAX_ITERATIONS, trace, "");
            }
            monitor.beforeIteration();

            StrongWolfeLineSearch.Result step = null;
            double slope;
            try {
                direction(g, p);
                slope = Vectors.dot(g, p);
                if (!descends(slope) && !identity) {
                    // The model lost positive definiteness to rounding: start again from steepest descent.
                    slope = restart(g, p);
                }
                if (descends(slope)) {
                    step = lineSearch.search(phi, f, slope, initialStep(f, fPrevious, slope));
                }
                if ((step == null || !step.converged()) && !identity) {
                    slope = restart(g, p);
                    step = descends(slope)
                            ? lineSearch.search(phi, f, slope, initialStep(f, fPrevious, slope)) : null;
                }
            } catch (Calls.BudgetExhausted e) {
                return result(x, f, g, k, calls, StopReason.MAX_EVALUATIONS, trace, "");
            }
            if (step == null) {
                return result(x, f, g, k, calls, StopReason.PRECISION_LOSS, trace,
                        "Even steepest descent has no usable slope: φ'(0) = −|g|² = " + slope + ".");
            }
            if (!step.converged()) {
                StopReason reason = step.status() == Status.NON_FINITE
                        ? StopReason.NAN_RESULT : StopReason.PRECISION_LOSS;
                return result(x, f, g, k, calls, reason, trace, "The line search along steepest descent ended with "
                        + step.status() + " after " + step.evaluations() + " evaluations.");
            }

            // The accepted step is always the search's last trial, so xTrial and gTrial hold it.
            for (int i = 0; i < n; i++) {
                s[i] = xTrial[i] - x[i];
                y[i] = gTrial[i] - g[i];
            }
            System.arraycopy(x, 0, xPrevious, 0, n);
            System.arraycopy(xTrial, 0, x, 0, n);
            System.arraycopy(gTrial, 0, g, 0, n);
            fPrevious = f;
            f = step.step().value();
            k++;
            trace.add(f);

            if (monitor.converged(k, xPrevious, fPrevious, x, f)) {
                return result(x, f, g, k, calls, StopReason.CONVERGENCE_CHECKER, trace, "");
            }
            if (Vectors.normInf(g) <= gtol) {
                return result(x, f, g, k, calls, StopReason.GRADIENT_TOLERANCE, trace, "");
            }
            // Strong Wolfe steps give sᵀy > 0 in exact arithmetic; a pair that lost it to rounding would
            // break positive definiteness, so it is skipped.
            double sy = Vectors.dot(s, y);
            if (sy > 0 && Double.isFinite(sy)) {
                update(s, y, sy);
                identity = false;
            }
        }
    }

    /** A slope a line search can work with: negative and finite (−|g|² can underflow or overflow). */
    private static boolean descends(double slope) {
        return slope < 0 && slope > Double.NEGATIVE_INFINITY;
    }

    private void resetModel(int n) {
        reset(n);
        identity = true;
    }

    /** Resets the model and returns the steepest-descent slope −|g|². */
    private double restart(double[] g, double[] p) {
        resetModel(g.length);
        direction(g, p);
        return Vectors.dot(g, p);
    }

    private static MinimizationResult result(double[] x, double f, double[] g, int iterations, Calls calls,
                                             StopReason reason, DoubleArrayList trace, String detail) {
        String message = detail.isEmpty() ? reason.description() : reason.description() + " " + detail;
        return new MinimizationResult(x, f, g, iterations, calls.count, calls.count, reason, message,
                trace.toDoubleArray());
    }

    /** A minimisation of −f reported as the maximisation of f. */
    static MinimizationResult negate(MinimizationResult r) {
        double[] jac = r.jac();
        double[] trace = r.trace();
        for (int i = 0; i < jac.length; i++) {
            jac[i] = -jac[i];
        }
        for (int i = 0; i < trace.length; i++) {
            trace[i] = -trace[i];
        }
        return new MinimizationResult(r.x(), -r.fun(), jac, r.iterations(), r.functionEvaluations(),
                r.gradientEvaluations(), r.reason(), r.message(), trace);
    }

    /** What the two entry paths add to the loop: commons-math3's iteration count and checker. */
    private interface Monitor {

        Monitor NONE = new Monitor() {
            @Override
            public void beforeIteration() {
            }

            @Override
            public boolean converged(int iteration, double[] previousX, double previousF, double[] x, double f) {
                return false;
            }
        };

        void beforeIteration();

        boolean converged(int iteration, double[] previousX, double previousF, double[] x, double f);
    }

    /** Counts objective calls and enforces the evaluation limit of the direct path. */
    private static final class Calls {

        private final DiffFunction objective;
        private final int max;
        private int count;

        Calls(DiffFunction objective, int max) {
            this.objective = objective;
            this.max = max;
        }

        double evaluate(double[] x, double[] gradient) {
            if (count >= max) {
                throw BudgetExhausted.INSTANCE;
            }
            count++;
            Arrays.fill(gradient, 0);
            return objective.evaluate(x, gradient);
        }

        /** Unwinds a line search when the budget runs out; the loop keeps the last accepted point. */
        static final class BudgetExhausted extends RuntimeException {
            static final BudgetExhausted INSTANCE = new BudgetExhausted();

            private BudgetExhausted() {
                super(null, null, false, false);
            }
        }
    }
}
