package io.nnlab.optim;

import io.nnlab.nn.losses.InvalidTargetException;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccuracyTest {

    private static Tensor t(double[][] rows) { return Tensor.matrix(DType.FLOAT64, rows); }

    private static Tensor v(double... values) { return Tensor.vector(DType.FLOAT64, values); }

    @Test
    void binaryThresholdsAtHalfExclusive() {
        // Keras: y_pred > threshold is class 1, so exactly 0.5 is class 0.
        Tensor p = t(new double[][] {{0.2}, {0.5}, {0.51}, {0.9}});
        Tensor y = t(new double[][] {{0}, {0}, {1}, {0}});
        assertEquals(0.75, Accuracy.binary().compute(p, y));
        assertEquals(0.75, Accuracy.auto().compute(p, y));
        assertEquals(0.5, Accuracy.binary(0.6).compute(p, y));
    }

    @Test
    void binaryAveragesOverEveryLabel() {
        Tensor p = t(new double[][] {{0.9, 0.1}, {0.8, 0.7}});
        Tensor y = t(new double[][] {{1, 0}, {1, 0}});
        assertEquals(0.75, Accuracy.binary().compute(p, y));
    }

    @Test
    void categoricalComparesArgmaxes() {
        Tensor p = t(new double[][] {{0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}});
        Tensor y = t(new double[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 1}});
        assertEquals(2.0 / 3, Accuracy.categorical().compute(p, y), 1e-15);
        assertEquals(2.0 / 3, Accuracy.auto().compute(p, y), 1e-15);
    }

    @Test
    void sparseComparesArgmaxWithLabels() {
        Tensor p = t(new double[][] {{0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.9, 0.05, 0.05}});
        assertEquals(0.75, Accuracy.sparseCategorical().compute(p, v(1, 0, 2, 2)));
        assertEquals(0.75, Accuracy.auto().compute(p, v(1, 0, 2, 2)));
        assertEquals(0.75, Accuracy.auto().compute(p, t(new double[][] {{1}, {0}, {2}, {2}})));
    }

    @Test
    void mismatchedShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.categorical().compute(t(new double[][] {{1, 0}}), t(new double[][] {{1, 0, 0}})));
        assertTrue(e.getMessage().contains("[1, 2]") && e.getMessage().contains("[1, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Accuracy.binary().compute(v(1, 0), v(1)));
    }

    @Test
    void aLabelOutsideTheClassesIsAnErrorNamingItsRow() {
        Tensor p = t(new double[][] {{0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.9, 0.05, 0.05}});
        InvalidTargetException e = assertThrows(InvalidTargetException.class,
                () -> Accuracy.sparseCategorical().compute(p, v(1, 0, 2, 7)));
        assertEquals("accuracy: row 3 of the target: label 7 is not a class index: expected an integer in [0, 2] for"
                + " the 3 classes the prediction has", e.getMessage());
        assertEquals(3, e.row());
        e = assertThrows(InvalidTargetException.class, () -> Accuracy.auto().compute(p, v(1, 0.5, 2, 0)));
        assertTrue(e.getMessage().startsWith("accuracy: row 1 of the target: label 0.5 is not a class index"), e.getMessage());
        e = assertThrows(InvalidTargetException.class, () -> Accuracy.auto().compute(p, v(1, 0, Double.NaN, 0)));
        assertTrue(e.getMessage().startsWith("accuracy: row 2 of the target: label NaN is not a class index"), e.getMessage());
    }

    @Test
    void binaryTargetsMustBeZeroOrOneAndCategoricalOnesFinite() {
        InvalidTargetException e = assertThrows(InvalidTargetException.class,
                () -> Accuracy.binary().compute(t(new double[][] {{0.9, 0.1}, {0.8, 0.7}}), t(new double[][] {{1, 0}, {0.7, 0}})));
        assertEquals("accuracy: row 1 of the target: target 0.7 is not a class: expected 0 or 1 for binary accuracy",
                e.getMessage());
        e = assertThrows(InvalidTargetException.class, () -> Accuracy.categorical().compute(
                t(new double[][] {{0.1, 0.9}, {0.8, 0.2}}), t(new double[][] {{0, 1}, {Double.NaN, 0}})));
        assertEquals("accuracy: row 1 of the target: target NaN in column 0: expected a finite (one-hot) row",
                e.getMessage());
    }

    @Test
    void aNanPredictionGivesANanAccuracyNotTheFractionItsArgmaxHits() {
        Tensor p = t(new double[][] {{0.1, 0.7, 0.2}, {Double.NaN, 0.3, 0.2}, {0.2, 0.2, 0.6}});
        assertTrue(Double.isNaN(Accuracy.sparseCategorical().compute(p, v(1, 0, 2))));
        assertTrue(Double.isNaN(Accuracy.categorical().compute(p, t(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}))));
        assertTrue(Double.isNaN(Accuracy.binary().compute(v(0.9, Double.NaN), v(1, 0))));
        // Infinities still have an argmax and a side of the threshold.
        assertEquals(1.0, Accuracy.binary().compute(v(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), v(1, 0)));
    }

    @Test
    void regressionMetrics() {
        assertEquals(2.5, Metric.meanSquaredError().compute(v(1, 2), v(0, 4)));
        assertEquals(1.5, Metric.meanAbsoluteError().compute(v(1, 2), v(0, 4)));
        assertEquals("binary_accuracy", Accuracy.binary().named("binary_accuracy").name());
    }
}
