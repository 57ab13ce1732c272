package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.Flatten;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.layers.Step;
import io.nnlab.nn.regularizers.L1;
import io.nnlab.nn.regularizers.L1L2;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.nn.regularizers.Regularizer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backprop against central differences, in float64, for every layer. */
class LayerGradientTest {
    static final double TOLERANCE = 1e-7;
    static final DType F64 = DType.FLOAT64;

    static Tensor randn(long seed, int... shape) { return Tensor.normal(F64, new Rng(seed), 0, 1, shape); }

    static <L extends Layer> L built(L layer, int... inputShape) {
        layer.build(inputShape, F64, new Rng(7));
        return layer;
    }

    static void assertPasses(GradientCheck.Result r) {
        assertTrue(r.maxRelativeError() < TOLERANCE, () -> "gradient check failed:\n" + r);
    }

    /** Every activation nnlab ships that has a gradient, the parameterised ones with non-default parameters too. */
    static Stream<Activation> activations() {
        return Stream.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.SOFTMAX,
                Activation.LEAKY_RELU, Activation.leakyRelu(1.7), Activation.ELU, Activation.elu(0.4), Activation.GELU,
                Activation.GELU_TANH, Activation.SILU, Activation.SOFTPLUS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void denseWithEachActivation(Activation activation) {
        for (boolean bias : new boolean[]{true, false}) {
            Dense d = built(new Dense(3, activation).useBias(bias), 5);
            assertPasses(new GradientCheck().check(d, randn(1, 4, 5)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"l1", "l2", "l1l2"})
    void denseWithRegularizers(String which) {
        Regularizer reg = switch (which) {
            case "l1" -> new L1(0.03);
            case "l2" -> new L2(0.05);
            default -> new L1L2(0.02, 0.04);
        };
        Dense d = built(new Dense(4, Activation.TANH).kernelRegularizer(reg).biasRegularizer(reg), 3);
        d.bias().value().copyFrom(randn(3, 4));  // a zero bias would sit on L1's kink
        GradientCheck.Result r = new GradientCheck().check(d, randn(2, 6, 3));
        assertPasses(r);
        assertTrue(d.regularizationLoss() > 0);
    }

    @Test
    void flatten() {
        Flatten f = built(new Flatten(), 2, 3, 2);
        assertPasses(new GradientCheck().check(f, randn(4, 3, 2, 3, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationLayers(Activation activation) {
        Layer layer = built(new ActivationLayer(activation), 6);
        assertPasses(new GradientCheck().check(layer, randn(5, 4, 6)));
    }

    @Test
    void stepHasNoGradientAndSaysWhy() {
        Layer step = built(new Step(), 3);
        Tensor y = step.forward(Tensor.matrix(F64, new double[][]{{-1, 0, 2}}), Mode.TRAIN);
        assertEquals(0, y.at(0, 0));
        assertEquals(1, y.at(0, 2));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> step.backward(Tensor.ones(F64, 1, 3)));
        assertTrue(e.getMessage().startsWith("step: the step activation has no gradient"), e.getMessage());
        assertTrue(e.getMessage().contains("perceptron rule"), e.getMessage());

        Dense perceptron = built(new Dense(1, Activation.STEP).name("perceptron"), 2);
        perceptron.forward(Tensor.ones(F64, 1, 2), Mode.TRAIN);
        e = assertThrows(UnsupportedOperationException.class, () -> perceptron.backward(Tensor.ones(F64, 1, 1)));
        assertTrue(e.getMessage().startsWith("perceptron: the step activation has no gradient"), e.getMessage());
    }

    @Test
    void dropoutWithAFixedMask() {
        Dropout d = built(new Dropout(0.4), 7);
        d.fixMask(true);
        Tensor x = randn(6, 5, 7);
        Tensor y = d.forward(x, Mode.TRAIN).copy();
        long zeros = IntStream.range(0, y.size()).filter(i -> y.getFlat(i) == 0).count();
        assertTrue(zeros > 0 && zeros < y.size(), "some but not all values dropped: " + zeros);
        for (int i = 0; i < y.size(); i++) {
            if (y.getFlat(i) != 0) assertEquals(x.getFlat(i) / 0.6, y.getFlat(i), 1e-12);
        }
        assertTrue(d.forward(x, Mode.TRAIN).bitEquals(y), "a fixed mask is reused");
        assertPasses(new GradientCheck().check(d, x));
        assertTrue(d.isMaskFixed(), "the check leaves a mask fixed by the caller fixed");
    }

    @Test
    void dropoutChecksFixTheMaskThemselves() {
        Dropout d = built(new Dropout(0.5), 4);
        assertPasses(new GradientCheck().check(d, randn(8, 3, 4)));
        assertTrue(!d.isMaskFixed());
    }

    @Test
    void batchNormInTrainingMode() {
        BatchNorm bn = built(new BatchNorm(), 4);
        bn.gamma().value().copyFrom(randn(9, 4));
        bn.beta().value().copyFrom(randn(10, 4));
        Tensor x = Tensor.normal(F64, new Rng(11), 3, 2, 5, 4);
        assertPasses(new GradientCheck().check(bn, x, Mode.TRAIN));
    }

    @Test
    void batchNormInInferenceMode() {
        BatchNorm bn = built(new BatchNorm(), 4);
        bn.gamma().value().copyFrom(randn(9, 4));
        bn.beta().value().copyFrom(randn(10, 4));
        bn.movingMean().value().copyFrom(randn(12, 4));
        bn.movingVariance().value().copyFrom(Tensor.uniform(F64, new Rng(13), 0.5, 2, 4));
        assertPasses(new GradientCheck().check(bn, randn(14, 3, 4), Mode.INFERENCE));
    }
}
