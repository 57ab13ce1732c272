package io.nnlab.optim.fullbatch;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;

/**
 * Nonlinear conjugate gradient, run by commons-math3's {@link NonLinearConjugateGradientOptimizer}
 * unchanged, behind the same call and result as {@link Bfgs}: {@code ConjugateGradient.minimize(f, x0)}.
 *
 * <p>commons-math3 has no gradient test, so a {@link ConvergenceChecker} supplies one: it stops when
 * the largest gradient component is at most the gradient tolerance (scipy's gtol), when an iteration
 * no longer decreases f, or at the iteration limit, and records which. The gradient it tests is the one
 * the optimizer has just computed at that point, served from a one-point cache, so the test costs no
 * extra objective calls; the same cache serves the optimizer's value request at each new iterate.
 *
 * <p>commons-math3's line search brackets a minimum along the direction and refines it with Brent's
 * method on values only (no Wolfe test): each iteration costs a dozen or so calls, but the steps are
 * nearly exact, which conjugate gradient relies on. Its three settings are chosen here rather than
 * left at the library's 1e-8 each: an absolute tolerance on f of 1e-8 ends line searches early once
 * f itself is that small (an ill-conditioned quadratic then crawls), and a first bracketing step of
 * 1e-8 spends many calls growing to a step of order one. With the library's values Rosenbrock from
 * (−1.2, 1) took 35 iterations and 615 calls and the 50-variable test quadratic 86,000 calls; with
 * these, 18 iterations and 235 calls, and 9,400 calls.
 */
public final class ConjugateGradient {

    /** Brent stops when successive values along the line differ by less than this, relatively. */
    public static final double LINE_SEARCH_RELATIVE_TOLERANCE = 1e-8;
    /** No absolute test on f, so the search does not depend on the scale of the objective. */
    public static final double LINE_SEARCH_ABSOLUTE_TOLERANCE = 0;
    /** The first bracketing step, in units of the search direction (which starts as −g). */
    public static final double LINE_SEARCH_BRACKETING_RANGE = 1;

    private ConjugateGradient() {
    }

    /** Minimises {@code f} from {@code x0} with Polak–Ribière updates and default options. */
    public static MinimizationResult minimize(DiffFunction f, double[] x0) {
        return minimize(f, x0, MinimizerOptions.defaults());
    }

    /** Minimises {@code f} from {@code x0} with Polak–Ribière updates. */
    public static MinimizationResult minimize(DiffFunction f, double[] x0, MinimizerOptions options) {
        return minimize(f, x0, options, Formula.POLAK_RIBIERE);
    }

    /**
     * Minimises {@code f} from {@code x0}. Of the options, the gradient tolerance and the iteration and
     * evaluation limits apply; memory and the Wolfe line search are for the quasi-Newton methods.
     */
    public static MinimizationResult minimize(DiffFunction f, double[] x0, MinimizerOptions options,
                                              Formula formula) {
        Objects.requireNonNull(f, "objective function must not be null");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(formula, "formula");
        Vectors.checkStart(x0);
        int maxIterations = options.maxIterations(x0.length);
        CachedObjective objective = new CachedObjective(f, x0.length, options.maxEvaluations());
        Stop stop = new Stop(objective, options.gradientTolerance(), maxIterations);

        double f0 = objective.value(x0);
        double[] g0 = objective.gradient(x0);
        stop.trace.add(f0);
        if (!Double.isFinite(f0) || !Vectors.allFinite(g0)) {
            return stop.result(x0, f0, g0, 0, StopReason.NAN_RESULT, "The objective at the start point returned f = "
                    + f0 + (Vectors.allFinite(g0) ? "" : " and a gradient with non-finite components") + ".");
        }
        if (Vectors.normInf(g0) <= options.gradientTolerance()) {
            return stop.result(x0, f0, g0, 0, StopReason.GRADIENT_TOLERANCE, "");
        }
        if (maxIterations == 0) {
            return stop.result(x0, f0, g0, 0, StopReason.MAX_ITERATIONS, "");
        }
        stop.remember(x0, f0, g0, 0);

        var optimizer = new NonLinearConjugateGradientOptimizer(formula, stop,
                LINE_SEARCH_RELATIVE_TOLERANCE, LINE_SEARCH_ABSOLUTE_TOLERANCE, LINE_SEARCH_BRACKETING_RANGE);
        try {
            // The evaluation limit is enforced on objective calls by the cache, not on value requests.
            optimizer.optimize(new MaxEval(Integer.MAX_VALUE), GoalType.MINIMIZE, new InitialGuess(x0),
                    new ObjectiveFunction(objective::value), new ObjectiveFunctionGradient(objective::gradient));
        } catch (TooManyEvaluationsException e) {
            if (!objective.exhausted()) {
                throw e;
            }
            return stop.resultAtLast(StopReason.MAX_EVALUATIONS, "");
        }
        return stop.resultAtLast(stop.reason, stop.detail);
    }

