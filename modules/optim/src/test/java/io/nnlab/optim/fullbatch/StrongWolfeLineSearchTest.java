package io.nnlab.optim.fullbatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.LineFunction;
import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.Result;
import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.Sample;
import io.nnlab.optim.fullbatch.StrongWolfeLineSearch.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrongWolfeLineSearchTest {

    /** A 1-D test function with its derivative. */
    record Phi(String name, DoubleUnaryOperator value, DoubleUnaryOperator slope) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Records every trial, so tests can check what the search saw. */
    static final class Recording implements LineFunction {

        final Phi phi;
        final List<Sample> trials = new ArrayList<>();

        Recording(Phi phi) {
            this.phi = phi;
        }

        @Override
        public Sample at(double alpha) {
            Sample s = new Sample(alpha, phi.value().applyAsDouble(alpha), phi.slope().applyAsDouble(alpha));
            trials.add(s);
            return s;
        }

        Result search(StrongWolfeLineSearch lineSearch, double initialStep) {
            return lineSearch.search(this, phi.value().applyAsDouble(0), phi.slope().applyAsDouble(0), initialStep);
        }
    }

    static final Phi QUADRATIC = new Phi("(α − 3)²", a -> (a - 3) * (a - 3), a -> 2 * (a - 3));

    /** Moré &amp; Thuente (1994), function 1 with β = 2: minimiser √2, slow decay beyond it. */
    static final Phi MORE_THUENTE_1 = new Phi("−α / (α² + 2)",
            a -> -a / (a * a + 2), a -> (a * a - 2) / ((a * a + 2) * (a * a + 2)));

    /** Moré &amp; Thuente (1994), function 2 with β = 0.004: minimiser 1.596, steep beyond. */
    static final Phi MORE_THUENTE_2 = new Phi("(α + β)⁵ − 2 (α + β)⁴",
            a -> Math.pow(a + 0.004, 5) - 2 * Math.pow(a + 0.004, 4),
            a -> 5 * Math.pow(a + 0.004, 4) - 8 * Math.pow(a + 0.004, 3));

    /** Moré &amp; Thuente (1994), function 3 with β = 0.01, l = 39: a ramp with many ripples. */
    static final Phi MORE_THUENTE_3 = new Phi("ramp + ripples", a -> {
        double beta = 0.01;
        double ramp = a <= 1 - beta ? 1 - a : a >= 1 + beta ? a - 1 : (a - 1) * (a - 1) / (2 * beta) + beta / 2;
        return ramp + 2 * (1 - beta) / (39 * Math.PI) * Math.sin(39 * Math.PI * a / 2);
    }, a -> {
        double beta = 0.01;
        double ramp = a <= 1 - beta ? -1 : a >= 1 + beta ? 1 : (a - 1) / beta;
        return ramp + (1 - beta) * Math.cos(39 * Math.PI * a / 2);
    });

    /** Finite only up to α = 2: longer steps must be read as overshoot. */
    static final Phi NAN_BEYOND_2 = new Phi("(α − 1.5)², NaN beyond 2",
            a -> a > 2 ? Double.NaN : (a - 1.5) * (a - 1.5), a -> a > 2 ? Double.NaN : 2 * (a - 1.5));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Phi phi : List.of(QUADRATIC, MORE_THUENTE_1, MORE_THUENTE_2, MORE_THUENTE_3, NAN_BEYOND_2)) {
            for (double initialStep : new double[] {1e-3, 1e-1, 1, 10, 1000}) {
                cases.add(Arguments.of(phi, initialStep, 1e-4, 0.9));
                cases.add(Arguments.of(phi, initialStep, 1e-3, 0.1));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} from {1}, c1 = {2}, c2 = {3}")
    @MethodSource("cases")
    void returnsAStepSatisfyingBothStrongWolfeConditions(Phi phi, double initialStep, double c1, double c2) {
        var recording = new Recording(phi);
        double value0 = phi.value().applyAsDouble(0);
        double slope0 = phi.slope().applyAsDouble(0);

        Result result = recording.search(new StrongWolfeLineSearch(c1, c2), initialStep);

        assertEquals(Status.CONVERGED, result.status(), () -> "trials " + recording.trials);
        Sample step = result.step();
        assertTrue(step.alpha() > 0);
        assertTrue(step.value() <= value0 + c1 * step.alpha() * slope0, "sufficient decrease: " + step);
        assertTrue(Math.abs(step.slope()) <= c2 * Math.abs(slope0), "curvature: " + step);
        assertEquals(recording.trials.size(), result.evaluations());
        assertEquals(recording.trials.getLast(), step, "the accepted step is the last one evaluated");
    }

    @Test
    void aFullStepThatIsAcceptableIsTakenAtOnce() {
        var recording = new Recording(QUADRATIC);
        Result result = recording.search(new StrongWolfeLineSearch(), 3);

        assertEquals(3, result.step().alpha());
        assertEquals(1, result.evaluations());
    }

    @Test
    void aNonDescentDirectionIsAnError() {
        var lineSearch = new StrongWolfeLineSearch();
        LineFunction phi = a -> new Sample(a, a, 1);

        var ascent = assertThrows(IllegalArgumentException.class, () -> lineSearch.search(phi, 0, 1, 1));
        assertEquals("search direction is not a descent direction: expected φ'(0) < 0, got φ'(0) = 1.0",
                ascent.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> lineSearch.search(phi, 0, 0, 1));
        assertTrue(flat.getMessage().endsWith("got φ'(0) = 0.0"), flat.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> lineSearch.search(phi, 0, Double.NaN, 1));
        assertTrue(nan.getMessage().endsWith("got φ'(0) = NaN"), nan.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        var lineSearch = new StrongWolfeLineSearch();
        LineFunction phi = a -> new Sample(a, -a, -1);

        var step = assertThrows(IllegalArgumentException.class, () -> lineSearch.search(phi, 0, -1, 0));
        assertEquals("initial step must be in (0, 1.0E100], got 0.0", step.getMessage());
        var value = assertThrows(IllegalArgumentException.class, () -> lineSearch.search(phi, Double.NaN, -1, 1));
        assertEquals("φ(0) must be finite, got NaN", value.getMessage());
        var constants = assertThrows(IllegalArgumentException.class, () -> new StrongWolfeLineSearch(0.5, 0.1));
        assertEquals("Wolfe constants must satisfy 0 < c1 < c2 < 1, got c1 = 0.5, c2 = 0.1", constants.getMessage());
        var evaluations = assertThrows(IllegalArgumentException.class, () -> lineSearch.withMaxEvaluations(0));
        assertEquals("line search maxEvaluations must be >= 1, got 0", evaluations.getMessage());
    }

    @Test
    void failsWhenEveryTrialIsNonFinite() {
        Result result = new StrongWolfeLineSearch().search(a -> new Sample(a, Double.NaN, Double.NaN), 1, -1, 1);

        assertEquals(Status.NON_FINITE, result.status());
        assertEquals(new Sample(0, 1, -1), result.step(), "a failed search stays at α = 0");
        assertEquals(StrongWolfeLineSearch.DEFAULT_MAX_EVALUATIONS, result.evaluations());
    }

    /** φ(α) = −α never flattens: the search gives up at its step or evaluation limit. */
    @Test
    void failsOnAnUnboundedDirection() {
        LineFunction linear = a -> new Sample(a, -a, -1);

        Result capped = new StrongWolfeLineSearch().withMaxStep(10).search(linear, 0, -1, 1);
        assertEquals(Status.MAX_STEP, capped.status());
        assertEquals(5, capped.evaluations(), "steps 1, 2, 4, 8, 10");

        Result budget = new StrongWolfeLineSearch().withMaxEvaluations(7).search(linear, 0, -1, 1);
        assertEquals(Status.MAX_EVALUATIONS, budget.status());
        assertEquals(7, budget.evaluations());
    }

    /** A direction that only seems to descend (wrong slope) shrinks the bracket until it gives up. */
    @Test
    void failsWhenTheSlopeLies() {
        LineFunction rising = a -> new Sample(a, a, -1);
        Result result = new StrongWolfeLineSearch().search(rising, 0, -1, 1);

        assertEquals(Status.MAX_EVALUATIONS, result.status());
        assertEquals(0, result.step().alpha());
    }

    @Test
    void theCubicInterpolantOfAQuadraticIsExact() {
        Sample p = new Sample(0, 0.09, -0.6);
        Sample q = new Sample(1, 0.49, 1.4);

        assertEquals(0.3, StrongWolfeLineSearch.cubicMinimizer(p, q), 1e-15);
        assertEquals(0.3, StrongWolfeLineSearch.cubicMinimizer(q, p), 1e-15);
        assertEquals(0.3, StrongWolfeLineSearch.quadraticMinimizer(p, q), 1e-15);
    }

    @Test
    void theCubicInterpolantOfACubicIsExact() {
        // φ(α) = α³ − 3α: local minimiser 1.
        DoubleUnaryOperator f = a -> a * a * a - 3 * a;
        DoubleUnaryOperator df = a -> 3 * a * a - 3;
        Sample p = new Sample(-0.5, f.applyAsDouble(-0.5), df.applyAsDouble(-0.5));
        Sample q = new Sample(2, f.applyAsDouble(2), df.applyAsDouble(2));

        assertEquals(1, StrongWolfeLineSearch.cubicMinimizer(p, q), 1e-14);
    }
}
