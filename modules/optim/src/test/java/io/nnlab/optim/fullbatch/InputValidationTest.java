package io.nnlab.optim.fullbatch;

import static io.nnlab.optim.fullbatch.TestFunctions.ROSENBROCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputValidationTest {

    /** The three direct entry points, so every check is made of each. */
    static Stream<Arguments> minimizers() {
        return Stream.of(
                Arguments.of("BFGS", (BiFunction<DiffFunction, double[], MinimizationResult>) Bfgs::minimize),
                Arguments.of("L-BFGS", (BiFunction<DiffFunction, double[], MinimizationResult>) Lbfgs::minimize),
                Arguments.of("CG",
                        (BiFunction<DiffFunction, double[], MinimizationResult>) ConjugateGradient::minimize));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimizers")
    void rejectsAnEmptyStart(String name, BiFunction<DiffFunction, double[], MinimizationResult> minimize) {
        var e = assertThrows(IllegalArgumentException.class, () -> minimize.apply(ROSENBROCK, new double[0]));
        assertEquals("start point x0 must have at least 1 component, got 0", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimizers")
    void rejectsANullStart(String name, BiFunction<DiffFunction, double[], MinimizationResult> minimize) {
        var e = assertThrows(IllegalArgumentException.class, () -> minimize.apply(ROSENBROCK, null));
        assertEquals("start point x0 must not be null", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimizers")
    void rejectsANonFiniteStart(String name, BiFunction<DiffFunction, double[], MinimizationResult> minimize) {
        var nan = assertThrows(IllegalArgumentException.class,
                () -> minimize.apply(ROSENBROCK, new double[] {0, Double.NaN}));
        assertEquals("start point x0 must be finite, got x0[1] = NaN", nan.getMessage());
        var inf = assertThrows(IllegalArgumentException.class,
                () -> minimize.apply(ROSENBROCK, new double[] {Double.NEGATIVE_INFINITY, 0}));
        assertEquals("start point x0 must be finite, got x0[0] = -Infinity", inf.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimizers")
    void rejectsANullFunction(String name, BiFunction<DiffFunction, double[], MinimizationResult> minimize) {
        var e = assertThrows(NullPointerException.class, () -> minimize.apply(null, new double[] {1, 2}));
        assertEquals("objective function must not be null", e.getMessage());
    }

    @Test
    void rejectsANonPositiveGradientTolerance() {
        var options = MinimizerOptions.defaults();
        assertEquals("gradient tolerance must be finite and > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> options.withGradientTolerance(0)).getMessage());
        assertEquals("gradient tolerance must be finite and > 0, got -1.0E-5",
                assertThrows(IllegalArgumentException.class, () -> options.withGradientTolerance(-1e-5)).getMessage());
        assertEquals("gradient tolerance must be finite and > 0, got NaN",
                assertThrows(IllegalArgumentException.class,
                        () -> options.withGradientTolerance(Double.NaN)).getMessage());
    }

    @Test
    void rejectsNegativeLimits() {
        var options = MinimizerOptions.defaults();
        assertEquals("maxIterations must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> options.withMaxIterations(-1)).getMessage());
        assertEquals("maxEvaluations must be >= 1 (the start point needs one), got 0",
                assertThrows(IllegalArgumentException.class, () -> options.withMaxEvaluations(0)).getMessage());
        assertEquals("L-BFGS memory must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> options.withMemory(0)).getMessage());
    }

    @Test
    void defaultsAreScipys() {
        var options = MinimizerOptions.defaults();
        assertEquals(1e-5, options.gradientTolerance());
        assertEquals(400, options.maxIterations(2));
        assertEquals(7, options.withMaxIterations(7).maxIterations(2));
        assertEquals(10, options.memory());
        assertEquals(1e-4, options.lineSearch().c1());
        assertEquals(0.9, options.lineSearch().c2());
    }

    @Test
    void bfgsRefusesADimensionItsMatrixCannotHold() {
        int n = Bfgs.MAX_DIMENSION + 1;
        var e = assertThrows(IllegalArgumentException.class, () -> Bfgs.minimize((x, g) -> {
            g[0] = 1;
            return 0;
        }, new double[n]));
        assertEquals("BFGS stores an n × n matrix, so n must be <= 46340, got n = 46341; use Lbfgs for large problems",
                e.getMessage());
    }

    @Test
    void commonsMathPathNeedsAStartPoint() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().optimize(
                new ObjectiveFunction(TestFunctions::rosenbrockValue),
                new ObjectiveFunctionGradient(TestFunctions::rosenbrockGradient), new MaxEval(100)));
        assertEquals("no start point: pass an InitialGuess to optimize(...)", e.getMessage());
    }

    @Test
    void commonsMathPathRejectsAGradientOfTheWrongLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs().optimize(
                new ObjectiveFunction(TestFunctions::rosenbrockValue),
                new ObjectiveFunctionGradient(x -> new double[1]),
                new org.apache.commons.math3.optim.InitialGuess(new double[] {-1.2, 1}), new MaxEval(100)));
        assertEquals("gradient function returned 1 components, expected 2 (the dimension of the start point)",
                e.getMessage());
    }
}
