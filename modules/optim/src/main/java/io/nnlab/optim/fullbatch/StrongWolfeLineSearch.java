package io.nnlab.optim.fullbatch;

/**
 * A line search whose step satisfies the strong Wolfe conditions, for φ(α) = f(x + α p):
 * <pre>
 *   sufficient decrease   φ(α) ≤ φ(0) + c1 α φ'(0)
 *   curvature             |φ'(α)| ≤ c2 |φ'(0)|
 * </pre>
 * This is Nocedal &amp; Wright, <i>Numerical Optimization</i> (2nd ed.), algorithm 3.5 (bracketing:
 * double the step until an interval must contain an acceptable one) and algorithm 3.6 (zoom: shrink
 * that interval). Every trial evaluates φ and φ' together, because one objective call gives value and
 * gradient; so zoom can always interpolate with the cubic that matches the values and slopes at both
 * ends of its interval (N&amp;W eq. 3.59), choosing and safeguarding the trial as Moré and Thuente do
 * (see {@code interpolate}). With those choices BFGS takes the same steps as scipy's, whose search is
 * Moré and Thuente's.
 *
 * <p>A non-finite φ or φ' at a trial step is read as "the step went too far" and the interval shrinks
 * towards the last good step; if no trial was finite the search fails with {@link Status#NON_FINITE}.
 *
 * <p>Instances are immutable and can be shared.
 */
public final class StrongWolfeLineSearch {

    /** The usual sufficient-decrease constant (N&amp;W, scipy). */
    public static final double DEFAULT_C1 = 1e-4;
    /** The usual curvature constant for quasi-Newton methods (N&amp;W, scipy). */
    public static final double DEFAULT_C2 = 0.9;
    /** Trials per search before giving up; a healthy quasi-Newton step needs one to three. */
    public static final int DEFAULT_MAX_EVALUATIONS = 30;
    /** The largest step tried; only an objective unbounded below along the direction reaches it. */
    public static final double DEFAULT_MAX_STEP = 1e100;

    /** The zoom interval is given up once it is this narrow relative to its end points. */
    private static final double RELATIVE_WIDTH = 1e-14;
    /** Interpolated steps keep this fraction of the interval away from either end. */
    private static final double SAFEGUARD = 0.1;
    /** Bracketing grows the step by this factor while the slope is still steeply negative. */
    private static final double EXPANSION = 2.0;

    private final double c1;
    private final double c2;
    private final int maxEvaluations;
    private final double maxStep;

    /** A line search with c1 = 1e-4 and c2 = 0.9. */
    public StrongWolfeLineSearch() {
        this(DEFAULT_C1, DEFAULT_C2);
    }

    /** A line search with the given Wolfe constants, 0 &lt; c1 &lt; c2 &lt; 1. */
    public StrongWolfeLineSearch(double c1, double c2) {
        this(c1, c2, DEFAULT_MAX_EVALUATIONS, DEFAULT_MAX_STEP);
    }

