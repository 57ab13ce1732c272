package io.nnlab.experiments.t5;

import io.nnlab.experiments.Bounds;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Run;

/**
 * What a correct run of each t5 result meets. The numerical derivative is deterministic and equals
 * the notebook's digits; the rest start from random weights and are held to bands from the tutorial's
 * own numpy code (fixed where the notebook is broken) run over hundreds of seeds, and from nnlab's own
 * seed sweeps; the trained ones must also beat their untrained start by a stated margin.
 */
final class Checks {
    private Checks() {}

    /** The cost of the 2-3-1 net's local minimum: ŷ = [0.75, 0.8631, 0.9022]. */
    static final double LOCAL_MINIMUM = 0.0020682321796;

    static void uphillStep(Result r, Bounds b) {
        // A step of 3 gradients is not small, yet in numpy it went up and down as the notebook says for
        // 500 of 500 seeds; so here for every seed.
        for (Run run : r.runs()) {
            double before = run.metric("cost_before");
            b.that(run.metric("cost_after_uphill") > before && run.metric("cost_after_downhill") < before,
                    "seed " + run.seed() + ": W + 3·dJ/dW raises the cost and W − 3·dJ/dW lowers it: " + run.metrics());
        }
        // The notebook's 0.482 is an ordinary draw: numpy's uphill cost over 4000 seeds has median 0.385,
        // 5–95 % 0.017 – 0.89.
        b.within(0.15, 0.65, r.median("cost_after_uphill"), "median cost after the uphill step");
        // Not stepping leaves the cost where it was; the downhill step roughly halves it (median over seeds:
        // a start already near a minimum gains little).
        b.cutsToAtMost(r, "cost_after_downhill", 0.9);
    }

    static void numericalDerivative(Result r, Bounds b) {
        if (r.float32()) {
            // float32 rounding of (1.5 ± 1e-4)² is about 1e-7, divided by 2e-4.
            b.near(3.0, 2e-3, r.metric("numeric"), "numeric");
        } else {
            b.near(2.9999999999996696, 0, r.metric("numeric"), "numeric, the notebook's digits bit for bit");
        }
        b.near(3.0, 0, r.metric("exact"), "exact");
    }

    static void gradientCheck(Result r, Bounds b) {
        // Central differences with ε = 1e-4 err by O(ε²) ≈ 1e-8 of the third derivative: numpy's 5 seeds gave
        // 1.5e-10 – 5.1e-10, nnlab's 200 seeds 1.7e-11 – 8.3e-9 (median 2.2e-10). In float32 the
        // cost's rounding (about 1e-8) divided by 2ε dominates: about 1e-3.
        b.eachWithin(r, "relative_error", 0, r.float32() ? 0.1 : 1e-8);
        if (!r.float32()) b.within(1e-11, 1e-9, r.median("relative_error"), "median relative error (about 1e-10)");
    }

    static void bfgs(Result r, Bounds b) {
        // Every run ends at a stationary point: the global minimum (cost 0) or, for about 4 % of starts (15 of
        // 400 nnlab seeds, 8 of 200 numpy seeds), the local minimum at 0.0020682. In float32 the line search
        // runs out of resolvable decrease (precision loss) up to 1e-5 short of it: one of 20 seeds stopped at
        // 0.0020664.
        double atLocal = r.float32() ? 1e-5 : 1e-8;
        for (Run run : r.runs()) {
            double c = run.metric("final_cost");
            b.that(c < 1e-8 || Math.abs(c - LOCAL_MINIMUM) < atLocal, "seed " + run.seed() + ": final cost " + c
                    + " at the global minimum (below 1e-8) or the local one (" + LOCAL_MINIMUM + ")");
        }
        b.eachWithin(r, "iterations", 1, NeuralNetworksDemystified.BFGS_ITERATIONS);
        // A correct BFGS drives the cost below 1e-8; judged over the sweep since some starts lead into the
        // local minimum: 4 % of starts there, so 3 or more of 20 has probability 4 %, 4 or more 0.7 %.
        b.atMost(1e-8, r.median("final_cost"), "median final cost");
        b.atLeast(0.8, r.share(run -> run.metric("final_cost") < 1e-8), "share of runs below 1e-8");
        // Cost below 1e-8 means every prediction within 1.5e-4 of its target.
        b.near(0.75, 1.5e-4, r.median("yhat_0"), "median yhat_0");
        b.near(0.82, 1.5e-4, r.median("yhat_1"), "median yhat_1");
        b.near(0.95, 1.5e-4, r.median("yhat_2"), "median yhat_2");
        // Over the sweep: a start that leads into the local minimum ends at 0.00207, against 0.008 or more at
        // the start (seeds 1–20).
        b.cutsToAtMost(r, "final_cost", 1e-6);
    }

    static void regularization(Result r, Bounds b) {
        if (r.float32()) {
            // Near the regularised minimum the cost changes by less than float32 resolves, so BFGS stops short of
            // it (precision loss), within 1 % of it: seeds 1–20 ended at test cost 0.00278 – 0.00282 and training
            // cost 0.000356 – 0.000372. Untrained, both are 0.0015 or more.
            b.eachWithin(r, "test_cost_l2", 0.0027, 0.0029);
            b.eachWithin(r, "train_cost_l2", 0.00035, 0.00038);
        } else {
            // With λ = 1e-4 the regularised cost has, in numpy (30 seeds, gtol 1e-10), two minima: test cost
            // 0.0028036129 (most starts) and 0.0028372568, both at training cost 0.00036155.
            b.eachWithin(r, "test_cost_l2", 0.0028, 0.00285);
            b.eachWithin(r, "train_cost_l2", 0.00036, 0.000363);
            b.near(0.0028036129, 1e-8, r.median("test_cost_l2"), "median test_cost_l2 (numpy's minimum)");
            b.near(0.0003615499, 1e-8, r.median("train_cost_l2"), "median train_cost_l2 (numpy's minimum)");
        }
        // Unregularised, 9 weights fit 3 points exactly for most starts, and generalise worse: nnlab's 200
        // seeds gave median test cost 0.0065 against 0.0028 with the penalty.
        b.atMost(1e-8, r.median("train_cost"), "median unregularised training cost, about 0");
        b.that(r.median("test_cost_l2") < r.median("test_cost"), "the penalty lowers the typical test cost: "
                + r.median("test_cost_l2") + " against " + r.median("test_cost"));
        b.that(r.median("train_cost_l2") > r.median("train_cost"), "and pays for it with training fit: "
                + r.median("train_cost_l2") + " against " + r.median("train_cost"));
        // Training is judged on what it minimises: some random starts happen to predict the test students
        // better than the fit (untrained test costs from 0.0015 over seeds 1–20), none the training ones
        // (0.0016 and more, against 0.00036).
        b.eachCutsToAtMost(r, "train_cost_l2", 0.5);
    }
}
