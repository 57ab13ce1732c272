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
        assertEquals(3, capped.evaluations(), "steps 1, 5 (1 + 4 × 1), then 21 capped to 10");

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

    static Stream<Arguments> minpackTrials() {
        // scipy 1.17.1: scipy.optimize._dcsrch.DCSRCH(phi, derphi, c1, c2, xtol=1e-14, stpmin=1e-100,
        // stpmax=1e100), the search its BFGS runs first, recording every step it evaluated.
        return Stream.of(
                Arguments.of(MORE_THUENTE_1, 1e-3, 1e-4, 0.9, new double[] {0.001, 0.005, 0.021, 0.085, 0.341}),
                Arguments.of(QUADRATIC, 0.1, 1e-3, 0.1, new double[] {0.1, 0.5, 2.1, 3.8600000000000003, 3.0}),
                Arguments.of(MORE_THUENTE_2, 1, 1e-4, 0.9, new double[] {1.0, 5.0, 1.8114483590459156,
                        1.258652747016426, 1.5915767318641247, 1.5961295989208408, 1.59599891936075,
                        1.59600000000001}),
                Arguments.of(MORE_THUENTE_2, 1000, 1e-4, 0.9, new double[] {1000.0, 222.29565484593803,
                        49.472816490427086, 11.069352144736474, 2.5433685560303143, 0.7201153415592905,
                        1.6296513166653739, 1.3512229797881472, 1.5950402760316598, 1.5960006258007582,
                        1.595999998872531}),
                Arguments.of(MORE_THUENTE_3, 10, 1e-4, 0.9, new double[] {10.0, 0.020789930743934548,
                        1.044124914011968, 0.3618865163650353, 0.8824993236032532, 0.9811565020243171,
                        1.0172331467037945, 0.999404769879857, 1.000275751217961, 0.9999999876178056}),
                Arguments.of(MORE_THUENTE_3, 0.1, 1e-3, 0.1, new double[] {0.1, 0.5, 2.1, 0.651872263766402,
                        0.9483702063173818, 1.524185103158691, 1.067764735720512, 0.9858519280776707,
                        0.9998098777134017, 0.9999642774916597, 1.0338645066060859, 0.9999988033548208}));
    }

    /**
     * Trial for trial the steps of MINPACK's dcsrch, as scipy runs it: the extrapolation (a step of 1
     * that is still steep is followed by 5, not 2), the auxiliary function of the first stage, the
     * interpolation and bisection rules. BFGS takes scipy's steps only if its line search does.
     */
    @ParameterizedTest(name = "{0} from {1}, c1 = {2}, c2 = {3}")
    @MethodSource("minpackTrials")
    void triesTheStepsMinpacksSearchTries(Phi phi, double initialStep, double c1, double c2, double[] expected) {
        var recording = new Recording(phi);
        Result result = recording.search(new StrongWolfeLineSearch(c1, c2), initialStep);

        assertEquals(Status.CONVERGED, result.status());
        double[] tried = recording.trials.stream().mapToDouble(Sample::alpha).toArray();
        assertEquals(expected.length, tried.length, () -> "trials " + recording.trials);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], tried[i], 1e-9 * expected[i], "trial " + i + " of " + recording.trials);
        }
    }
}
