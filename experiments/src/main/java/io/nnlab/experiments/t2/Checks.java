package io.nnlab.experiments.t2;

import io.nnlab.experiments.Bounds;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Run;

/**
 * What a correct run of each t2 result meets: the tutorial's printed figures (UCI table), runs of the
 * tutorial's own numpy code (today's table, suffix {@code _current}), and for the trained results a
 * cost that is a stated fraction of the untrained one.
 */
final class Checks {
    private Checks() {}

    private static final String[] TABLES = {"", "_current"};

    /** Printed digits in float64; in float32 the data themselves are rounded to 7 digits, so 1e-6 relative. */
    private static void digits(Result r, Bounds b, String metric, double printed, double tolerance) {
        b.near(printed, r.float32() ? Math.max(tolerance, 1e-6 * Math.abs(printed)) : tolerance, r.metric(metric), metric);
    }

    static void weightedSumCost(Result r, Bounds b) {
        digits(r, b, "cost", 313.0096, 1e-4);
        b.near(2.56, 0.01, r.metric("first_prediction"), "first_prediction");
        // today's table, from the tutorial's code (exact sum)
        digits(r, b, "cost_current", 313.5056, 1e-4);
        b.near(2.56, 0.01, r.metric("first_prediction_current"), "first_prediction_current");
    }

    static void sigmoidNeuronCost(Result r, Bounds b) {
        digits(r, b, "cost", 829.4187739184515, 1e-13);
        digits(r, b, "cost_current", 829.3581552057614, 1e-12);
    }

    static void linearGd(Result r, Bounds b) {
        for (Run run : r.runs()) {
            // From the tutorial's printed start the same loop must give its printed results, to their digits.
            String seed = "seed " + run.seed() + ": ";
            b.near(0.665, 1e-3, run.metric("final_cost_printed_start"), seed + "final_cost_printed_start");
            b.near(1.902, 1e-3, run.metric("w1_printed_start"), seed + "w1_printed_start");
            b.near(-0.923, 1e-3, run.metric("w2_printed_start"), seed + "w2_printed_start");
            b.near(-0.221, 1e-3, run.metric("b_printed_start"), seed + "b_printed_start");
            // Its initial cost is 5.387, not the printed 5.384: the start was printed rounded to 3 decimals
            // (the tutorial's numpy loop from that rounded start gives 5.38678).
            b.near(5.38678, r.float32() ? 1e-4 : 1e-5, run.metric("initial_cost_printed_start"),
                    seed + "initial_cost_printed_start");
        }
        // From a random start in [0, 1)³ every cost and parameter lies within the reach of any start, so
        // every seed is held to it.
        LinearDescent.REACH.forEach((metric, range) -> b.eachWithin(r, metric, range[0], range[1]));
        b.that(r.traces().get("cost").length == LinearDescent.ITERATIONS,
                "a cost per iteration: " + r.traces().get("cost").length + " of " + LinearDescent.ITERATIONS);
        // Any start costs at least 2.72 and any descent ends at 0.698 at most.
        for (String table : TABLES) b.eachCutsToAtMost(r, "final_cost" + table, 0.3);
    }

    /**
     * The 2-3-1 net from a standard-normal start is bimodal. In 100 runs of the tutorial's numpy code
     * (UCI table) 98 ended between 0.529 and 0.676 (median 0.582, 5-95 % 0.542-0.608) and 2 near 27.3,
     * the cost of predicting 0 (the network died); in 50 runs on today's table the median was 0.577,
     * with one dead. nnlab over seeds 1-100: median 0.579, 5-95 % 0.544-0.600, none dead, the slowest
     * 0.71 (0.91 on today's table).
     *
     * <p>So it is judged over the sweep: at least 80 % must stay alive, a cost under 10 (P(5 or more of
     * 20 die) ≈ 3e-5 at numpy's rate), and the median of the live ones must lie within 0.54-0.62, about
     * eight standard errors of a 20-run median (spread 0.017) around numpy's. The initial cost is the
     * start's own and heavy-tailed (numpy: median 44.6, 5-95 % 5.2-346; nnlab: median 47.6, 5-95 %
     * 5.3-367): over 100,000 numpy starts the median of 20 fell within 10.8-142.9 in 99.8 % of draws.
     */
    static void mlpNumericalGradient(Result r, Bounds b) {
        twoLayerNet(r, b);
    }

    static void mlpBackprop(Result r, Bounds b) {
        // Forward differences with Δ = 1e-8 agree with backprop to about 1e-7 of the gradient's scale (40 seeds:
        // 1.2e-8 to 2.8e-7); with float32's Δ = 2^-12, to about 1e-4 (seeds 1–20: 4.6e-5 to 4.2e-3, the largest
        // where a weight's gradient is small against the others' and rounding over Δ dominates it).
        for (String table : TABLES) b.eachWithin(r, "max_gradient_rel_diff" + table, 0, r.float32() ? 1e-2 : 1e-5);
        // The same net and start as t2.mlp-numerical-gradient, the same descent: the same spread.
        twoLayerNet(r, b);
    }

    private static void twoLayerNet(Result r, Bounds b) {
        for (String table : TABLES) {
            String finalCost = "final_cost" + table;
            b.atLeast(0.8, r.share(run -> run.metric(finalCost) < 10), "share of runs alive (" + finalCost + " below 10)");
            b.within(0.54, 0.62, r.median(finalCost, run -> run.metric(finalCost) < 10), "median " + finalCost
                    + " of the live runs");
            b.within(10.8, 142.9, r.median("initial_cost" + table), "median initial_cost" + table);
            // The untrained net costs 5.2 or more in 95 % of draws, and training ends near 0.58; compared over
            // the sweep, since a run that dies (cost 27.3) may end above its own start.
            b.cutsToAtMost(r, finalCost, 0.1);
        }
        b.that(r.traces().get("cost").length == TwoLayerNet.EPOCHS,
                "a cost per epoch: " + r.traces().get("cost").length + " of " + TwoLayerNet.EPOCHS);
    }
}
