package io.nnlab.experiments.t3;

import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t3's results. Apart from the recursion, every one depends on the seed (data, initial weights,
 * batch order, dropout masks), and TensorFlow's random streams cannot be reproduced, so each is
 * held to a band. The bands come from nnlab's seeds 1–20 and from a numpy
 * re-implementation of the Keras runs (Glorot-uniform kernels, Keras's Adam, batches of 32
 * reshuffled each epoch; "numpy" below), widened so that any seed, either dtype and either backend
 * pass while a broken training run does not. Several of these runs are multimodal across starts
 * (which way a ReLU faces, whether a unit dies, whether the sigmoid net separates the two leftmost
 * points); there the band spans the modes and a bound from the problem itself says what no
 * correct run can pass.
 */
@Tag("tutorial")
@Tag("t3")
class PerceptronToMlpTest {

    private static void assertWithin(double lo, double hi, double actual, String what) {
        assertTrue(actual >= lo && actual <= hi, what + " = " + actual + ", expected within [" + lo + ", " + hi + "]");
    }

    // ------------------------------------------------------------------ classification

    @Test
    void logisticLinear() {
        Result r = Runner.result("t3.logistic-linear");
        // nnlab seeds 1–20: loss 0.080–0.114, accuracy 0.970–0.999; numpy (8 seeds): 0.082–0.111, 0.968–0.995.
        assertWithin(0.05, 0.16, r.metric("final_loss"), "final_loss");
        assertWithin(0.95, 1.0, r.metric("accuracy"), "accuracy");
        // The true boundary is x2 = -0.8 x1 + 3. After 10 epochs the learned one is a little flatter:
        // slope -0.81 to -0.72 and intercept 2.59 to 3.00 over nnlab's 20 seeds (numpy: -0.82 to -0.76, 2.71 to 3.02).
        double slope = r.metric("boundary_slope"), intercept = r.metric("boundary_intercept");
        assertWithin(-0.95, -0.65, slope, "boundary_slope");
        assertWithin(2.4, 3.4, intercept, "boundary_intercept");
        // Slope and intercept trade off against each other; the line's height mid-plot (x1 = 4, true -0.2) is
        // steadier: -0.35 to -0.21 over the 20 seeds.
        assertWithin(-0.7, 0.2, 4 * slope + intercept, "boundary at x1 = 4");
    }

    @Test
    void twoUnitNonlinear() {
        Result r = Runner.result("t3.two-unit-nonlinear");
        // nnlab seeds 1–20: loss 0.084–0.148, accuracy 0.941–0.973; numpy (8 seeds): 0.099–0.160, 0.954–0.969.
        assertWithin(0.05, 0.25, r.metric("final_loss"), "final_loss");
        // The best straight boundary (logistic regression to convergence) classifies only about 0.80 of these
        // points: above 0.90 the two hidden units have bent the boundary around the parabola.
        assertWithin(0.90, 1.0, r.metric("accuracy"), "accuracy");
    }

    // ------------------------------------------------------------------ ReLU regression

    // The least MSE n kinks can reach on the cubic over uniform x in [-1.5, 1.5] (a global fit by many restarts):
    // 0.153 for one unit, 0.0647 for two, 0.0058 for four. A sample of 1000 points can sit a little below its
    // population value (nnlab's best seed for one unit: 0.1305), hence the lower bounds at about 0.8 of these. A
    // dead or wrongly facing unit leaves up to the mean of y², 0.388 (0.42 in one numpy run): the upper bound.

    @Test
    void relu1() {
        // nnlab seeds 1–20: 0.131–0.399 in two modes (about 0.15, and 0.27–0.40); numpy (10 seeds): 0.133–0.416.
        assertWithin(0.12, 0.45, Runner.result("t3.relu-1").metric("final_mse"), "final_mse");
    }

    @Test
    void relu2() {
        // nnlab seeds 1–20: 0.062–0.374 (both units useful about 0.06, one wasted about 0.14, worse beyond).
        assertWithin(0.05, 0.45, Runner.result("t3.relu-2").metric("final_mse"), "final_mse");
    }

    @Test
    void relu4() {
        // nnlab seeds 1–20: 0.0072–0.374, median 0.13: Adam with lr 0.001 often leaves a unit dead.
        assertWithin(0.004, 0.45, Runner.result("t3.relu-4").metric("final_mse"), "final_mse");
    }

    @Test
    void relu100() {
        // nnlab seeds 1–20: 1.4e-6 – 4.2e-5: a hundred kinks follow the cubic closely whatever the start.
        assertWithin(0, 2e-4, Runner.result("t3.relu-100").metric("final_mse"), "final_mse");
    }

    // ------------------------------------------------------------------ recursion

