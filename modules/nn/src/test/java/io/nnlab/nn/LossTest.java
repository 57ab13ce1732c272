package io.nnlab.nn;

import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.nn.losses.CategoricalCrossEntropy;
import io.nnlab.nn.losses.Loss;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.nn.losses.SumSquaredError;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static io.nnlab.nn.LayerGradientTest.assertPasses;
import static io.nnlab.nn.LayerGradientTest.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss values, their gradients against central differences, and the fused from-logits forms. */
class LossTest {
    static final DType F64 = DType.FLOAT64;

    static Tensor probabilities(long seed, int... shape) { return Tensor.uniform(F64, new Rng(seed), 0.05, 0.95, shape); }

    static Tensor oneHot(int[] labels, int classes) {
        Tensor t = Tensor.zeros(F64, labels.length, classes);
        for (int i = 0; i < labels.length; i++) t.set(1, i, labels[i]);
        return t;
    }

    static Tensor labels(int... labels) {
        double[] v = new double[labels.length];
        for (int i = 0; i < v.length; i++) v[i] = labels[i];
        return Tensor.vector(F64, v);
    }

    static Tensor bits(long seed, int... shape) {
        Tensor t = Tensor.uniform(F64, new Rng(seed), 0, 1, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, t.getFlat(i) < 0.5 ? 0 : 1);
        return t;
    }

    // ---------------------------------------------------------------- values

    @Test
    void meanAndSumSquaredErrors() {
        Tensor p = Tensor.matrix(F64, new double[][]{{1, 2}, {3, 4}});
        Tensor y = Tensor.matrix(F64, new double[][]{{0, 2}, {3, 1}});
        MeanSquaredError mse = new MeanSquaredError();
        assertEquals((1 + 9) / 4.0, mse.forward(p, y), 1e-15);
        assertEquals(0.5, mse.backward().at(0, 0), 1e-15);
        assertEquals(1.5, mse.backward().at(1, 1), 1e-15);
        SumSquaredError sse = new SumSquaredError();
        assertEquals(0.5 * (1 + 9), sse.forward(p, y), 1e-15);
        assertEquals(3, sse.backward().at(1, 1), 1e-15);
    }

    @Test
    void crossEntropyValues() {
        Tensor p = Tensor.matrix(F64, new double[][]{{0.8}, {0.3}});
        Tensor y = Tensor.matrix(F64, new double[][]{{1}, {0}});
        assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2, new BinaryCrossEntropy().forward(p, y), 1e-15);

