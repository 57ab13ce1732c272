package io.nnlab.experiments.t5;

import io.nnlab.experiments.Catalog;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.experiments.Sweep;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t5's results. The numerical derivative is deterministic and equals the notebook's digits; the
 * rest start from random weights and are held to bands from the tutorial's own numpy code (fixed
 * where the notebook is broken) run over hundreds of seeds on this machine, and from nnlab's own
 * seed sweeps.
 */
@Tag("tutorial")
@Tag("t5")
class NeuralNetworksDemystifiedTest {
    private static final int SEEDS = 20;
    /** The cost of the 2-3-1 net's local minimum: ŷ = [0.75, 0.8631, 0.9022]. */
    private static final double LOCAL_MINIMUM = 0.0020682321796;

    private static boolean float32(Result r) { return r.dtype().equals("float32"); }

    private static void assertWithin(double lo, double hi, double actual, String what) {
        assertTrue(actual >= lo && actual <= hi, what + " = " + actual + ", expected within [" + lo + ", " + hi + "]");
    }

    private static Sweep sweep(String id) {
        Sweep s = Runner.run(Catalog.experiment(id), SEEDS).sweep();
        assertEquals(SEEDS, s.size(), id + ": sweep size");
        return s;
    }

    @Test
    void forwardPassGivesTheNotebooksPrintedPrediction() {
        // The weights the notebook displays (In[160]) with its inputs give its printed ŷ (In[135]) to all
        // 8 printed digits: the nnlab layers compute the notebook's forward pass.
        ScoreNet net = new ScoreNet(DType.FLOAT64, 0);
        net.setParams(new double[]{0.22224692, -0.27898779, 1.71877036, 0.23482195, -2.14545752, -0.10447487,
                -0.16169648, 0.02736267, 0.35196909});
        Tensor yHat = net.forward(NeuralNetworksDemystified.inputs(DType.FLOAT64));
        assertArrayEquals(new double[]{0.53030683, 0.54199931, 0.55222292}, yHat.toDoubleArray(), 5e-9);
    }

    @Test
    void uphillStep() {
        Result r = Runner.result("t5.uphill-step");
        double before = r.metric("cost_before");
        assertTrue(r.metric("cost_after_uphill") > before, "W + 3·dJ/dW raises the cost");
        assertTrue(r.metric("cost_after_downhill") < before, "W − 3·dJ/dW lowers it");

        // A step of 3 gradients is not small, yet in numpy it went up and down as the notebook says for
        // 500 of 500 seeds; so here for every seed.
        Sweep s = sweep("t5.uphill-step");
        for (Result run : s.runs()) {
            double b = run.metric("cost_before");
            assertTrue(run.metric("cost_after_uphill") > b && run.metric("cost_after_downhill") < b,
                    "seed " + run.seed() + ": " + run.metrics());
        }
        // The notebook's 0.482 is an ordinary draw: numpy's uphill cost over 4000 seeds has median 0.385,
        // 5–95 % 0.017 – 0.89.
        assertWithin(0.15, 0.65, s.spread("cost_after_uphill").median(), "median cost after the uphill step");
        assertTrue(s.spread("cost_after_uphill").min() < 0.482 && 0.482 < s.spread("cost_after_uphill").max(),
                "the printed 0.482 lies within the sweep");
    }

    @Test
    void numericalDerivative() {
        Result r = Runner.result("t5.numerical-derivative");
        if (float32(r)) {
            // float32 rounding of (1.5 ± 1e-4)² is about 1e-7, divided by 2e-4.
            assertEquals(3.0, r.metric("numeric"), 2e-3);
        } else {
            assertEquals(2.9999999999996696, r.metric("numeric"), 0.0, "the notebook's digits, bit for bit");
        }
        assertEquals(3.0, r.metric("exact"), 0.0);
    }

