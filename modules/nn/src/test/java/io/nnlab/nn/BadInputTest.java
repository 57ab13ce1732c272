package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.Flatten;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.layers.Sigmoid;
import io.nnlab.nn.layers.Softmax;
import io.nnlab.nn.losses.InvalidTargetException;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong input gets an error naming the layer (or loss), the expected value and the actual one. */
class BadInputTest {
    static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    static Sequential mlp(DType dtype) {
        return Sequential.builder().input(784).dense(100, Activation.RELU).dense(10, Activation.SOFTMAX).build(dtype, 1);
    }

    @Test
    void wrongInputWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mlp(F32).predict(Tensor.zeros(F32, 2, 785)));
        assertEquals("dense: expected input of shape [batch, 784], got [2, 785]", e.getMessage());
    }

    @Test
    void unflattenedImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mlp(F32).predict(Tensor.zeros(F32, 2, 28, 28)));
        assertEquals("dense: expected input of shape [batch, 784], got [2, 28, 28]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder().input(28, 28).dense(10).build(F32, 1));
        assertEquals("dense: expected a flat input shape [features], got [28, 28] (add a Flatten before it)", e.getMessage());
        Sequential images = Sequential.builder().input(28, 28).flatten().dense(10).build(F32, 1);
        e = assertThrows(IllegalArgumentException.class, () -> images.predict(Tensor.zeros(F32, 2, 28, 27)));
        assertEquals("flatten: expected input of shape [batch, 28, 28], got [2, 28, 27]", e.getMessage());
    }

    @Test
    void dtypeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mlp(F32).predict(Tensor.zeros(F64, 2, 784)));
        assertTrue(e.getMessage().startsWith("dense: expected float32 input, got float64 [2, 784]"), e.getMessage());
        Sequential m = mlp(F64);
        e = assertThrows(IllegalArgumentException.class,
                () -> m.computeGradients(Tensor.zeros(F64, 2, 784), Tensor.zeros(F32, 2), new SparseCategoricalCrossEntropy()));
        assertEquals("sparse_categorical_crossentropy: target must be float64 like the prediction, got float32 [2]",
                e.getMessage());
    }

    @Test
    void sparseLabelOutOfRange() {
        Sequential m = mlp(F64);
        Tensor x = Tensor.zeros(F64, 3, 784);
        InvalidTargetException t = assertThrows(InvalidTargetException.class,
                () -> m.computeGradients(x, Tensor.vector(F64, 3, 10, 1), new SparseCategoricalCrossEntropy()));
        assertEquals("sparse_categorical_crossentropy: row 1 of the target: label 10 is not a class index: expected an"
                + " integer in [0, 9] for 10 classes", t.getMessage());
        assertEquals(1, t.row());
        t = assertThrows(InvalidTargetException.class,
                () -> new SparseCategoricalCrossEntropy().forward(Tensor.ones(F64, 2, 3), Tensor.vector(F64, -1, 0)));
        assertTrue(t.getMessage().contains("row 0 of the target: label -1"), t.getMessage());
        t = assertThrows(InvalidTargetException.class,
                () -> new SparseCategoricalCrossEntropy().forward(Tensor.ones(F64, 2, 3), Tensor.vector(F64, 0, 1.5)));
        assertTrue(t.getMessage().contains("row 1 of the target: label 1.5"), t.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossEntropy().forward(Tensor.ones(F64, 2, 3), Tensor.vector(F64, 0, 1, 2)));
        assertEquals("sparse_categorical_crossentropy: labels must have shape [2] (one class index per row of the "
                + "prediction [2, 3]), got [3]", e.getMessage());
    }

    @Test
    void anEmptyBatchPredictsNothingButHasNoLoss() {
        Sequential m = Sequential.builder().name("iris").input(4).dense(8, Activation.RELU).dense(3, Activation.SOFTMAX)
                .build(F32, 1);
        Tensor empty = Tensor.zeros(F32, 0, 4);
        Tensor p = m.predict(empty);
        assertEquals(F32, p.dtype());
        assertEquals("[0, 3]", p.shapeString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(F32, 0, 5)));
        assertEquals("Sequential iris: expected float32 input of shape [batch, 4], got float32 [0, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(F64, 0, 4)));
        assertEquals("Sequential iris: expected float32 input of shape [batch, 4], got float64 [0, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.computeGradients(empty, Tensor.zeros(F32, 0), new SparseCategoricalCrossEntropy()));
        assertEquals("Sequential iris: computeGradients needs at least one sample, got x of shape [0, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.evaluate(empty, Tensor.zeros(F32, 0), new SparseCategoricalCrossEntropy()));
        assertEquals("Sequential iris: evaluate needs at least one sample, got x of shape [0, 4]", e.getMessage());
    }

    @Test
    void targetShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().forward(Tensor.ones(F64, 4, 1), Tensor.ones(F64, 4, 2)));
        assertEquals("mean_squared_error: target must have the prediction's shape [4, 1], got [4, 2]", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void dropoutRateOutsideTheUnitInterval(double rate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(rate));
        assertEquals("dropout: rate must be in [0, 1), got " + rate, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sequential.builder().dropout(rate));
    }

    @Test
    void batchNormOnABatchOfOneInTraining() {
        Sequential m = Sequential.builder().input(3).dense(4).batchNorm().dense(1).build(F32, 1);
        Tensor one = Tensor.ones(F32, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.computeGradients(one, Tensor.ones(F32, 1, 1), new MeanSquaredError()));
        assertEquals("batch_normalization: training needs a batch of at least 2 samples to estimate each feature's "
                + "variance, got a batch of 1", e.getMessage());
        assertEquals(1, m.predict(one).rows(), "inference on one sample uses the moving statistics");
    }

    @Test
    void backwardBeforeForward() {
        Layer[] layers = {new Dense(2), new Flatten(), new Dropout(0.5), new BatchNorm(), new Sigmoid(), new Softmax()};
        for (Layer layer : layers) {
            layer.build(new int[]{3}, F64, new Rng(0));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> layer.backward(Tensor.ones(F64, 2, 3)));
            assertEquals(layer.name() + ": backward called before forward; there is no forward pass to differentiate",
                    e.getMessage());
        }
        Sequential m = mlp(F64);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.backward(Tensor.ones(F64, 2, 10)));
        assertTrue(e.getMessage().startsWith("dense_1: backward called before forward"), e.getMessage());
    }

    @Test
    void gradientOfTheWrongShape() {
        Dense d = new Dense(2);
        d.build(new int[]{3}, F64, new Rng(0));
        d.forward(Tensor.ones(F64, 4, 3), Mode.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.backward(Tensor.ones(F64, 4, 3)));
        assertEquals("dense: gradOut must be float64 [4, 2] like the last output, got float64 [4, 3]", e.getMessage());
    }

    @Test
    void forwardBeforeBuildAndChangesAfterIt() {
        Dense d = new Dense(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.forward(Tensor.ones(F64, 1, 3), Mode.TRAIN));
        assertEquals("dense: not built; build it (or the Sequential holding it) before forward", e.getMessage());
        d.build(new int[]{3}, F64, new Rng(0));
        e = assertThrows(IllegalStateException.class, () -> d.useBias(false));
        assertEquals("dense: cannot set useBias after the layer is built", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> d.build(new int[]{3}, F64, new Rng(0)));
        assertTrue(e.getMessage().startsWith("dense: already built"), e.getMessage());
        IllegalArgumentException inModel = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder().input(3).add(d).build(F64, 0));
        assertTrue(inModel.getMessage().contains("layer dense is already built"), inModel.getMessage());
    }

    @Test
    void badConfiguration() {
        assertEquals("dense: units must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Dense(0)).getMessage());
        assertEquals("batch_normalization: momentum must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new BatchNorm().momentum(1.5)).getMessage());
        assertEquals("activation: \"activation\" must be one of " + Registry.activationNames() + " (register your own "
                        + "with Registry.registerActivation before loading), got 'gelu2'",
                assertThrows(IllegalArgumentException.class, () -> Registry.activation("gelu2")).getMessage());
        assertEquals("leaky_relu: alpha must be finite and >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-0.1)).getMessage());
    }
}
