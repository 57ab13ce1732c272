package io.nnlab.optim.fullbatch;

/**
 * A line search whose step satisfies the strong Wolfe conditions, for φ(α) = f(x + α p):
 * <pre>
 *   sufficient decrease   φ(α) ≤ φ(0) + c1 α φ'(0)
 *   curvature             |φ'(α)| ≤ c2 |φ'(0)|
 * </pre>
 * This is Moré and Thuente's search (ACM TOMS 20, 1994) as MINPACK-2's {@code dcsrch} and
 * {@code dcstep} implement it, which is also the search scipy's BFGS uses first
 * ({@code line_search_wolfe1}); following it trial by trial is what lets BFGS take scipy's steps.
 * While no interval is known to hold an acceptable step, the next trial is extrapolated to between
 * 1.1 and 4 times the last advance beyond the best step so far (so after a first step of 1 that
 * decreases enough but is still steep, the next trial is typically 5); once an interval is bracketed,
 * cubic and quadratic or secant interpolants of the ends' values and slopes pick the trial, with a
 * bisection whenever the interval failed to shrink by a third. Until a step with sufficient
 * decrease and a non-negative slope is seen, the interpolants are fitted to the auxiliary function
 * ψ(α) = φ(α) − φ(0) − c1 α φ'(0) rather than φ itself.
 *
 * <p>Beyond MINPACK: a non-finite φ or φ' at a trial step is read as "the step went too far": that
 * step becomes the far end of the interval and the next trial bisects towards the best step so far. If
 * no trial was finite the search fails with {@link Status#NON_FINITE}.
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

    /** The smallest step tried (scipy's BFGS passes the same bound to MINPACK's search). */
    static final double SMALLEST_STEP = 1e-100;
    /** The search gives up once the interval is this narrow relative to its larger end (MINPACK's xtol). */
    private static final double RELATIVE_WIDTH = 1e-14;
    /** Before bracketing, the next trial lies this many times the last advance beyond it, at least... */
    private static final double EXTRAPOLATE_MIN = 1.1;
    /** ...and at most. */
    private static final double EXTRAPOLATE_MAX = 4.0;
    /** A bracket that did not shrink below this fraction of its width two trials ago is bisected. */
    private static final double SHRINK = 0.66;

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
        /** Even the smallest allowed step, 1e-100, was not acceptable. */
        MIN_STEP,
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
        return new Search(phi, new Sample(0, value0, slope0)).run(initialStep);
    }

    /**
     * The state of one search, MINPACK's {@code dcsrch}: x is the best step so far (the lowest value of
     * those tried, or of ψ while in stage 1), y the other end of the interval, and [stepMin, stepMax]
     * the range the next trial may come from.
     */
    private final class Search {

        private final LineFunction phi;
        private final Sample zero;
        private int evaluations;
        private boolean anyFinite;

        private final double decreaseSlope;
        private boolean bracketed;
        private boolean stageOne = true;
        private double width;
        private double previousWidth;
        private double stx, fx, gx;
        private double sty, fy, gy;
        private double stepMin, stepMax;

        Search(LineFunction phi, Sample zero) {
            this.phi = phi;
            this.zero = zero;
            decreaseSlope = c1 * zero.slope();
            width = maxStep - SMALLEST_STEP;
            previousWidth = width / 0.5;
            stx = 0;
            fx = zero.value();
            gx = zero.slope();
            sty = 0;
            fy = zero.value();
            gy = zero.slope();
        }

        Result run(double stp) {
            stepMin = 0;
            stepMax = stp + EXTRAPOLATE_MAX * stp;
            while (true) {
                if (evaluations == maxEvaluations) {
                    return fail(Status.MAX_EVALUATIONS);
                }
                Sample trial = evaluate(stp);
                double f = trial.value();
                double g = trial.slope();
                if (!trial.isFinite()) {
                    // Overshot into non-finite territory: make the step the far end and bisect back.
                    bracketed = true;
                    sty = stp;
                    fy = Double.POSITIVE_INFINITY;
                    gy = Double.NaN;
                    stp = next(stx + 0.5 * (sty - stx));
                    continue;
                }
                double sufficient = zero.value() + stp * decreaseSlope;
                if (stageOne && f <= sufficient && g >= 0) {
                    stageOne = false;
                }
                if (f <= sufficient && Math.abs(g) <= -c2 * zero.slope()) {
                    return new Result(Status.CONVERGED, trial, evaluations);
                }
                if (bracketed && (stp <= stepMin || stp >= stepMax || stepMax - stepMin <= RELATIVE_WIDTH * stepMax)) {
                    return fail(Status.INTERVAL_TOO_SMALL);
                }
                if (stp == maxStep && f <= sufficient && g <= decreaseSlope) {
                    return fail(Status.MAX_STEP);
                }
                if (stp == SMALLEST_STEP && (f > sufficient || g >= decreaseSlope)) {
                    return fail(Status.MIN_STEP);
                }
                double proposal;
                if (stageOne && f <= fx && f > sufficient) {
                    // A lower value without enough decrease: interpolate ψ, which has the same
                    // minimisers in the region that matters but a better-placed first one.
                    fx -= stx * decreaseSlope;
                    fy -= sty * decreaseSlope;
                    gx -= decreaseSlope;
                    gy -= decreaseSlope;
                    proposal = step(stp, f - stp * decreaseSlope, g - decreaseSlope);
                    fx += stx * decreaseSlope;
                    fy += sty * decreaseSlope;
                    gx += decreaseSlope;
                    gy += decreaseSlope;
                } else {
                    proposal = step(stp, f, g);
                }
                if (bracketed && Math.abs(sty - stx) >= SHRINK * previousWidth) {
                    proposal = stx + 0.5 * (sty - stx);
                }
                stp = next(proposal);
            }
        }

        /** MINPACK's bookkeeping after each trial: the range for the trial after next, and the bounds. */
        private double next(double stp) {
            if (bracketed) {
                previousWidth = width;
                width = Math.abs(sty - stx);
                stepMin = Math.min(stx, sty);
                stepMax = Math.max(stx, sty);
            } else {
                stepMin = stp + EXTRAPOLATE_MIN * (stp - stx);
                stepMax = stp + EXTRAPOLATE_MAX * (stp - stx);
            }
            stp = Math.min(Math.max(stp, SMALLEST_STEP), maxStep);
            if (bracketed && (stp <= stepMin || stp >= stepMax || stepMax - stepMin <= RELATIVE_WIDTH * stepMax)) {
                // No progress is possible: MINPACK evaluates the best step once more and then stops.
                stp = stx;
            }
            return stp;
        }

        /**
         * MINPACK's {@code dcstep}: updates the interval with the trial (stp, fp, dp) and returns the
         * next step, in four cases.
         * <ol>
         * <li>A higher value than at x: the minimiser is bracketed. Take the cubic's minimiser if it is
         *     nearer x than the quadratic's (through x's value and slope and the trial's value), else
         *     the midpoint of the two.</li>
         * <li>Lower, slopes of opposite sign: bracketed. Take whichever of the cubic and secant steps is
         *     farther from the trial.</li>
         * <li>Lower, same sign, slope shrinking in size: the cubic step if the cubic rises beyond the
         *     trial, else the end of the allowed range; bracketed, the nearer of that and the secant
         *     step, kept within 0.66 of the way to y; not bracketed, the farther, within the range.</li>
         * <li>Lower, same sign, slope not shrinking: bracketed, the cubic through the trial and y; not
         *     bracketed, the end of the allowed range.</li>
         * </ol>
         */
        private double step(double stp, double fp, double dp) {
            double sgnd = Math.signum(dp) * Math.signum(gx);
            double stpf;
            if (fp > fx) {
                double theta = 3.0 * (fx - fp) / (stp - stx) + gx + dp;
                double s = max3(Math.abs(theta), Math.abs(gx), Math.abs(dp));
                double gamma = s * Math.sqrt((theta / s) * (theta / s) - (gx / s) * (dp / s));
                if (stp < stx) {
                    gamma = -gamma;
                }
                double p = (gamma - gx) + theta;
                double q = ((gamma - gx) + gamma) + dp;
                double stpc = stx + p / q * (stp - stx);
                double stpq = stx + ((gx / ((fx - fp) / (stp - stx) + gx)) / 2.0) * (stp - stx);
                stpf = Math.abs(stpc - stx) <= Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2.0;
                bracketed = true;
            } else if (sgnd < 0) {
                double theta = 3 * (fx - fp) / (stp - stx) + gx + dp;
                double s = max3(Math.abs(theta), Math.abs(gx), Math.abs(dp));
                double gamma = s * Math.sqrt((theta / s) * (theta / s) - (gx / s) * (dp / s));
                if (stp > stx) {
                    gamma = -gamma;
                }
                double p = (gamma - dp) + theta;
                double q = ((gamma - dp) + gamma) + gx;
                double stpc = stp + p / q * (stx - stp);
                double stpq = stp + (dp / (dp - gx)) * (stx - stp);
                stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
                bracketed = true;
            } else if (Math.abs(dp) < Math.abs(gx)) {
                double theta = 3 * (fx - fp) / (stp - stx) + gx + dp;
                double s = max3(Math.abs(theta), Math.abs(gx), Math.abs(dp));
                double gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (gx / s) * (dp / s)));
                if (stp > stx) {
                    gamma = -gamma;
                }
                double p = (gamma - dp) + theta;
                double q = (gamma + (gx - dp)) + gamma;
                double r = p / q;
                double stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : stp > stx ? stepMax : stepMin;
                double stpq = stp + (dp / (dp - gx)) * (stx - stp);
                if (bracketed) {
                    stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
                    stpf = stp > stx ? Math.min(stp + SHRINK * (sty - stp), stpf)
                            : Math.max(stp + SHRINK * (sty - stp), stpf);
                } else {
                    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
                    stpf = Math.min(Math.max(stpf, stepMin), stepMax);
                }
            } else if (bracketed) {
                double theta = 3.0 * (fp - fy) / (sty - stp) + gy + dp;
                double s = max3(Math.abs(theta), Math.abs(gy), Math.abs(dp));
                double gamma = s * Math.sqrt((theta / s) * (theta / s) - (gy / s) * (dp / s));
                if (stp > sty) {
                    gamma = -gamma;
                }
                double p = (gamma - dp) + theta;
                double q = ((gamma - dp) + gamma) + gy;
                stpf = stp + p / q * (sty - stp);
                if (Double.isNaN(stpf)) {
                    // y is a non-finite trial, so there is no cubic through it: bisect.
                    stpf = stp + 0.5 * (sty - stp);
                }
            } else {
                stpf = stp > stx ? stepMax : stepMin;
            }
            if (fp > fx) {
                sty = stp;
                fy = fp;
                gy = dp;
            } else {
                if (sgnd < 0) {
                    sty = stx;
                    fy = fx;
                    gy = gx;
                }
                stx = stp;
                fx = fp;
                gx = dp;
            }
            return stpf;
        }

        private Sample evaluate(double alpha) {
            evaluations++;
            Sample s = phi.at(alpha);
            anyFinite |= s.isFinite();
            return s;
        }

        private Result fail(Status status) {
            return new Result(anyFinite ? status : Status.NON_FINITE, zero, evaluations);
        }
    }

    private static double max3(double a, double b, double c) {
        return Math.max(a, Math.max(b, c));
    }
}