    /** The gradient test commons-math3 lacks, plus the bookkeeping for the result. */
    private static final class Stop implements ConvergenceChecker<PointValuePair> {

        private final CachedObjective objective;
        private final double gtol;
        private final int maxIterations;
        private final DoubleArrayList trace = new DoubleArrayList();
        private double[] lastX;
        private double lastF;
        private double[] lastG;
        private int lastIterations;
        private StopReason reason;
        private String detail = "";

        Stop(CachedObjective objective, double gtol, int maxIterations) {
            this.objective = objective;
            this.gtol = gtol;
            this.maxIterations = maxIterations;
        }

        /** {@code iteration} counts loop entries; the line searches completed are one fewer. */
        @Override
        public boolean converged(int iteration, PointValuePair previous, PointValuePair current) {
            int done = iteration - 1;
            double f = current.getValue();
            double[] g = objective.gradient(current.getPoint());
            trace.add(f);
            remember(current.getPoint(), f, g, done);
            if (!Double.isFinite(f) || !Vectors.allFinite(g)) {
                reason = StopReason.NAN_RESULT;
                detail = "The objective returned f = " + f + " after iteration " + done + ".";
            } else if (Vectors.normInf(g) <= gtol) {
                reason = StopReason.GRADIENT_TOLERANCE;
            } else if (!(f < previous.getValue())) {
                reason = StopReason.PRECISION_LOSS;
                detail = "The line search no longer decreases f.";
            } else if (done >= maxIterations) {
                reason = StopReason.MAX_ITERATIONS;
            }
            return reason != null;
        }

        void remember(double[] x, double f, double[] g, int iterations) {
            lastX = x.clone();
            lastF = f;
            lastG = g.clone();
            lastIterations = iterations;
        }

        MinimizationResult resultAtLast(StopReason why, String detail) {
            return result(lastX, lastF, lastG, lastIterations, why, detail);
        }

        MinimizationResult result(double[] x, double f, double[] g, int iterations, StopReason why, String detail) {
            String message = detail.isEmpty() ? why.description() : why.description() + " " + detail;
            return new MinimizationResult(x, f, g, iterations, objective.calls, objective.calls, why, message,
                    trace.toDoubleArray());
        }
    }

    /**
     * Turns one value-and-gradient function into commons-math3's separate value and gradient
     * functions, remembering the last point so a value and a gradient requested there share one call.
     */
    private static final class CachedObjective {

        private final DiffFunction f;
        private final int maxCalls;
        private final double[] x;
        private final double[] gradient;
        private double value;
        private boolean valid;
        private int calls;

        CachedObjective(DiffFunction f, int dimension, int maxCalls) {
            this.f = f;
            this.maxCalls = maxCalls;
            this.x = new double[dimension];
            this.gradient = new double[dimension];
        }

        double value(double[] point) {
            evaluateAt(point);
            return value;
        }

        double[] gradient(double[] point) {
            evaluateAt(point);
            return gradient.clone();
        }

        boolean exhausted() {
            return calls >= maxCalls;
        }

        private void evaluateAt(double[] point) {
            if (valid && Arrays.equals(point, x)) {
                return;
            }
            if (calls >= maxCalls) {
                throw new TooManyEvaluationsException(maxCalls);
            }
            calls++;
            System.arraycopy(point, 0, x, 0, x.length);
            Arrays.fill(gradient, 0);
            valid = false;
            value = f.evaluate(x.clone(), gradient);
            valid = true;
        }
    }
}