        Tensor q = Tensor.matrix(F64, new double[][]{{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}});
        double expected = -(Math.log(0.7) + Math.log(0.8)) / 2;
        assertEquals(expected, new CategoricalCrossEntropy().forward(q, oneHot(new int[]{0, 2}, 3)), 1e-15);
        assertEquals(expected, new SparseCategoricalCrossEntropy().forward(q, labels(0, 2)), 1e-15);
        // [batch, 1] label columns are accepted too, as in Keras
        assertEquals(expected, new SparseCategoricalCrossEntropy().forward(q, labels(0, 2).reshape(2, 1)), 1e-15);
    }

    @Test
    void probabilityFormsClipAtKerasEpsilon() {
        Tensor p = Tensor.matrix(F64, new double[][]{{0.0}, {1.0}});
        Tensor y = Tensor.matrix(F64, new double[][]{{1}, {0}});
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        assertEquals(-Math.log(1e-7), bce.forward(p, y), 1e-9);
        assertEquals(0, bce.backward().getFlat(0), "no gradient where clipping binds");
    }

    // ---------------------------------------------------------------- gradient checks

    @Test
    void gradientOfEveryLoss() {
        Tensor p = probabilities(1, 5, 3);
        Tensor target = randn(2, 5, 3);
        GradientCheck check = new GradientCheck();
        assertPasses(check.check(new MeanSquaredError(), randn(3, 5, 3), target));
        assertPasses(check.check(new SumSquaredError(), randn(3, 5, 3), target));
        assertPasses(check.check(new BinaryCrossEntropy(), p, bits(4, 5, 3)));
        // soft targets and unnormalised rows exercise the row-sum division
        assertPasses(check.check(new CategoricalCrossEntropy(), p, probabilities(5, 5, 3)));
        assertPasses(check.check(new CategoricalCrossEntropy(), p, oneHot(new int[]{0, 2, 1, 1, 0}, 3)));
        assertPasses(check.check(new SparseCategoricalCrossEntropy(), p, labels(0, 2, 1, 1, 0)));
    }

    @Test
    void gradientOfEveryFromLogitsForm() {
        Tensor z = randn(6, 5, 3);
        GradientCheck check = new GradientCheck();
        assertPasses(check.check(BinaryCrossEntropy.fromLogits(), z, bits(4, 5, 3)));
        assertPasses(check.check(CategoricalCrossEntropy.fromLogits(), z, probabilities(5, 5, 3)));
        assertPasses(check.check(SparseCategoricalCrossEntropy.fromLogits(), z, labels(0, 2, 1, 1, 0)));
        assertPasses(check.checkFromLogits(new BinaryCrossEntropy(), z, bits(4, 5, 3)));
        assertPasses(check.checkFromLogits(new CategoricalCrossEntropy(), z, oneHot(new int[]{0, 2, 1, 1, 0}, 3)));
        assertPasses(check.checkFromLogits(new SparseCategoricalCrossEntropy(), z, labels(0, 2, 1, 1, 0)));
    }

    // ---------------------------------------------------------------- fused against clipped

    @Test
    void fusedFormsMatchTheClippedProbabilityFormsOnModerateLogits() {
        Tensor z = Tensor.uniform(F64, new Rng(8), -6, 6, 16, 4);
        Tensor bitsTarget = bits(9, 16, 4);
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        double fused = bce.forwardFromLogits(z, bitsTarget);
        Tensor fusedGrad = bce.backward().copy();
        Tensor p = Ops.sigmoid(z);
        double clipped = bce.forward(p, bitsTarget);
        assertEquals(clipped, fused, 1e-7);
        assertEquals(fused, BinaryCrossEntropy.fromLogits().forward(z, bitsTarget), 1e-15);
        // chain the probability gradient through the sigmoid: the same dLoss/dLogits
        Tensor chained = Ops.mul(bce.backward(), Ops.mul(p, Ops.addScalar(Ops.scale(p, -1), 1)));
        assertTrue(chained.allClose(fusedGrad, 1e-7, 1e-12), () -> chained + " vs " + fusedGrad);

        int[] classes = {0, 3, 1, 2, 2, 0, 1, 3, 3, 0, 1, 2, 0, 0, 1, 2};
        Tensor softmax = Ops.softmax(z);
        for (Loss loss : new Loss[]{new CategoricalCrossEntropy(), new SparseCategoricalCrossEntropy()}) {
            Tensor target = loss instanceof SparseCategoricalCrossEntropy ? labels(classes) : oneHot(classes, 4);
            assertEquals(loss.forward(softmax, target), loss.forwardFromLogits(z, target), 1e-7, loss.name());
        }
    }

    @Test
    void fusedFormsStayFiniteOnHugeLogits() {
        Tensor z = Tensor.matrix(F64, new double[][]{{1000}, {-1000}, {1000}, {-1000}});
        Tensor y = Tensor.matrix(F64, new double[][]{{0}, {1}, {1}, {0}});
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        assertEquals((1000 + 1000 + 0 + 0) / 4.0, bce.forwardFromLogits(z, y), 1e-12);
        Tensor g = bce.backward();
        assertEquals(0.25, g.getFlat(0), 1e-15);
        assertEquals(-0.25, g.getFlat(1), 1e-15);
        assertEquals(0, g.getFlat(2), 1e-15);

        Tensor logits = Tensor.matrix(F64, new double[][]{{1000, -1000, 0}, {-1000, 1000, 999}});
        Tensor target = labels(1, 1);
        SparseCategoricalCrossEntropy scce = new SparseCategoricalCrossEntropy();
        assertEquals((2000 + Math.log1p(Math.exp(-1))) / 2, scce.forwardFromLogits(logits, target), 1e-9);
        for (int i = 0; i < 6; i++) assertTrue(Double.isFinite(scce.backward().getFlat(i)));
        CategoricalCrossEntropy cce = new CategoricalCrossEntropy();
        assertEquals(scce.forwardFromLogits(logits, target), cce.forwardFromLogits(logits, oneHot(new int[]{1, 1}, 3)), 1e-9);
        for (int i = 0; i < 6; i++) assertTrue(Double.isFinite(cce.backward().getFlat(i)));
        // the probability forms saturate at -log(1e-7) instead
        assertTrue(scce.forward(Ops.softmax(logits), target) < 17);
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MeanSquaredError().backward());
        assertEquals("mean_squared_error: backward() called before forward()", e.getMessage());
    }

    @Test
    void float32LossesAgreeWithFloat64() {
        Tensor z = Tensor.uniform(F64, new Rng(8), -3, 3, 8, 3);
        Tensor y = labels(0, 1, 2, 0, 1, 2, 2, 1);
        double l64 = new SparseCategoricalCrossEntropy().forwardFromLogits(z, y);
        double l32 = new SparseCategoricalCrossEntropy().forwardFromLogits(z.astype(DType.FLOAT32), y.astype(DType.FLOAT32));
        assertEquals(l64, l32, 1e-6 * l64);
    }
}