    private StrongWolfeLineSearch(double c1, double c2, int maxEvaluations, double maxStep) {
        if (!(c1 > 0 && c1 < c2 && c2 < 1)) {
            throw new IllegalArgumentException(
                    "Wolfe constants must satisfy 0 < c1 < c2 < 1, got c1 = " + c1 + ", c2 = " + c2);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException(
                    "line search maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        if (!(maxStep > 0) || Double.isNaN(maxStep)) {
            throw new IllegalArgumentException("line search maxStep must be > 0, got " + maxStep);
        }
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
        this.maxStep = maxStep;
    }

    /** This search with another limit on trials per search. */
    public StrongWolfeLineSearch withMaxEvaluations(int maxEvaluations) {
        return new StrongWolfeLineSearch(c1, c2, maxEvaluations, maxStep);
    }

    /** This search with another largest step. */
    public StrongWolfeLineSearch withMaxStep(double maxStep) {
        return new StrongWolfeLineSearch(c1, c2, maxEvaluations, maxStep);
    }

    public double c1() {
        return c1;
    }

    public double c2() {
        return c2;
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    public double maxStep() {
        return maxStep;
    }

    /** φ along the search direction: value and slope at a step, from one objective call. */
    @FunctionalInterface
    public interface LineFunction {
        Sample at(double alpha);
    }

    /** φ(α) and φ'(α). */
    public record Sample(double alpha, double value, double slope) {

        boolean isFinite() {
            return Double.isFinite(value) && Double.isFinite(slope);
        }
    }

    /** How a search ended. */
    public enum Status {
        /** The returned step satisfies both strong Wolfe conditions. */
        CONVERGED,
        /** The trial budget ran out. */
        MAX_EVALUATIONS,
        /** The bracket shrank to rounding level without meeting the conditions. */
        INTERVAL_TOO_SMALL,
        /** φ kept decreasing with a steep slope up to the largest allowed step. */
        MAX_STEP,
        /** Every trial gave a non-finite value or slope. */
        NON_FINITE
    }

    /**
     * The outcome of one search. On success {@code step} is the accepted trial, which is always the
     * last one evaluated; on failure it is the sample at α = 0, i.e. "stay where you are".
     */
    public record Result(Status status, Sample step, int evaluations) {

        public boolean converged() {
            return status == Status.CONVERGED;
        }
    }

    /**
     * Searches along a descent direction.
     *
     * @param phi         evaluates φ and φ' at a step
     * @param value0      φ(0)
     * @param slope0      φ'(0), which must be negative
     * @param initialStep the first step tried, in (0, maxStep]
     * @throws IllegalArgumentException if the direction does not descend (φ'(0) ≥ 0 or not finite)
     */
    public Result search(LineFunction phi, double value0, double slope0, double initialStep) {
        if (!(slope0 < 0) || !Double.isFinite(slope0)) {
            throw new IllegalArgumentException(
                    "search direction is not a descent direction: expected φ'(0) < 0, got φ'(0) = " + slope0);
        }
        if (!Double.isFinite(value0)) {
            throw new IllegalArgumentException("φ(0) must be finite, got " + value0);
        }
        if (!(initialStep > 0 && initialStep <= maxStep)) {
            throw new IllegalArgumentException(
                    "initial step must be in (0, " + maxStep + "], got " + initialStep);
        }
        return new Search(phi, new Sample(0, value0, slope0)).bracket(initialStep);
    }

    /** The state of one search: the sample at zero and the trial count. */
    private final class Search {

        private final LineFunction phi;
        private final Sample zero;
        private int evaluations;
        private boolean anyFinite;

        Search(LineFunction phi, Sample zero) {
            this.phi = phi;
            this.zero = zero;
        }

        /** Algorithm 3.5: grow the step until an interval is known to contain an acceptable one. */
        Result bracket(double alpha) {
            Sample previous = zero;
            while (true) {
                if (evaluations == maxEvaluations) {
                    return fail(Status.MAX_EVALUATIONS);
                }
                Sample trial = evaluate(alpha);
                if (acceptable(trial)) {
                    return new Result(Status.CONVERGED, trial, evaluations);
                }
                if (!trial.isFinite() || !sufficientDecrease(trial)
                        || (previous != zero && trial.value() >= previous.value())) {
                    return zoom(previous, trial, false);
                }
                if (trial.slope() >= 0) {
                    // Past a minimiser of φ, and still lower than the previous step: the roles swap.
                    return zoom(trial, previous, true);
                }
                if (alpha >= maxStep) {
                    return fail(Status.MAX_STEP);
                }
                previous = trial;
                alpha = Math.min(EXPANSION * alpha, maxStep);
            }
        }

        /**
         * Algorithm 3.6. Invariants: {@code lo} has the lowest value among trials that satisfy
         * sufficient decrease, and its slope points into the interval towards {@code hi}, so the
         * interval contains an acceptable step. {@code newestIsLo} says which end the latest trial
         * became, which the interpolation rules need.
         */
        Result zoom(Sample lo, Sample hi, boolean newestIsLo) {
            while (true) {
                if (evaluations == maxEvaluations) {
                    return fail(Status.MAX_EVALUATIONS);
                }
                double width = Math.abs(hi.alpha() - lo.alpha());
                if (width <= RELATIVE_WIDTH * Math.max(lo.alpha(), hi.alpha())) {
                    return fail(Status.INTERVAL_TOO_SMALL);
                }
                Sample trial = evaluate(interpolate(lo, hi, newestIsLo));
                if (acceptable(trial)) {
                    return new Result(Status.CONVERGED, trial, evaluations);
                }
                if (!trial.isFinite() || !sufficientDecrease(trial) || trial.value() >= lo.value()) {
                    hi = trial;
                    newestIsLo = false;
                } else {
                    newestIsLo = true;
                    if (trial.slope() * (hi.alpha() - lo.alpha()) >= 0) {
                        hi = lo;
                    }
                    lo = trial;
                }
            }
        }

        private Sample evaluate(double alpha) {
            evaluations++;
            Sample s = phi.at(alpha);
            anyFinite |= s.isFinite();
            return s;
        }

        /**
         * Both conditions hold. Checked before N&amp;W's comparison with the previous or lower end, so
         * that near a minimiser, where values tie to rounding, a step with a small enough slope is
         * still taken rather than made the far end of the interval.
         */
        private boolean acceptable(Sample s) {
            return s.isFinite() && sufficientDecrease(s) && curvature(s);
        }

        private boolean sufficientDecrease(Sample s) {
            return s.value() <= zero.value() + c1 * s.alpha() * zero.slope();
        }

        private boolean curvature(Sample s) {
            return Math.abs(s.slope()) <= -c2 * zero.slope();
        }

        private Result fail(Status status) {
            return new Result(anyFinite ? status : Status.NON_FINITE, zero, evaluations);
        }
    }

    /**
     * The next trial in (lo, hi), chosen by Moré and Thuente's rules (1994, cases 1 and 2), which
     * scipy's line search follows too; both start from the minimiser c of the cubic through the two
     * ends' values and slopes.
     * <ul>
     * <li>The newest trial is hi, higher than lo (case 1): the minimiser is probably near lo. Take c if
     *     it is nearer lo than q, the minimiser of the quadratic through lo's value and slope and hi's
     *     value, else the midpoint of c and q; q ignores hi's slope and so tempers a cubic that jumps
     *     far from lo.</li>
     * <li>The newest trial is lo and the slopes have opposite signs (case 2): take whichever of c and
     *     the secant step (the zero of the line through both slopes) lies farther from lo, so the
     *     interval shrinks from the far side too.</li>
     * <li>Otherwise c.</li>
     * </ul>
     * The step is then kept {@link #SAFEGUARD} of the width away from either end so the interval keeps
     * shrinking; bisection stands in when no model has a minimiser inside or hi is not finite.
     */
    private static double interpolate(Sample lo, Sample hi, boolean newestIsLo) {
        double a = Math.min(lo.alpha(), hi.alpha());
        double b = Math.max(lo.alpha(), hi.alpha());
        double t = Double.NaN;
        if (hi.isFinite()) {
            double c = cubicMinimizer(lo, hi);
            if (newestIsLo && lo.slope() * hi.slope() < 0) {
                double secant = lo.alpha() + lo.slope() / (lo.slope() - hi.slope()) * (hi.alpha() - lo.alpha());
                t = Math.abs(c - lo.alpha()) > Math.abs(secant - lo.alpha()) ? c : secant;
            } else if (!newestIsLo && hi.value() > lo.value()) {
                double q = quadraticMinimizer(lo, hi);
                if (Double.isNaN(c)) {
                    t = q;
                } else {
                    t = Math.abs(c - lo.alpha()) < Math.abs(q - lo.alpha()) ? c : c + 0.5 * (q - c);
                }
            } else {
                t = c;
            }
        }
        if (!(t > a && t < b)) {
            return a + 0.5 * (b - a);
        }
        double margin = SAFEGUARD * (b - a);
        return Math.clamp(t, a + margin, b - margin);
    }

    /** The minimiser of the quadratic matching p's value and slope and q's value; NaN if it is concave. */
    static double quadraticMinimizer(Sample p, Sample q) {
        double d = q.alpha() - p.alpha();
        double curvature = (q.value() - p.value() - p.slope() * d) / (d * d);
        return curvature > 0 ? p.alpha() - p.slope() / (2 * curvature) : Double.NaN;
    }

    /** N&amp;W eq. 3.59; NaN when the cubic has no local minimiser. */
    static double cubicMinimizer(Sample p, Sample q) {
        double d1 = p.slope() + q.slope() - 3 * (p.value() - q.value()) / (p.alpha() - q.alpha());
        double radicand = d1 * d1 - p.slope() * q.slope();
        if (!(radicand >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.signum(q.alpha() - p.alpha()) * Math.sqrt(radicand);
        return q.alpha() - (q.alpha() - p.alpha()) * (q.slope() + d2 - d1) / (q.slope() - p.slope() + 2 * d2);
    }
}
