package io.nnlab.optim;

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
    void regressionMetrics() {
        assertEquals(2.5, Metric.meanSquaredError().compute(v(1, 2), v(0, 4)));
        assertEquals(1.5, Metric.meanAbsoluteError().compute(v(1, 2), v(0, 4)));
        assertEquals("binary_accuracy", Accuracy.binary().named("binary_accuracy").name());
    }
}