    @Test
    void recursion() {
        Result r = Runner.result("t3.recursion");
        assertEquals(120, r.metric("fac5"), 0, "fac5");
        assertEquals(55, r.metric("fib10"), 0, "fib10");
        // fib(30) naively makes 1.6 million calls; memoised, 30 steps: the memo wins by orders of magnitude.
        double naive = r.metric("fib30_naive_ms"), memo = r.metric("fib30_memo_ms");
        assertTrue(naive > 0 && memo > 0, "timings are positive: " + naive + ", " + memo);
        assertTrue(memo * 100 < naive, "memoised fib(30) " + memo + " ms should be far below naive " + naive + " ms");
    }

    // ------------------------------------------------------------------ MNIST

    @Test
    void mnistMlp() {
        Result r = Runner.result("t3.mnist-mlp");
        // The floor, for every seed tried. nnlab seeds 1–20 gave 0.9659–0.9788, median 0.9761 (numpy, 4 seeds:
        // 0.973–0.975; the tutorial says about 0.977). Seed 16 is the one below the floor: its test accuracy was
        // 0.9725 after the fourth epoch and Adam's steps in the fifth took it to 0.9659. numpy,
        // trained from the same start and batch order, ends at 0.9663 (MnistNumpyTrajectoryTest), so the
        // dip is the algorithm's. A -Dnnlab.seeds=20 sweep fails here all the same, while the floor stands.
        assertTrue(r.metric("test_accuracy") >= 0.97, "test_accuracy = " + r.metric("test_accuracy"));
        if (r.sweep() != null) {
            for (Result run : r.sweep().runs()) {
                assertTrue(run.metric("test_accuracy") >= 0.97, "seed " + run.seed() + ": test_accuracy = "
                        + run.metric("test_accuracy"));
            }
        }
        // nnlab seeds 1–20: test loss 0.071–0.111, training accuracy 0.9808–0.9902 (numpy: 0.080–0.087, 0.986–0.989).
        assertWithin(0.05, 0.13, r.metric("test_loss"), "test_loss");
        assertWithin(0.975, 0.995, r.metric("train_accuracy"), "train_accuracy");
        // The tutorial's remark: a little better on the training images than on the test images.
        assertTrue(r.metric("train_accuracy") > r.metric("test_accuracy"), "train accuracy above test accuracy");
        assertTrue(r.metric("epoch_seconds") > 0, "epoch_seconds is measured");
    }

    // ------------------------------------------------------------------ overfitting and its remedies

    // The ten points: their variance is 5.54, a straight line leaves 1.38 and a cubic 0.39.

    @Test
    void overfitSigmoid() {
        // Interpolation or nearly: nnlab seeds 1–20 gave 1e-13 – 1e-5 (10 seeds), 0.0017–0.0020 (9 seeds, the two
        // leftmost points fitted by their mean, exactly 0.0017) and 0.080 (1 seed); numpy (20 seeds) the same three
        // modes, 14 / 5 / 1. Far below the cubic's 0.39 in every mode.
        assertWithin(0, 0.12, Runner.result("t3.overfit-sigmoid").metric("final_mse"), "final_mse");
    }

    @Test
    void batchNorm() {
        Result r = Runner.result("t3.batchnorm");
        // With batch statistics it still overfits: nnlab seeds 1–20 gave 1.6e-8 – 0.154 (numpy 5 seeds: 1e-5 – 0.038).
        assertWithin(0, 0.3, r.metric("final_mse"), "final_mse");
        // With the moving statistics, which lag the last steps, this very sensitive fit moves a lot: 6e-4 – 4.5 over
        // nnlab's 20 seeds (numpy: 0.11 – 1.38). The band only rules out a broken inference path (the data's
        // variance is 5.54).
        assertWithin(0, 10, r.metric("final_mse_inference"), "final_mse_inference");
    }

    @Test
    void dropout() {
        // 200 epochs with a fifth of the units dropped at each step: the training loss stays high and noisy,
        // 0.68–3.26 over nnlab's 20 seeds (numpy 10 seeds: 1.04–2.41).
        assertWithin(0.3, 5, Runner.result("t3.dropout").metric("final_mse"), "final_mse");
    }

    @Test
    void l2Regularized() {
        Result r = Runner.result("t3.l2-regularized");
        // λ = 1e-3: the fit lies between interpolation and the cubic's 0.39: 0.306 (18 seeds) or 0.200 (2 seeds) over
        // nnlab's seeds 1–20.
        assertWithin(0.15, 0.40, r.metric("final_mse"), "final_mse");
        // Kernel norm 10.7–13.6 with the penalty against 36–42 without it, over the same 20 seeds.
        double penalised = r.metric("weight_norm"), free = r.metric("weight_norm_unregularized");
        assertWithin(9, 16, penalised, "weight_norm");
        assertWithin(32, 46, free, "weight_norm_unregularized");
        assertTrue(penalised < 0.5 * free, "the penalty shrinks the weights: " + penalised + " against " + free);
    }
}
