package io.nnlab.optim.fullbatch;

import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK;
import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK_MINIMUM;
import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK_START;
import static io.nnlab.optim.fullbatch.TestFunctions.maxAbsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.optim.fullbatch.TestFunctions.Counting;
import io.nnlab.optim.fullbatch.TestFunctions.Quadratic;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LbfgsTest {

    /*
     * For comparison, scipy 1.17.1 minimize(rosen, [-1.2, 1], jac=rosen_der, method='L-BFGS-B') (m = 10,
     * projected-gradient tolerance 1e-5) reports nit 36, nfev 44; it is a different code (bounds,
     * Moré–Thuente search), so this is a sanity bound rather than a match.
     */
    private static final int SCIPY_LBFGSB_ITERATIONS = 36;

    @Test
    void reachesTheRosenbrockMinimum() {
        var result = Lbfgs.minimize(ROSENBROCK, ROSENBROCK_START,
                MinimizerOptions.defaults().withGradientTolerance(1e-7));

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason(), result::toString);
        assertTrue(maxAbsError(result.x(), ROSENBROCK_MINIMUM) <= 1e-6, result::toString);
    }

    @Test
    void isComparableWithScipyOnRosenbrock() {
        var result = Lbfgs.minimize(ROSENBROCK, ROSENBROCK_START);

        assertTrue(result.success(), result::toString);
        assertTrue(result.iterations() <= SCIPY_LBFGSB_ITERATIONS + 5, result::toString);
    }

    @Test
    void reachesTheMinimumOfAnIllConditionedQuadratic() {
        var quadratic = Quadratic.illConditioned(50, 1e4, 42);
        var result = Lbfgs.minimize(quadratic, new double[quadratic.dimension()],
                MinimizerOptions.defaults().withGradientTolerance(1e-9));

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason(), result::toString);
        assertTrue(maxAbsError(result.x(), quadratic.minimum()) <= 1e-6, result::toString);
    }

    /** With m = 1 the method is memoryless BFGS; with m ≥ n on a quadratic it behaves much like BFGS. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 50})
    void convergesWithAnyMemory(int memory) {
        var result = Lbfgs.minimize(ROSENBROCK, ROSENBROCK_START,
                MinimizerOptions.defaults().withMemory(memory).withGradientTolerance(1e-7));

        assertTrue(result.success(), result::toString);
        assertTrue(maxAbsError(result.x(), ROSENBROCK_MINIMUM) <= 1e-6, result::toString);
    }

    @Test
    void countsEveryObjectiveCall() {
        var counting = new Counting(ROSENBROCK);
        var result = Lbfgs.minimize(counting, ROSENBROCK_START);

        assertEquals(counting.calls, result.functionEvaluations());
        assertEquals(counting.calls, result.gradientEvaluations());
    }

    @Test
    void isDeterministic() {
        assertEquals(Lbfgs.minimize(ROSENBROCK, ROSENBROCK_START), Lbfgs.minimize(ROSENBROCK, ROSENBROCK_START));
    }

    @Test
    void commonsMathPathMatchesTheDirectPath() {
        var lbfgs = new Lbfgs();
        PointValuePair optimum = lbfgs.optimize(new ObjectiveFunction(TestFunctions::rosenbrockValue),
                new ObjectiveFunctionGradient(TestFunctions::rosenbrockGradient),
                new InitialGuess(ROSENBROCK_START), new MaxEval(1000));
        var direct = Lbfgs.minimize(ROSENBROCK, ROSENBROCK_START);

        assertArrayEquals(direct.x(), optimum.getPoint());
        assertEquals(direct.iterations(), lbfgs.getIterations());
        assertEquals(direct.functionEvaluations(), lbfgs.getEvaluations());
    }

    /** The optimizer can be reused, including on a problem of another dimension. */
    @Test
    void anOptimizerCanBeReused() {
        var lbfgs = new Lbfgs();
        var quadratic = Quadratic.illConditioned(5, 10, 7);
        lbfgs.optimize(new ObjectiveFunction(TestFunctions::rosenbrockValue),
                new ObjectiveFunctionGradient(TestFunctions::rosenbrockGradient),
                new InitialGuess(ROSENBROCK_START), new MaxEval(1000));
        PointValuePair optimum = lbfgs.optimize(
                new ObjectiveFunction(x -> quadratic.evaluate(x, new double[5])),
                new ObjectiveFunctionGradient(x -> {
                    double[] g = new double[5];
                    quadratic.evaluate(x, g);
                    return g;
                }),
                new InitialGuess(new double[5]), new MaxEval(1000));

        assertTrue(maxAbsError(optimum.getPoint(), quadratic.minimum()) <= 1e-5);
    }
}
