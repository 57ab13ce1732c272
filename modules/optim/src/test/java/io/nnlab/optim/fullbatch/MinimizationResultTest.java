package io.nnlab.optim.fullbatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MinimizationResultTest {

    @Test
    void arraysAreCopiedInAndOut() {
        double[] x = {1, 2};
        var result = new MinimizationResult(x, 0, new double[] {0.5, -3}, 1, 2, 2, StopReason.GRADIENT_TOLERANCE,
                StopReason.GRADIENT_TOLERANCE.description(), new double[] {5, 0});
        x[0] = 99;
        result.x()[1] = 99;

        assertArrayEquals(new double[] {1, 2}, result.x());
        assertEquals(3, result.gradientNorm());
    }

    @Test
    void readsLikeScipysOptimizeResult() {
        var result = Bfgs.minimize(TestFunctions.ROSENBROCK, TestFunctions.ROSENBROCK_START);
        String text = result.toString();

        assertTrue(text.contains("message: Optimization terminated successfully."), text);
        assertTrue(text.contains("success: true"), text);
        assertTrue(text.contains("nit: " + result.iterations()), text);
        assertTrue(text.contains("nfev: " + result.functionEvaluations()), text);
    }
}
