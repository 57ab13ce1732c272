package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.ELU;
import io.nnlab.nn.layers.GELU;
import io.nnlab.nn.layers.LeakyReLU;
import io.nnlab.nn.layers.SiLU;
import io.nnlab.nn.layers.Softplus;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activations added after the tutorials' ones, against their definitions written out here
 * independently of nnlab (Keras' activations, PyTorch's nn modules), in both dtypes, forward and
 * backward; gradient checks against finite differences are in LayerGradientTest.
 *
 * <p>Definitions: leaky_relu(x) = x if x ≥ 0 else αx (Keras' function α = 0.2, layer 0.3); elu(x) =
 * x if x > 0 else α(e^x - 1) (α = 1); gelu(x) = x·½(1 + erf(x/√2)), the erf from commons-math3;
 * gelu tanh form = ½x(1 + tanh(√(2/π)(x + 0.044715x³))); silu(x) = x / (1 + e^-x); softplus(x) =
 * log(1 + e^x). Known values (Φ from erfc: 1 + erf cancels in the tail), those knownValues asserts
 * in its order, as printed by (the lines joined; 100 digits, since 1 + e^-100 needs more than 44):
 * python3 -c "from mpmath import mp, mpf, nstr, erfc, sqrt, tanh, exp, log, pi; mp.dps = 100;
 * g = lambda x: x * erfc(-x / sqrt(2)) / 2; t = lambda x: x / 2 * (1 + tanh(sqrt(2 / pi) * (x
 * + mpf('0.044715') * x**3))); s = lambda x: x / (1 + exp(-x)); sp = lambda x: log(1 + exp(x));
 * print(*(nstr(v, 20) for v in (g(1), g(-1), g(-3), g(-10), g(-30), t(1), t(-3), s(1), s(-2),
 * sp(0), sp(2), sp(-100), exp(-1) - 1)))"
 * gelu(1) = 0.84134474606854295, gelu(-3) = -0.0040496940948902836, gelu_tanh(1) = 0.8411919906082767,
 * silu(1) = 0.73105857863000488, softplus(0) = ln 2, softplus(2) = 2.1269280110429725,
 * elu(-1) = e^-1 - 1 = -0.63212055882855768, gelu(-10) = -7.619853024160526066e-23,
 * gelu(-30) = -1.4720141781444561179e-196.
 */
class ActivationTest {

    private static final double SQRT2 = Math.sqrt(2);

    private static double phi(double x) { return 0.5 * Erf.erfc(-x / SQRT2); }

    private static double density(double x) { return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI); }

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³); below u = -1, where 1 + tanh u cancels, as x / (1 + e^(-2u)), which equals it. */
    private static double geluTanh(double x) {
        double u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
        return u > -1 ? 0.5 * x * (1 + Math.tanh(u)) : x / (1 + Math.exp(-2 * u));
    }

    /** d/dx of the above: ½(1 + tanh u) + ½x(1 - tanh² u)·u', in the same two forms. */
    private static double geluTanhSlope(double x) {
        double k = Math.sqrt(2 / Math.PI), u = k * (x + 0.044715 * x * x * x), du = k * (1 + 3 * 0.044715 * x * x);
        if (u > -1) {
            double t = Math.tanh(u);
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
        }
        double e = Math.exp(2 * u);   // ½(1 + tanh u) = e / (1 + e), ½(1 - tanh² u) = 2e / (1 + e)²
        return e / (1 + e) + x * 2 * e / ((1 + e) * (1 + e)) * du;
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));  // log(1 + e^x) without overflow
    }

    record Reference(Activation activation, DoubleUnaryOperator f, DoubleUnaryOperator slope) {
        @Override
        public String toString() { return activation.toString(); }
    }

    static Stream<Reference> references() {
        return Stream.of(
                new Reference(Activation.LEAKY_RELU, x -> x >= 0 ? x : 0.2 * x, x -> x > 0 ? 1 : 0.2),
                new Reference(Activation.leakyRelu(0.01), x -> x >= 0 ? x : 0.01 * x, x -> x > 0 ? 1 : 0.01),
                new Reference(Activation.ELU, x -> x > 0 ? x : Math.expm1(x), x -> x > 0 ? 1 : Math.exp(x)),
                new Reference(Activation.elu(0.5), x -> x > 0 ? x : 0.5 * Math.expm1(x),
                        x -> x > 0 ? 1 : 0.5 * Math.exp(x)),
                new Reference(Activation.GELU, x -> x * phi(x), x -> phi(x) + x * density(x)),
                new Reference(Activation.GELU_TANH, ActivationTest::geluTanh, ActivationTest::geluTanhSlope),
                new Reference(Activation.SILU, x -> x * sigmoid(x), x -> sigmoid(x) * (1 + x * (1 - sigmoid(x)))),
                new Reference(Activation.SOFTPLUS, ActivationTest::softplus, ActivationTest::sigmoid));
    }

    /** Both signs, zero, tiny values, GELU's polynomial seam (0.8·√2), and values where exp under- or overflows. */
    static final double[] XS = {-800, -60, -30, -12.5, -6, -3, -1.1313708498984762, -1.13137084989847, -1, -0.5,
            -1e-8, -0.0, 0, 1e-8, 0.5, 1, 1.13137084989847, 1.1313708498984762, 3, 6, 12.5, 30, 60, 800};

    static Stream<Arguments> cases() {
        return references().flatMap(r -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(d -> Arguments.of(r, d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void forwardAndBackwardFollowTheDefinitions(Reference r, DType dtype) {
        Tensor x = Tensor.of(dtype, XS, 1, XS.length);
        Tensor y = Tensor.zerosLike(x), g = Tensor.zerosLike(x);
        r.activation().forward(x, y);
        r.activation().backward(x, y, Tensor.ones(dtype, 1, XS.length), g);
        // commons-math3's erfc is good to about 1e-13 relative far out in the tail (x = -30), where nnlab's
        // agrees with 40-digit mpmath to 1e-15 (knownValues).
        double tol = dtype == DType.FLOAT64 ? 2e-13 : 3e-6;
        for (int i = 0; i < XS.length; i++) {
            double xi = x.getFlat(i);  // the input as the dtype holds it
            assertClose(r.f().applyAsDouble(xi), y.getFlat(i), tol, r + " at " + xi);
            assertClose(r.slope().applyAsDouble(xi), g.getFlat(i), tol, r + "' at " + xi);
        }
    }

    private static void assertClose(double expected, double actual, double tol, String what) {
        double scale = Math.max(Math.abs(expected), dtypeTiny(tol));
        assertTrue(Math.abs(expected - actual) <= tol * scale, what + ": expected " + expected + ", got " + actual);
    }

    /** Below this, values are compared absolutely: float32 flushes what float64 still resolves. */
    private static double dtypeTiny(double tol) { return tol > 1e-10 ? 1e-30 : Double.MIN_NORMAL; }

    @Test
    void knownValues() {
        assertEquals(0.84134474606854295, at(Activation.GELU, 1), 2e-16);
        assertEquals(-0.15865525393145705, at(Activation.GELU, -1), 2e-16);
        assertEquals(-0.0040496940948902836, at(Activation.GELU, -3), 5e-18);
        assertEquals(-7.619853024160526066e-23, at(Activation.GELU, -10), 1e-37);
        assertEquals(-1.4720141781444561179e-196, at(Activation.GELU, -30), 1e-210);
        assertEquals(0.8411919906082767, at(Activation.GELU_TANH, 1), 2e-16);
        // ½x(1 + tanh u) cancels here (tanh u = -0.9976); nnlab computes x·sigmoid(2u), which holds the bound.
        assertEquals(-0.0036373920817730188, at(Activation.GELU_TANH, -3), 2e-18);
        assertEquals(0.73105857863000488, at(Activation.SILU, 1), 2e-16);
        assertEquals(-0.23840584404423511, at(Activation.SILU, -2), 1e-16);
        assertEquals(Math.log(2), at(Activation.SOFTPLUS, 0), 1e-16);
        assertEquals(2.1269280110429725, at(Activation.SOFTPLUS, 2), 4e-16);
        assertEquals(3.720075976020836e-44, at(Activation.SOFTPLUS, -100), 1e-58);
        assertEquals(-0.63212055882855768, at(Activation.ELU, -1), 2e-16);
        assertEquals(-0.4, at(Activation.LEAKY_RELU, -2), 0);
        assertEquals(-0.6, at(new LeakyReLU().activation(), -2), 1e-16);
    }

    private static double at(Activation a, double x) {
        Tensor y = Tensor.zeros(DType.FLOAT64, 1, 1);
        a.forward(Tensor.vector(DType.FLOAT64, x).reshape(1, 1), y);
        return y.getFlat(0);
    }

    @Test
    void namesAndDefaultsAreKeras() {
        assertEquals(Map.of("alpha", 0.2), Activation.LEAKY_RELU.config());
        assertEquals(Map.of("alpha", 0.3), new LeakyReLU().activation().config(), "Keras' LeakyReLU layer");
        assertEquals(Map.of("alpha", 1.0), new ELU().activation().config());
        assertEquals(Map.of("approximate", false), new GELU().activation().config());
        assertEquals(Activation.GELU_TANH, new GELU(true).activation());
        assertEquals("silu", new SiLU().name());
        assertEquals("softplus", new Softplus().name());
        assertEquals("leaky_relu", new LeakyReLU(0.1).name());
        assertEquals(Activation.leakyRelu(0.1), new LeakyReLU(0.1).activation(), "equal by function and parameter");
        assertEquals(Activation.SILU, Registry.activation("swish"), "Keras' alias");
        assertEquals(Activation.elu(0.5), Registry.activation(new Config("test", Map.of("a",
                Map.of("class", "elu", "config", Map.of("alpha", 0.5)))), "a"));
    }
}
