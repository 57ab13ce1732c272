package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first updates of each optimiser on a fixed problem, against values computed independently.
 *
 * <p>The problem: f(θ) = ½·Σ aᵢθᵢ² with a = [1, 3, 0.5], so g = a∘θ, from θ₀ = [1, -2, 0.5]. The
 * expected values come from this python3, which writes out the Keras update rules with plain floats:
 *
 * <pre>
 * import math
 * a = [1.0, 3.0, 0.5]
 * grad = lambda th: [ai * ti for ai, ti in zip(a, th)]
 * def adam(lr=0.1, b1=0.9, b2=0.999, eps=1e-7, wd=0.0):
 *     th, m, v, out = [1.0, -2.0, 0.5], [0.0] * 3, [0.0] * 3, []
 *     for t in range(1, 4):
 *         g = grad(th)
 *         th = [x - x * wd * lr for x in th]          # decoupled decay, before the update
 *         alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
 *         for i in range(3):
 *             m[i] += (g[i] - m[i]) * (1 - b1)
 *             v[i] += (g[i] * g[i] - v[i]) * (1 - b2)
 *             th[i] -= (m[i] * alpha) / (math.sqrt(v[i]) + eps)
 *         out.append(list(th))
 *     return out
 * def sgd(lr=0.1, mu=0.9, nesterov=False):
 *     th, v, out = [1.0, -2.0, 0.5], [0.0] * 3, []
 *     for _ in range(3):
 *         g = grad(th)
 *         for i in range(3):
 *             v[i] = v[i] * mu - g[i] * lr
 *             th[i] += v[i] * mu - g[i] * lr if nesterov else v[i]
 *         out.append(list(th))
 *     return out
 * def rms(lr=0.1, rho=0.9, eps=1e-7, mom=0.0, centered=False):
 *     th, s, u, ag, out = [1.0, -2.0, 0.5], [0.0] * 3, [0.0] * 3, [0.0] * 3, []
 *     for _ in range(3):
 *         g = grad(th)
 *         for i in range(3):
 *             s[i] = rho * s[i] + (1 - rho) * g[i]**2
 *             if centered:
 *                 ag[i] = rho * ag[i] + (1 - rho) * g[i]
 *                 d = s[i] - ag[i]**2 + eps
 *             else:
 *                 d = s[i] + eps
 *             inc = lr * g[i] / math.sqrt(d)
 *             if mom > 0:
 *                 u[i] = mom * u[i] + inc
 *                 th[i] -= u[i]
 *             else:
 *                 th[i] -= inc
 *         out.append(list(th))
 *     return out
 * def adagrad(lr=0.1, init=0.1, eps=1e-7):
 *     th, acc, out = [1.0, -2.0, 0.5], [init] * 3, []
 *     for _ in range(3):
 *         g = grad(th)
 *         for i in range(3):
 *             acc[i] += g[i]**2
 *             th[i] -= lr * g[i] / math.sqrt(acc[i] + eps)
 *         out.append(list(th))
 *     return out
 * </pre>
 *
 * By hand, Adam's first step is θ₀ - lr·sign(g)·(1 - ε-sized terms): m₁ = 0.1·g, v₁ = 0.001·g², and
 * lr_t·m₁/(sqrt(v₁) + ε) = lr·g/(|g| + ε/sqrt(0.001)) ≈ lr·sign(g), so θ₁ ≈ [0.9, -1.9, 0.4].
 */
class OptimizerTest {

    private static final double[] A = {1.0, 3.0, 0.5};
    private static final double[] THETA0 = {1.0, -2.0, 0.5};
    private static final double TOL = 1e-12;

