package io.nnlab.experiments.t1;

import io.nnlab.experiments.Catalog;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.experiments.Sweep;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static io.nnlab.experiments.t1.LinearRegressionToNeuralNets.PLATEAU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t1's results. Every one depends on the seed (the data's noise and the starting weights), so none
 * can equal the notebook's printed digits; each is held to a band, and the bands come from the
 * tutorial's own numpy code run over 100 seeds on this machine ("numpy:" below) and from nnlab's
 * seeds 1–20. The ripple fits by steepest descent and SGD are bimodal and are judged over a 20-seed
 * sweep: the share of runs that escape the plateau and the median of those that do.
 */
@Tag("tutorial")
@Tag("t1")
class LinearRegressionToNeuralNetsTest {
    private static final int SEEDS = 20;

    private static boolean float32(Result r) { return r.dtype().equals("float32"); }

    private static void assertWithin(double lo, double hi, double actual, String what) {
        assertTrue(actual >= lo && actual <= hi, what + " = " + actual + ", expected within [" + lo + ", " + hi + "]");
    }

    private static Sweep sweep(String id) {
        Sweep s = Runner.run(Catalog.experiment(id), SEEDS).sweep();
        assertEquals(SEEDS, s.size(), id + ": sweep size");
        return s;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double[] metric(List<Result> runs, String metric, Predicate<Result> which) {
        return runs.stream().filter(which).mapToDouble(r -> r.metric(metric)).toArray();
    }

    private static boolean escaped(Result r) { return r.metric("final_mse") < PLATEAU; }

    // ------------------------------------------------------------------ least squares

    @Test
    void linearFit() {
        Result r = Runner.result("t1.linear-fit");
        double mse = r.metric("mse"), slope = r.metric("slope");
        // The residual is the standardised noise: variance 1/401 of g, about 0.00244 after the fit, with a
        // relative spread of √(2/98) ≈ 14% per draw; numpy's 100 seeds gave 0.00165 – 0.00325.
        assertWithin(0.0012, 0.0040, mse, "mse");
        // Standardised x and g: the slope is their correlation r and mse = 1 − r², exactly in float64.
        assertEquals(1.0, slope * slope + mse, float32(r) ? 1e-5 : 1e-12, "slope² + mse");
        assertWithin(0.998, 0.9994, slope, "slope");
        assertEquals(0.0, r.metric("intercept"), float32(r) ? 1e-5 : 1e-12, "intercept of centred data");
    }

    @Test
    void linearFitQuadratic() {
        Result r = Runner.result("t1.linear-fit-quadratic");
        // A line explains only the chance correlation of a symmetric parabola: mse = 1 − r², numpy 0.9983 – 1.
        assertWithin(0.99, 1.0 + 1e-6, r.metric("mse"), "mse");
    }

    @Test
    void linearFitQuadraticFeatures() {
        Result r = Runner.result("t1.linear-fit-quadratic-features");
        // What remains is the noise, 1/81 ≈ 0.0123 of the target in expectation (±14% per draw);
        // numpy's 100 seeds gave 0.0079 – 0.0161.
        assertWithin(0.006, 0.020, r.metric("mse"), "mse");
    }

    // ------------------------------------------------------------------ steepest descent

    @Test
    void forwardNetQuadratic() {
        Result r = Runner.result("t1.forwardnet-quadratic");
        // One mode: every numpy seed reached tol, final error 0.0129 – 0.0189 (5–95 %), after 491 – 727
        // iterations; the printed run: 1.2724 → 0.0174, stopped within 600 – 699.
        assertWithin(0.5, 4.0, r.metric("initial_mse"), "initial_mse");
        assertWithin(0.010, 0.025, r.metric("final_mse"), "final_mse");
        assertWithin(300, 1500, r.metric("iterations"), "iterations (stopped by tol, well before the cap)");

        Sweep s = sweep("t1.forwardnet-quadratic");
        // numpy medians over 100 seeds: 1.34, 0.0155 and 580 iterations.
        assertWithin(0.9, 2.0, s.spread("initial_mse").median(), "median initial_mse");
        assertWithin(0.013, 0.019, s.spread("final_mse").median(), "median final_mse");
        assertWithin(450, 750, s.spread("iterations").median(), "median iterations");
        assertEquals(1.0, s.share("iterations", i -> i <= LinearRegressionToNeuralNets.MAX_ITERATIONS),
                "every run reaches tol");
    }

    @Test
    @Tag("slow") // a 20-seed sweep of up to 5000 iterations each
    void forwardNetRipple() {
        Result r = Runner.result("t1.forwardnet-ripple");
        assertWithin(0.0, 5.0, r.metric("initial_mse"), "initial_mse");

        Sweep s = sweep("t1.forwardnet-ripple");
        List<Result> runs = s.runs();
        // numpy: 84 of 100 seeds escaped the plateau; with 20 seeds 0.55 is about 3 binomial standard
        // deviations below that.
        double share = s.share("final_mse", v -> v < PLATEAU);
        assertWithin(0.55, 1.0, share, "share escaping the plateau");
        // Those that escape stop by tol near the printed run: numpy median 0.0132 after 2806 iterations
        // (printed: 0.0117 within 2600 – 2699).
        assertWithin(0.009, 0.020, median(metric(runs, "final_mse", LinearRegressionToNeuralNetsTest::escaped)),
                "median final_mse of runs that escaped");
        assertWithin(1500, 4500, median(metric(runs, "iterations", LinearRegressionToNeuralNetsTest::escaped)),
                "median iterations of runs that escaped");
        // Every numpy run stopped by tol; those stuck on the plateau at 0.106 – 0.116.
        assertEquals(1.0, s.share("iterations", i -> i <= LinearRegressionToNeuralNets.MAX_ITERATIONS),
                "every run reaches tol");
        for (double v : metric(runs, "final_mse", x -> !escaped(x))) assertWithin(0.09, 0.13, v, "plateau error");
    }

    // ------------------------------------------------------------------ minibatch SGD

    @Test
    @Tag("slow") // a 20-seed sweep of up to 5000 iterations each
    void sgdRipple() {
        Result r = Runner.result("t1.sgd-ripple");
        assertWithin(0.0, 5.0, r.metric("initial_mse"), "initial_mse");
        assertTrue(r.metric("iterations") <= LinearRegressionToNeuralNets.MAX_ITERATIONS + 1, "iterations");

        Sweep s = sweep("t1.sgd-ripple");
        List<Result> runs = s.runs();
        // numpy: 50 of 100 seeds escaped; for 20 seeds [0.2, 0.8] is ±2.7 binomial standard deviations.
        assertWithin(0.2, 0.8, s.share("final_mse", v -> v < PLATEAU), "share escaping the plateau");
        // Escaped runs: numpy median 0.0131 (printed 0.0116 within 4500 – 4599 epochs).
        assertWithin(0.008, 0.020, median(metric(runs, "final_mse", LinearRegressionToNeuralNetsTest::escaped)),
                "median final_mse of runs that escaped");
        // The first printed error is after one epoch: numpy median 1.04 (0.52 – 1.59 per seed; printed 1.5938).
        assertWithin(0.6, 1.5, s.spread("initial_mse").median(), "median error after the first epoch");
        // Runs that stopped by tol on the plateau sit at 0.11 – 0.136 in numpy.
        for (Result run : runs) {
            if (!escaped(run) && run.metric("iterations") <= LinearRegressionToNeuralNets.MAX_ITERATIONS) {
                assertWithin(0.09, 0.15, run.metric("final_mse"), "plateau error");
            }
        }
    }

    // ------------------------------------------------------------------ BFGS and CG

    @Test
    void bfgsRipple() {
        Result r = Runner.result("t1.bfgs-ripple");
        assertEquals(150, r.metric("iterations"), "BFGS runs to the 150-iteration limit");
        // numpy's BFGS took 157 – 173 evaluations (printed: 155); the line search rarely needs a second try.
        assertWithin(151, 200, r.metric("function_evaluations"), "function_evaluations");
        assertWithin(0.0012, 0.005, r.metric("final_mse"), "final_mse");

        // Judged against scipy, not against one printed draw. scipy's BFGS from the same 20 data sets and
        // starts reaches a median of 0.002503; nnlab, whose line search is scipy's (MINPACK's), 0.002493, and
        // over 200 seeds each run ends within 0.2 % of scipy's (median; the paths agree to rounding for
        // 75 - 150 iterations, then rounding alone parts them). The notebook's own numpy data and start give
        // the same spread (200 numpy seeds: median 0.002504), and only about 40 % of 20-seed medians fall at or
        // below the printed 0.00247. So "at or below 0.00247" (asked for in the optim issue) is a matter of
        // which 20 seeds, for scipy as for nnlab; this test holds nnlab to the range of scipy's 20-seed medians
        // over 100 numpy seeds (0.00232 - 0.00268) instead and the shortfall is stated in the report notes.
        Sweep s = sweep("t1.bfgs-ripple");
        double median = s.spread("final_mse").median();
        assertTrue(median <= 0.00268, "median final_mse over " + SEEDS + " seeds = " + median
                + ", expected within scipy's 20-seed medians (0.00232 - 0.00268)");
    }

    @Test
    void conjugateGradientRipple() {
        Result r = Runner.result("t1.cg-ripple");
        assertTrue(r.metric("iterations") <= 150, "iterations within the budget");
        // nnlab seeds 1–20 ended at 0.0030 – 0.0049; a converged fit reaches about 0.0018, and the start
        // is near 1.
        assertWithin(0.0015, 0.008, r.metric("final_mse"), "final_mse");
    }
}
