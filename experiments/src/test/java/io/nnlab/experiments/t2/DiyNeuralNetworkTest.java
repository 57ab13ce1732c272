package io.nnlab.experiments.t2;

import io.nnlab.experiments.Catalog;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.experiments.Sweep;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t2's results against the tutorial's printed figures (UCI table) and against runs of the
 * tutorial's own numpy code (today's table, suffix _current).
 */
@Tag("tutorial")
@Tag("t2")
class DiyNeuralNetworkTest {

    private static boolean float32(Result r) { return r.dtype().equals("float32"); }

    /** Printed digits in float64; in float32 the data themselves are rounded to 7 digits, so 1e-6 relative. */
    private static double digits(Result r, double printedTolerance, double value) {
        return float32(r) ? Math.max(printedTolerance, 1e-6 * Math.abs(value)) : printedTolerance;
    }

    private static void assertWithin(double lo, double hi, double actual, String what) {
        assertTrue(actual >= lo && actual <= hi, what + " = " + actual + ", expected within [" + lo + ", " + hi + "]");
    }

    @Test
    void weightedSumCost() {
        Result r = Runner.result("t2.weighted-sum-cost");
        assertEquals(313.0096, r.metric("cost"), digits(r, 1e-4, 313.0096));
        assertEquals(2.56, r.metric("first_prediction"), 0.01);
        // today's table, from the tutorial's code (exact sum)
        assertEquals(313.5056, r.metric("cost_current"), digits(r, 1e-4, 313.5056));
        assertEquals(2.56, r.metric("first_prediction_current"), 0.01);
    }

    @Test
    void sigmoidNeuronCost() {
        Result r = Runner.result("t2.sigmoid-neuron-cost");
        assertEquals(829.4187739184515, r.metric("cost"), digits(r, 1e-13, 829.4187739184515));
        assertEquals(829.3581552057614, r.metric("cost_current"), digits(r, 1e-12, 829.3581552057614));
    }

    @Test
    void linearGradientDescent() {
        Result r = Runner.result("t2.linear-gd");
        // From the tutorial's printed start the same loop must give its printed results, to their digits.
        assertEquals(0.665, r.metric("final_cost_printed_start"), 1e-3);
        assertEquals(1.902, r.metric("w1_printed_start"), 1e-3);
        assertEquals(-0.923, r.metric("w2_printed_start"), 1e-3);
        assertEquals(-0.221, r.metric("b_printed_start"), 1e-3);
        // Its initial cost is 5.387, not the printed 5.384: the start was printed rounded to 3 decimals
        // (the tutorial's numpy loop from that rounded start gives 5.38678).
        assertEquals(5.38678, r.metric("initial_cost_printed_start"), float32(r) ? 1e-4 : 1e-5);

        // From a random start in [0, 1)³: the final parameters are an affine function of the start,
        // so each lies between its values at the cube's corners; the costs are convex quadratics of
        // the parameters, so they lie between the minimum over the cube and the largest corner. The
        // bounds were computed with the tutorial's numpy loop (corners, and a projected-gradient
        // minimum), then widened in the 4th digit. Every start passes, so one seed is a fair test.
        assertWithin(2.72, 271.98, r.metric("initial_cost"), "initial_cost");
        assertWithin(0.6502, 0.6977, r.metric("final_cost"), "final_cost");
        assertWithin(1.8276, 2.0100, r.metric("w1"), "w1");
        assertWithin(-1.0148, -0.7964, r.metric("w2"), "w2");
        assertWithin(-0.3892, -0.1017, r.metric("b"), "b");
        assertWithin(2.72, 272.26, r.metric("initial_cost_current"), "initial_cost_current");
        assertWithin(0.6473, 0.6954, r.metric("final_cost_current"), "final_cost_current");
        assertWithin(1.8206, 2.0055, r.metric("w1_current"), "w1_current");
        assertWithin(-1.0166, -0.7985, r.metric("w2_current"), "w2_current");
        assertWithin(-0.3840, -0.0945, r.metric("b_current"), "b_current");
        assertEquals(2000, r.traces().get("cost").length);
    }