    /** Runs three steps with g = a∘θ and returns θ after each. */
    private static double[][] threeSteps(Optimizer opt, DType dtype) {
        Parameter p = new Parameter("theta", Tensor.vector(dtype, THETA0));
        double[][] out = new double[3][];
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < A.length; i++) p.grad().setFlat(i, A[i] * p.value().getFlat(i));
            opt.step(List.of(p));
            out[step] = p.value().toDoubleArray();
        }
        return out;
    }

    private static void assertSteps(double[][] expected, double[][] actual, double tol) {
        for (int s = 0; s < expected.length; s++) assertArrayEquals(expected[s], actual[s], tol, "step " + (s + 1));
    }

    @Test
    void adamFirstThreeUpdates() {
        double[][] expected = {
                {0.900000316226766, -1.9000000527046, 0.40000126489506427},
                {0.8004127762155153, -1.80016657636444, 0.3011896357403973},
                {0.7015870148647835, -1.7006235136436958, 0.2048742498357242}};
        assertSteps(expected, threeSteps(new Adam(0.1), DType.FLOAT64), TOL);
        assertSteps(expected, threeSteps(Adam.builder().learningRate(0.1).build(), DType.FLOAT64), TOL);
    }

    @Test
    void sgdWithMomentumFirstThreeUpdates() {
        double[][] expected = {
                {0.9, -1.4, 0.475},
                {0.72, -0.43999999999999984, 0.42874999999999996},
                {0.48599999999999993, 0.5560000000000002, 0.36568749999999994}};
        assertSteps(expected, threeSteps(new Sgd(0.1, 0.9), DType.FLOAT64), TOL);
    }

    @Test
    void sgdWithNesterovMomentumFirstThreeUpdates() {
        double[][] expected = {
                {0.81, -0.8599999999999999, 0.4525},
                {0.5751, 0.11620000000000008, 0.3892625},
                {0.32732099999999986, 0.6963460000000001, 0.31573131249999997}};
        assertSteps(expected, threeSteps(new Sgd(0.1, 0.9, true), DType.FLOAT64), TOL);
    }

    @Test
    void plainSgdFirstThreeUpdates() {
        double[][] expected = {{0.9, -1.4, 0.475}, {0.81, -0.98, 0.45125}, {0.729, -0.686, 0.4286875}};
        assertSteps(expected, threeSteps(new Sgd(0.1), DType.FLOAT64), TOL);
    }

    @Test
    void rmsPropFirstThreeUpdates() {
        double[][] expected = {
                {0.6837723920969265, -1.683772238375214, 0.18377476377493268},
                {0.4988708044756769, -1.47387531939643, 0.06953352628766786},
                {0.36918076036188563, -1.3087178736573044, 0.024436499231484873}};
        assertSteps(expected, threeSteps(new RmsProp(0.1), DType.FLOAT64), TOL);
    }

    @Test
    void centredRmsPropWithMomentumFirstThreeUpdates() {
        double[][] expected = {
                {0.6666668518516974, -1.6666666718106993, 0.166669629590124},
                {0.2989013382213644, -1.268339709062361, -0.11372821917431342},
                {0.02084121402086242, -0.8969423965268111, -0.1774194973975436}};
        RmsProp opt = RmsProp.builder().learningRate(0.1).momentum(0.5).centered(true).build();
        assertSteps(expected, threeSteps(opt, DType.FLOAT64), TOL);
        assertEquals(List.of("mean_square", "momentum", "mean_gradient"), opt.slotNames());
    }

    /**
     * Keras' Adagrad: the accumulator starts at 0.1. By hand, step 1 has g = [1, -6, 0.25] and
     * accumulator [1.1, 36.1, 0.1625], so θ₁[0] = 1 - 0.1/sqrt(1.1 + 1e-7) = 0.904653745...
     */
    @Test
    void adaGradFirstThreeUpdates() {
        double[][] expected = {
                {0.9046537454093613, -1.9001386003435212, 0.43798265178765383},
                {0.8393387391820096, -1.8313112379512344, 0.39024677377762923},
                {0.7875127746375502, -1.7760331267405691, 0.3511068897906288}};
        AdaGrad opt = new AdaGrad(0.1);
        assertSteps(expected, threeSteps(opt, DType.FLOAT64), TOL);
        assertEquals(List.of("accumulator"), opt.slotNames());
        assertEquals(1 - 0.1 / Math.sqrt(1.1 + 1e-7), expected[0][0], 1e-15);
    }

    @Test
    void adamWFirstThreeUpdates() {
        double[][] expected = {
                {0.890000316226766, -1.8800000527046, 0.39500126489506426},
                {0.7815724012112327, -1.7614090404739082, 0.2923409082706801},
                {0.6751019571369861, -1.6443688041555138, 0.19341857057245448}};
        assertSteps(expected, threeSteps(new AdamW(0.1, 0.1), DType.FLOAT64), TOL);
        AdamW built = AdamW.builder().learningRate(0.1).weightDecay(0.1).build();
        assertSteps(expected, threeSteps(built, DType.FLOAT64), TOL);
    }

    @Test
    void float32FollowsFloat64() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Adam(0.1), () -> new Sgd(0.1, 0.9, true),
                () -> new RmsProp(0.1), () -> new AdamW(0.1, 0.1), () -> new AdaGrad(0.1));
        for (Supplier<Optimizer> make : optimizers) {
            assertSteps(threeSteps(make.get(), DType.FLOAT64), threeSteps(make.get(), DType.FLOAT32), 1e-6);
        }
    }

    @Test
    void defaultsAreKeras() {
        Adam adam = new Adam();
        assertEquals(0.001, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-7, adam.epsilon());
        assertEquals(0.0, adam.weightDecay());
        assertEquals(0.004, new AdamW().weightDecay());
        assertEquals(0.01, new Sgd().learningRate());
        assertEquals(0.0, new Sgd().momentum());
        RmsProp rms = new RmsProp();
        assertEquals(0.001, rms.learningRate());
        assertEquals(0.9, rms.rho());
        assertEquals(1e-7, rms.epsilon());
        assertEquals(0.0, rms.momentum());
        assertEquals(false, rms.centered());
        AdaGrad adaGrad = new AdaGrad();
        assertEquals(0.001, adaGrad.learningRate());
        assertEquals(0.1, adaGrad.initialAccumulator());
        assertEquals(1e-7, adaGrad.epsilon());
    }

    @Test
    void stateIsExposedPerParameter() {
        Adam adam = new Adam(0.1);
        Parameter p = new Parameter("w", Tensor.vector(DType.FLOAT64, 1, 2));
        assertEquals(Map.of(), adam.state(p));
        p.grad().fill(0.5);
        adam.step(List.of(p));
        assertEquals(1, adam.iterations());
        Map<String, Tensor> state = adam.state(p);
        assertEquals(List.of("m", "v"), List.copyOf(state.keySet()));
        assertArrayEquals(new double[] {0.05, 0.05}, state.get("m").toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.00025, 0.00025}, state.get("v").toDoubleArray(), 1e-15);
        assertEquals(0.1, adam.config().get("learning_rate"));
        assertEquals(List.of(), new Sgd(0.1).slotNames());
        assertEquals(List.of("velocity"), new Sgd(0.1, 0.5).slotNames());
    }

    @Test
    void restoredStateContinuesLikeTheOriginal() {
        double[][] straight = threeSteps(new Adam(0.1), DType.FLOAT64);

        // Two steps, copy the state out, load it into a fresh optimiser, take the third step there.
        Adam first = new Adam(0.1);
        Parameter p = new Parameter("theta", Tensor.vector(DType.FLOAT64, THETA0));
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < A.length; i++) p.grad().setFlat(i, A[i] * p.value().getFlat(i));
            first.step(List.of(p));
        }
        Adam second = new Adam(0.1);
        Map<String, Tensor> loaded = second.initState(p);
        first.state(p).forEach((name, t) -> loaded.get(name).copyFrom(t));
        second.setIterations(first.iterations());
        for (int i = 0; i < A.length; i++) p.grad().setFlat(i, A[i] * p.value().getFlat(i));
        second.step(List.of(p));
        assertArrayEquals(straight[2], p.value().toDoubleArray(), 0.0);
    }

    static Stream<Arguments> decayingState() {
        List<Named<Supplier<Optimizer>>> optimizers = List.of(
                Named.of("sgd momentum", () -> new Sgd(0.1, 0.9)),
                Named.of("sgd nesterov", () -> new Sgd(0.1, 0.9, true)),
                Named.of("rmsprop", () -> new RmsProp(0.1)),
                Named.of("rmsprop centred with momentum",
                        () -> RmsProp.builder().learningRate(0.1).momentum(0.5).centered(true).build()));
        return Stream.of(DType.FLOAT32, DType.FLOAT64).flatMap(d -> optimizers.stream().map(o -> Arguments.of(d, o)));
    }

    /**
     * After one real gradient the gradient stays zero, so every state slot shrinks geometrically.
     * Left alone it would enter the subnormal range and stay there (μ times the smallest subnormal
     * rounds back to it); it must go to exactly zero instead, and never be subnormal on the way.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("decayingState")
    void decayingStateGoesToZeroWithoutPassingThroughSubnormals(DType dtype, Supplier<Optimizer> make) {
        Optimizer opt = make.get();
        Parameter p = new Parameter("theta", Tensor.vector(dtype, 1, -2));
        p.grad().setFlat(0, 1e-3);
        p.grad().setFlat(1, -0.5);
        opt.step(List.of(p));
        double smallestNormal = dtype == DType.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
        p.grad().fill(0);
        for (int step = 0; step < 8000; step++) {      // 0.9^7000 is below float64's smallest normal
            opt.step(List.of(p));
            for (Map.Entry<String, Tensor> slot : opt.state(p).entrySet()) {
                for (double x : slot.getValue().toDoubleArray()) {
                    assertTrue(x == 0 || Math.abs(x) >= smallestNormal,
                            slot.getKey() + " is subnormal (" + x + ") after " + (step + 2) + " steps");
                }
            }
        }
        for (Map.Entry<String, Tensor> slot : opt.state(p).entrySet()) {
            assertArrayEquals(new double[2], slot.getValue().toDoubleArray(), 0.0, slot.getKey());
        }
        assertTrue(Double.isFinite(p.value().getFlat(0)) && Double.isFinite(p.value().getFlat(1)));
    }

    @Test
    void frozenParametersAreLeftAlone() {
        Parameter frozen = new Parameter("frozen", Tensor.vector(DType.FLOAT64, 1, 2)).trainable(false);
        Parameter live = new Parameter("live", Tensor.vector(DType.FLOAT64, 1, 2));
        frozen.grad().fill(1);
        live.grad().fill(1);
        Sgd sgd = new Sgd(0.5);
        sgd.step(List.of(frozen, live));
        assertArrayEquals(new double[] {1, 2}, frozen.value().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0.5, 1.5}, live.value().toDoubleArray(), 0.0);
        assertEquals(Map.of(), sgd.state(frozen));
    }

    @Test
    void weightDecayIsDecoupled() {
        // With a zero gradient only the decay acts: θ ← θ - lr·wd·θ.
        Parameter p = new Parameter("w", Tensor.vector(DType.FLOAT64, 2, -4));
        new Sgd(0.1, 0, false, 0.5).step(List.of(p));
        assertArrayEquals(new double[] {1.9, -3.8}, p.value().toDoubleArray(), 1e-15);
    }

    @Test
    void learningRateCanChange() {
        Sgd sgd = new Sgd(0.1);
        sgd.setLearningRate(0.05);
        assertEquals(0.05, sgd.learningRate());
        sgd.setLearningRate(0);  // where a cosine schedule ends
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-0.1));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
    }

    static Stream<Arguments> badHyperparameters() {
        return Stream.of(
                Arguments.of((Runnable) () -> new Sgd(0), "learningRate", "0.0"),
                Arguments.of((Runnable) () -> new Sgd(-0.1), "learningRate", "-0.1"),
                Arguments.of((Runnable) () -> new Sgd(Double.NaN), "learningRate", "NaN"),
                Arguments.of((Runnable) () -> new Adam(Double.POSITIVE_INFINITY), "learningRate", "Infinity"),
                Arguments.of((Runnable) () -> new Sgd(0.1, 1.0), "momentum", "[0, 1)"),
                Arguments.of((Runnable) () -> new Sgd(0.1, -0.1), "momentum", "-0.1"),
                Arguments.of((Runnable) () -> new Sgd(0.1, 0.9, false, -1), "weightDecay", "-1.0"),
                Arguments.of((Runnable) () -> Adam.builder().beta1(1.0).build(), "beta1", "[0, 1)"),
                Arguments.of((Runnable) () -> Adam.builder().beta1(-0.5).build(), "beta1", "-0.5"),
                Arguments.of((Runnable) () -> Adam.builder().beta2(1.5).build(), "beta2", "1.5"),
                Arguments.of((Runnable) () -> Adam.builder().epsilon(0).build(), "epsilon", "> 0"),
                Arguments.of((Runnable) () -> Adam.builder().epsilon(-1e-7).build(), "epsilon", "-1.0E-7"),
                Arguments.of((Runnable) () -> AdamW.builder().weightDecay(-0.1).build(), "weightDecay", "-0.1"),
                Arguments.of((Runnable) () -> RmsProp.builder().rho(1).build(), "rho", "[0, 1)"),
                Arguments.of((Runnable) () -> RmsProp.builder().momentum(1).build(), "momentum", "1.0"),
                Arguments.of((Runnable) () -> RmsProp.builder().epsilon(0).build(), "epsilon", "0.0"),
                Arguments.of((Runnable) () -> new RmsProp(-1), "learningRate", "-1.0"),
                Arguments.of((Runnable) () -> new AdaGrad(0.1, -0.1, 1e-7, 0), "initialAccumulator", "-0.1"),
                Arguments.of((Runnable) () -> new AdaGrad(0.1, 0.1, 0, 0), "epsilon", "0.0"));
    }

    @ParameterizedTest
    @MethodSource("badHyperparameters")
    void badHyperparametersAreRejectedByName(Runnable make, String parameter, String detail) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains(parameter) && e.getMessage().contains(detail), e.getMessage());
    }
}
