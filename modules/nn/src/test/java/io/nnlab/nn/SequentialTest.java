package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.initializers.StandardNormal;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.nn.losses.CategoricalCrossEntropy;
import io.nnlab.nn.losses.Loss;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.nn.regularizers.L1;
import io.nnlab.nn.regularizers.L1L2;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.nnlab.nn.LayerGradientTest.assertPasses;
import static io.nnlab.nn.LayerGradientTest.randn;
import static io.nnlab.nn.LossTest.labels;
import static io.nnlab.nn.LossTest.oneHot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {
    static final DType F64 = DType.FLOAT64;

    static Sequential mnistMlp(DType dtype) {
        return Sequential.builder()
                .input(28, 28)
                .flatten()
                .dense(100, Activation.RELU)
                .dense(10, Activation.SOFTMAX)
                .build(dtype, 42);
    }

    /** Dense, BatchNorm, activations as layers, Dropout and regularisers, ending in a softmax. */
    static Sequential deepMix(Activation last, int outputs) {
        return Sequential.builder()
                .input(2, 3)
                .flatten()
                .add(new Dense(8).useBias(false).kernelRegularizer(new L2(0.01)))
                .batchNorm()
                .activation(Activation.SIGMOID)
                .dropout(0.25)
                .add(new Dense(7, Activation.TANH).kernelRegularizer(new L1(0.005)).biasInitializer(new StandardNormal()))
                .add(new Dense(6).kernelRegularizer(new L1L2(0.002, 0.003)))
                .activation(Activation.TANH)
                .dense(6, Activation.RELU)
                .add(new Dense(outputs, last).biasRegularizer(new L2(0.02)))
                .build(F64, 3);
    }

    @Test
    void builderNamesLayersAsKerasDoes() {
        Sequential m = mnistMlp(DType.FLOAT32);
        assertEquals(List.of("flatten", "dense", "dense_1"), m.layers().stream().map(Layer::name).toList());
        assertEquals("dense_1/kernel", m.parameters().get(2).name());
        assertArrayEquals(new int[]{10}, m.outputShape());
        assertEquals(784 * 100 + 100 + 100 * 10 + 10, m.parameterCount());
        assertSame(m.layer(1), m.layer("dense"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.layer("dense_7"));
        assertTrue(e.getMessage().contains("[flatten, dense, dense_1]"), e.getMessage());
    }

    @Test
    void summaryReadsLikeKeras() {
        String s = mnistMlp(DType.FLOAT32).summary();
        assertTrue(s.startsWith("Model: \"sequential\""), s);
        assertTrue(s.contains(" flatten (Flatten)           (None, 784)               0"), s);
        assertTrue(s.contains(" dense (Dense)               (None, 100)               78500"), s);
        assertTrue(s.contains(" dense_1 (Dense)             (None, 10)                1010"), s);
        assertTrue(s.contains("Total params: 79510 (310.59 KB)"), s);
        assertTrue(s.contains("Non-trainable params: 0 (0 B)"), s);
    }

    @Test
    void batchNormStatisticsAreNonTrainable() {
        Sequential m = Sequential.builder().input(1).dense(30).batchNorm().activation(Activation.SIGMOID).dense(1)
                .build(DType.FLOAT32, 1);
        assertEquals(60 + 120 + 31, m.parameterCount());
        assertEquals(60 + 60 + 31, m.trainableParameterCount());
        assertEquals(6, m.parameters().size());
        assertEquals(8, m.weights().size());
        assertTrue(m.summary().contains("Non-trainable params: 60 (240 B)"), m.summary());
    }

    @Test
    void frozenParametersLeaveTheTrainableList() {
        Sequential m = mnistMlp(F64);
        List<Parameter> before = m.parameters();
        assertSame(before, m.parameters(), "unchanged flags give the same list");
        before.getFirst().trainable(false);
        assertEquals(3, m.parameters().size());
        assertFalse(m.parameters().contains(before.getFirst()));
    }

    @Test
    void explicitNamesAreKeptAndDuplicatesRejected() {
        Sequential m = Sequential.builder().input(3).add(new Dense(2).name("dense_1")).dense(2).dense(1)
                .build(F64, 0);
        assertEquals(List.of("dense_1", "dense", "dense_2"), m.layers().stream().map(Layer::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Sequential.builder().input(3).add(new Dense(2).name("h")).add(new Dense(2).name("h")).build(F64, 0));
        assertTrue(e.getMessage().contains("two layers are named 'h'"), e.getMessage());
        IllegalStateException noInput = assertThrows(IllegalStateException.class,
                () -> Sequential.builder().dense(3).build(F64, 0));
        assertTrue(noInput.getMessage().contains("input(...)"), noInput.getMessage());
    }

    @Test
    void sameSeedSameWeights() {
        Sequential a = mnistMlp(F64), b = mnistMlp(F64);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertTrue(a.parameters().get(i).value().bitEquals(b.parameters().get(i).value()));
        }
    }

    @Test
    void predictReturnsACopyForwardTheLayersBuffer() {
        Sequential m = mnistMlp(F64);
        Tensor x = Tensor.uniform(F64, new Rng(1), 0, 1, 3, 28, 28);
        Tensor p = m.predict(x);
        assertNotSame(p, m.predict(x));
        assertSame(m.forward(x, Mode.INFERENCE), m.forward(x, Mode.INFERENCE));
        for (int r = 0; r < 3; r++) {
            double s = 0;
            for (int c = 0; c < 10; c++) s += p.at(r, c);
            assertEquals(1, s, 1e-12);
        }
    }

    @Test
    void deepMixedModelPassesTheGradientCheck() {
        Tensor x = randn(21, 5, 2, 3);
        int[] classes = {0, 2, 1, 3, 1};
        assertPasses(new GradientCheck().check(deepMix(Activation.SOFTMAX, 4), x, oneHot(classes, 4),
                new CategoricalCrossEntropy()));
        assertPasses(new GradientCheck().check(deepMix(Activation.SIGMOID, 1), x, LossTest.bits(3, 5, 1),
                new BinaryCrossEntropy()));
        assertPasses(new GradientCheck().check(deepMix(Activation.IDENTITY, 2), x, randn(4, 5, 2),
                new MeanSquaredError()));
    }

    @Test
    void computeGradientsAddsTheRegularisationLoss() {
        Sequential m = deepMix(Activation.IDENTITY, 2);
        Tensor x = randn(21, 5, 2, 3), y = randn(4, 5, 2);
        double reg = m.regularizationLoss();
        assertTrue(reg > 0);
        ((Dropout) m.layer("dropout")).fixMask(true);
        double total = m.computeGradients(x, y, new MeanSquaredError());
        assertEquals(total - reg, new MeanSquaredError().forward(m.forward(x, Mode.TRAIN), y), 1e-12, "data part");
    }

    @Test
    void fusedOutputEqualsALinearOutputTrainedFromLogits() {
        // A sigmoid/softmax model with the probability loss takes the logits path: it must match the
        // same weights ending in a linear layer with the from-logits loss, exactly.
        Tensor x = randn(5, 6, 4);
        for (Activation last : new Activation[]{Activation.SIGMOID, Activation.SOFTMAX}) {
            Sequential fused = Sequential.builder().input(4).dense(5, Activation.TANH).dense(3, last).build(F64, 9);
            Sequential linear = Sequential.builder().input(4).dense(5, Activation.TANH).dense(3).build(F64, 9);
            Tensor y = last == Activation.SIGMOID ? LossTest.bits(2, 6, 3) : oneHot(new int[]{0, 1, 2, 2, 1, 0}, 3);
            Loss probability = last == Activation.SIGMOID ? new BinaryCrossEntropy() : new CategoricalCrossEntropy();
            Loss logits = last == Activation.SIGMOID ? BinaryCrossEntropy.fromLogits() : CategoricalCrossEntropy.fromLogits();
            assertEquals(linear.computeGradients(x, y, logits, true), fused.computeGradients(x, y, probability, true));
            for (int i = 0; i < fused.parameters().size(); i++) {
                assertTrue(fused.parameters().get(i).grad().bitEquals(linear.parameters().get(i).grad()));
            }
            assertTrue(fused.inputGradient().bitEquals(linear.inputGradient()));
            assertEquals(linear.evaluate(x, y, logits), fused.evaluate(x, y, probability));
        }
    }

    @Test
    void skippingTheInputGradientLeavesTheParameterGradsBitForBit() {
        // Two models from one seed draw the same Dropout masks, so both passes see the same network.
        int[] classes = {0, 3, 1, 2, 2};
        Tensor x = randn(7, 5, 2, 3);
        Sequential with = deepMix(Activation.SOFTMAX, 4);
        Sequential without = deepMix(Activation.SOFTMAX, 4);
        double a = with.computeGradients(x, oneHot(classes, 4), new CategoricalCrossEntropy(), true);
        double b = without.computeGradients(x, oneHot(classes, 4), new CategoricalCrossEntropy());
        assertEquals(a, b);
        for (int i = 0; i < with.weights().size(); i++) {
            assertTrue(with.weights().get(i).grad().bitEquals(without.weights().get(i).grad()),
                    with.weights().get(i).name());
        }
        assertArrayEquals(new int[]{5, 2, 3}, with.inputGradient().shape());
        IllegalStateException e = assertThrows(IllegalStateException.class, without::inputGradient);
        assertTrue(e.getMessage().contains("computeGradients(x, y, loss, true)"), e.getMessage());
    }

    @Test
    void aSeparateActivationLayerFusesToo() {
        Tensor x = randn(5, 6, 4);
        Tensor y = labels(0, 1, 2, 2, 1, 0);
        Sequential separate = Sequential.builder().input(4).dense(3).activation(Activation.SOFTMAX).build(F64, 9);
        Sequential inside = Sequential.builder().input(4).dense(3, Activation.SOFTMAX).build(F64, 9);
        double a = separate.computeGradients(x, y, new SparseCategoricalCrossEntropy());
        double b = inside.computeGradients(x, y, new SparseCategoricalCrossEntropy());
        assertEquals(a, b);
        assertTrue(separate.parameters().get(0).grad().bitEquals(inside.parameters().get(0).grad()));
    }

    @Test
    void batchNormUsesMovingStatisticsAtInference() {
        Sequential m = Sequential.builder().input(2).batchNorm().build(F64, 0);
        BatchNorm bn = (BatchNorm) m.layer(0);
        Tensor x = Tensor.matrix(F64, new double[][]{{1, 10}, {3, 30}});
        Tensor train = m.forward(x, Mode.TRAIN);
        assertEquals(-1 / Math.sqrt(1 + 1e-3), train.at(0, 0), 1e-12); // mean 2, variance 1
        assertEquals(0.01 * 2, bn.movingMean().value().getFlat(0), 1e-15);
        assertEquals(0.99 + 0.01 * 1, bn.movingVariance().value().getFlat(0), 1e-15);
        assertEquals(0.99 + 0.01 * 100, bn.movingVariance().value().getFlat(1), 1e-13);
        Tensor inference = m.forward(x, Mode.INFERENCE);
        assertEquals((1 - 0.02) / Math.sqrt(1 + 1e-3), inference.at(0, 0), 1e-12);
    }

    @Test
    void dropoutIsTheIdentityAtInferenceAndSeededInTraining() {
        Tensor x = Tensor.ones(F64, 4, 50);
        Sequential a = Sequential.builder().input(50).dropout(0.2).build(F64, 5);
        Sequential b = Sequential.builder().input(50).dropout(0.2).build(F64, 5);
        assertSame(x, a.forward(x, Mode.INFERENCE));
        Tensor ya = a.forward(x, Mode.TRAIN).copy();
        assertTrue(ya.bitEquals(b.forward(x, Mode.TRAIN)), "same seed, same mask");
        assertFalse(ya.bitEquals(a.forward(x, Mode.TRAIN)), "a new mask each step");
        double kept = 0;
        for (int i = 0; i < ya.size(); i++) kept += ya.getFlat(i) == 0 ? 0 : 1;
        assertEquals(0.8, kept / ya.size(), 0.1);
    }

    @Test
    void gradientsAddUpAcrossBackwardCallsUntilZeroed() {
        Sequential m = deepMix(Activation.SOFTMAX, 3);
        Tensor x = randn(5, 4, 2, 3);
        Tensor y = labels(0, 2, 1, 2);
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        m.zeroGrad();
        loss.forward(m.forward(x, Mode.INFERENCE), y);
        m.backward(loss.backward());
        List<Tensor> once = m.parameters().stream().map(p -> p.grad().copy()).toList();
        loss.forward(m.forward(x, Mode.INFERENCE), y);
        m.backward(loss.backward());
        for (int i = 0; i < once.size(); i++) {
            Tensor twice = m.parameters().get(i).grad();
            for (int j = 0; j < twice.size(); j++) {
                assertEquals(2 * once.get(i).getFlat(j), twice.getFlat(j), 1e-12, m.parameters().get(i).name());
            }
        }
        m.zeroGrad();
        for (Parameter p : m.parameters()) {
            for (int j = 0; j < p.grad().size(); j++) assertEquals(0.0, p.grad().getFlat(j), p.name());
        }
        // Zeroed, then written by a layer: the first contribution replaces the zeros, the next one adds.
        Parameter kernel = ((Dense) m.layer(1)).kernel();
        m.zeroGrad();
        assertEquals(0.0, kernel.accumulateBeta());
        assertEquals(1.0, kernel.accumulateBeta());
    }
}