    /**
     * The 2-3-1 net from a standard-normal start is bimodal. In 100 runs of the tutorial's numpy
     * code (UCI table) 98 ended between 0.529 and 0.676 (median 0.582, 5-95 % 0.542-0.608) and 2
     * near 27.3, the cost of predicting 0 (the network died); in 50 runs on today's table the
     * median was 0.577, with one dead. nnlab over seeds 1-100: median 0.579, 5-95 % 0.544-0.600,
     * none dead, the slowest 0.71 (0.91 on today's table).
     *
     * <p>So it is judged over 20 seeds: at least 16 must stay alive, a cost under 10 (P(5 or more
     * of 20 die) ≈ 3e-5 at numpy's rate), and the median of the live ones must lie within
     * 0.54-0.62, about eight standard errors of a 20-run median (spread 0.017) around numpy's.
     * The initial cost is the start's own and heavy-tailed (numpy: median 44.6, 5-95 % 5.2-346,
     * the tutorial's 85.579 at the 67th percentile; nnlab: median 47.6, 5-95 % 5.3-367): over
     * 100,000 numpy starts the median of 20 fell within 10.8-142.9 in 99.8 % of draws.
     */
    @Test
    void mlpNumericalGradient() {
        Result r = Runner.result("t2.mlp-numerical-gradient");
        Sweep sweep = sweepOf(r, 20);
        for (String suffix : new String[]{"", "_current"}) {
            double[] finals = values(sweep, "final_cost" + suffix);
            double[] alive = Arrays.stream(finals).filter(c -> c < 10).toArray();
            assertTrue(alive.length >= 16, "final_cost" + suffix + ": only " + alive.length + " of 20 runs stayed"
                    + " alive: " + Arrays.toString(finals));
            assertWithin(0.54, 0.62, median(alive), "median final_cost" + suffix + " of the live runs");
            assertWithin(10.8, 142.9, median(values(sweep, "initial_cost" + suffix)), "median initial_cost" + suffix);
        }
        assertEquals(2000, r.traces().get("cost").length);
    }

    @Test
    void mlpBackprop() {
        Result r = Runner.result("t2.mlp-backprop");
        Result numerical = Runner.result("t2.mlp-numerical-gradient");
        for (String suffix : new String[]{"", "_current"}) {
            // Forward differences with Δ = 1e-8 agree with backprop to about 1e-7 of the gradient's
            // scale (40 seeds: 1.2e-8 to 2.8e-7); with float32's Δ = 2^-12, to about 1e-4.
            double diff = r.metric("max_gradient_rel_diff" + suffix);
            assertTrue(diff < (float32(r) ? 1e-3 : 1e-5), "max_gradient_rel_diff" + suffix + " = " + diff);
            // Same seed, same start as the numerical-gradient run. In float32 the two networks round
            // their activations at different points: they agree to 2e-8 relative, asserted to 1e-6.
            double initial = numerical.metric("initial_cost" + suffix);
            assertEquals(initial, r.metric("initial_cost" + suffix), float32(r) ? 1e-6 * initial : 1e-9);
            // Gradients that close keep the two 2000-epoch descents together (float64: 3e-8 apart).
            assertEquals(numerical.metric("final_cost" + suffix), r.metric("final_cost" + suffix),
                    float32(r) ? 5e-3 : 1e-5);
        }
    }

    private static Sweep sweepOf(Result r, int seeds) {
        if (r.sweep() != null && r.sweep().size() >= seeds) return r.sweep();
        return Runner.run(Catalog.experiment(r.id()), seeds).sweep();
    }

    private static double[] values(Sweep s, String metric) {
        return s.runs().stream().mapToDouble(run -> run.metric(metric)).toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
