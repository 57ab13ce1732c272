package io.nnlab.experiments.t1;

import io.nnlab.experiments.Checked;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * t1's results, each held to its check (see {@code t1.Checks}): bands over a sweep of seeds, and a stated
 * cut of the error of the same start before training.
 */
@Tag("tutorial")
@Tag("t1")
class LinearRegressionToNeuralNetsTest {

    @Test
    void linearFit() { Checked.verify("t1.linear-fit"); }

    @Test
    void linearFitQuadratic() { Checked.verify("t1.linear-fit-quadratic"); }

    @Test
    void linearFitQuadraticFeatures() { Checked.verify("t1.linear-fit-quadratic-features"); }

    @Test
    void forwardNetQuadratic() { Checked.verify("t1.forwardnet-quadratic"); }

    @Test
    void forwardNetRipple() { Checked.verify("t1.forwardnet-ripple"); }

    @Test
    void sgdRipple() { Checked.verify("t1.sgd-ripple"); }

    @Test
    void bfgsRipple() { Checked.verify("t1.bfgs-ripple"); }

    @Test
    void conjugateGradientRipple() { Checked.verify("t1.cg-ripple"); }
}
