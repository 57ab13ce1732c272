package io.nnlab.optim.fullbatch;

import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK;
import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK_MINIMUM;
import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK_START;
import static io.nnlab.optim.fullbatch.TestFunctions.maxAbsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.optim.fullbatch.TestFunctions.Counting;
import io.nnlab.optim.fullbatch.TestFunctions.Quadratic;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConjugateGradientTest {

    /*
     * For comparison, scipy 1.17.1 minimize(rosen, [-1.2, 1], jac=rosen_der, method='CG') reports
     * nit 36, nfev 78, njev 77 (it uses a Wolfe line search; commons-math3's is an exact Brent search,
     * fewer iterations but more calls each).
     */

    @ParameterizedTest
    @EnumSource(Formula.class)
    void reachesTheRosenbrockMinimum(Formula formula) {
        var result = ConjugateGradient.minimize(ROSENBROCK, ROSENBROCK_START,
                MinimizerOptions.defaults().withGradientTolerance(1e-7), formula);

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason(), result::toString);
        assertTrue(maxAbsError(result.x(), ROSENBROCK_MINIMUM) <= 1e-6, result::toString);
    }

    @Test
    void reachesTheMinimumOfAnIllConditionedQuadratic() {
        var quadratic = Quadratic.illConditioned(50, 1e4, 42);
        var result = ConjugateGradient.minimize(quadratic, new double[quadratic.dimension()],
                MinimizerOptions.defaults().withGradientTolerance(1e-9));

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason(), result::toString);
        assertTrue(maxAbsError(result.x(), quadratic.minimum()) <= 1e-6, result::toString);
    }

    /** Each call yields value and gradient; the cache must not let the optimizer's requests double it. */
    @Test
    void countsObjectiveCallsNotRequests() {
        var counting = new Counting(ROSENBROCK);
        var result = ConjugateGradient.minimize(counting, ROSENBROCK_START);

        assertTrue(result.success(), result::toString);
        assertEquals(counting.calls, result.functionEvaluations());
        assertEquals(counting.calls, result.gradientEvaluations());
        assertEquals(result.iterations() + 1, result.trace().length);
        assertEquals(result.fun(), TestFunctions.rosenbrockValue(result.x()));
    }

    @Test
    void stopsAtTheIterationLimit() {
        var result = ConjugateGradient.minimize(ROSENBROCK, ROSENBROCK_START,
                MinimizerOptions.defaults().withMaxIterations(3));

        assertEquals(StopReason.MAX_ITERATIONS, result.reason());
        assertEquals(3, result.iterations());
        assertFalse(result.success());
    }

    @Test
    void stopsAtTheEvaluationLimit() {
        var result = ConjugateGradient.minimize(ROSENBROCK, ROSENBROCK_START,
                MinimizerOptions.defaults().withMaxEvaluations(50));

        assertEquals(StopReason.MAX_EVALUATIONS, result.reason());
        assertEquals(50, result.functionEvaluations());
        assertEquals(result.fun(), TestFunctions.rosenbrockValue(result.x()));
    }

    @Test
    void startingAtTheMinimumTakesNoStep() {
        var result = ConjugateGradient.minimize(ROSENBROCK, ROSENBROCK_MINIMUM);

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason());
        assertEquals(0, result.iterations());
        assertEquals(1, result.functionEvaluations());
    }

    @Test
    void nanAtTheStartStopsWithAReason() {
        var result = ConjugateGradient.minimize((x, g) -> Double.NaN, new double[] {1, 2});

        assertEquals(StopReason.NAN_RESULT, result.reason());
        assertTrue(result.message().startsWith("NaN result encountered."), result.message());
    }
}