    @Test
    void gradientCheck() {
        Result r = Runner.result("t5.gradient-check");
        // Central differences with ε = 1e-4 err by O(ε²) ≈ 1e-8 of the third derivative: numpy's 5 seeds gave
        // 1.5e-10 – 5.1e-10, nnlab's 200 seeds 1.7e-11 – 8.3e-9 (median 2.2e-10). In float32 the
        // cost's rounding (about 1e-8) divided by 2ε dominates: about 1e-3.
        double bound = float32(r) ? 0.1 : 1e-8;
        assertTrue(r.metric("relative_error") < bound, "relative error " + r.metric("relative_error"));
        if (!float32(r)) {
            Sweep s = sweep("t5.gradient-check");
            assertWithin(1e-11, 1e-9, s.spread("relative_error").median(), "median relative error (about 1e-10)");
        }
    }

    @Test
    void bfgs() {
        Result r = Runner.result("t5.bfgs");
        double cost = r.metric("final_cost");
        // Every run ends at a stationary point: the global minimum (cost 0) or, for about 4% of starts (15 of
        // 400 nnlab seeds, 8 of 200 numpy seeds), the local minimum at 0.0020682. In float32 the line search
        // runs out of resolvable decrease (precision loss) up to 1e-5 short of it: one of 20 seeds stopped at
        // 0.0020664.
        double atLocal = float32(r) ? 1e-5 : 1e-8;
        assertTrue(cost < 1e-8 || Math.abs(cost - LOCAL_MINIMUM) < atLocal, "final cost " + cost);
        assertTrue(r.metric("iterations") <= NeuralNetworksDemystified.BFGS_ITERATIONS, "iterations");

        // The optim issue's requirement: a correct BFGS drives the cost below 1e-8; judged over 20 seeds since
        // some starts lead into the local minimum.
        Sweep s = sweep("t5.bfgs");
        double median = s.spread("final_cost").median();
        assertTrue(median < 1e-8, "median final cost over " + SEEDS + " seeds = " + median + ", required < 1e-8");
        // 4% of starts in the local minimum: 3 or more of 20 has probability 4%, 4 or more 0.7%.
        assertTrue(s.share("final_cost", c -> c < 1e-8) >= 0.8, "share of runs below 1e-8");
        for (Result run : s.runs()) {
            double c = run.metric("final_cost");
            assertTrue(c < 1e-8 || Math.abs(c - LOCAL_MINIMUM) < atLocal, "seed " + run.seed() + ": final cost " + c);
        }
        // Cost below 1e-8 means every prediction within 1.5e-4 of its target.
        assertEquals(0.75, s.spread("yhat_0").median(), 1.5e-4);
        assertEquals(0.82, s.spread("yhat_1").median(), 1.5e-4);
        assertEquals(0.95, s.spread("yhat_2").median(), 1.5e-4);
    }

    @Test
    void regularization() {
        Result r = Runner.result("t5.regularization");
        assertEquals(NeuralNetworksDemystified.LAMBDA, r.metric("lambda"), 0.0);
        if (float32(r)) {
            // Near the regularised minimum the cost changes by less than float32 resolves, so BFGS stops
            // short of it (precision loss); only float64 is held to numpy's minimum.
            assertWithin(0.0, 0.01, r.metric("test_cost_l2"), "test_cost_l2");
            return;
        }
        // With λ = 1e-4 the regularised cost has, in numpy (30 seeds, gtol 1e-10), two minima: test cost
        // 0.0028036129 (most starts) and 0.0028372568.
        assertWithin(0.0028, 0.00285, r.metric("test_cost_l2"), "test_cost_l2");

        Sweep s = sweep("t5.regularization");
        assertEquals(0.0028036129, s.spread("test_cost_l2").median(), 1e-8, "median test_cost_l2 (numpy's minimum)");
        assertEquals(0.0003615499, s.spread("train_cost_l2").median(), 1e-8, "median train_cost_l2 (numpy's minimum)");
        // Unregularised, 9 weights fit 3 points exactly for most starts, and generalise worse: nnlab's 200
        // seeds gave median test cost 0.0065 against 0.0028 with the penalty.
        assertTrue(s.spread("train_cost").median() < 1e-8, "unregularised training cost ~0");
        assertTrue(s.spread("test_cost_l2").median() < s.spread("test_cost").median(),
                "the penalty lowers the typical test cost");
        assertTrue(s.spread("train_cost_l2").median() > s.spread("train_cost").median(),
                "and pays for it with training fit");
    }
}
