package io.nnlab.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    @Test
    void creationShapesAndValues() {
        Tensor z = Tensor.zeros(DType.FLOAT32, 2, 3);
        assertEquals(DType.FLOAT32, z.dtype());
        assertArrayEquals(new int[]{2, 3}, z.shape());
        assertEquals(6, z.size());
        assertEquals(2, z.rows());
        assertEquals(3, z.cols());
        assertEquals(1.0, Tensor.ones(DType.FLOAT64, 4).get(3));
        assertEquals(7.5, Tensor.full(DType.FLOAT64, 7.5, 2, 2).at(1, 1));
        Tensor s = Tensor.scalar(DType.FLOAT64, 3.0);
        assertEquals(0, s.rank());
        assertEquals(1, s.size());
        assertEquals(3.0, s.get());
        Tensor m = Tensor.matrix(DType.FLOAT64, new double[][]{{1, 2}, {3, 4}, {5, 6}});
        assertEquals(4.0, m.at(1, 1));
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, m.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.matrix(DType.FLOAT64, new double[][]{{1, 2}, {3}}));
    }

    @Test
    void arangeAndLinspaceMatchNumpy() {
        assertArrayEquals(new double[]{0, 0.5, 1.0, 1.5}, Tensor.arange(DType.FLOAT64, 0, 2, 0.5).toDoubleArray());
        assertArrayEquals(new double[]{5, 4, 3}, Tensor.arange(DType.FLOAT64, 5, 2, -1).toDoubleArray());
        assertEquals(0, Tensor.arange(DType.FLOAT64, 2, 0, 1).size());
        double[] l = Tensor.linspace(DType.FLOAT64, 0, 1, 5).toDoubleArray();
        assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 1}, l);
        assertEquals(1.0, Tensor.linspace(DType.FLOAT64, 0, 1, 100).get(99)); // endpoint exact
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(DType.FLOAT64, 0, 1, 0));
    }

    @Test
    void seededRandomIsReproducibleAndDistributed() {
        Tensor a = Tensor.normal(DType.FLOAT64, new Rng(42), 0, 1, 1000);
        Tensor b = Tensor.normal(DType.FLOAT64, new Rng(42), 0, 1, 1000);
        assertTrue(a.bitEquals(b));
        assertFalse(a.bitEquals(Tensor.normal(DType.FLOAT64, new Rng(43), 0, 1, 1000)));
        double mean = Ops.mean(a);
        assertEquals(0, mean, 0.1); // 1000 draws: standard error 0.032
        Tensor u = Tensor.uniform(DType.FLOAT32, new Rng(1), -2, 3, 500);
        for (int i = 0; i < u.size(); i++) assertTrue(u.getFlat(i) >= -2 && u.getFlat(i) < 3);
        int[] p = new Rng(5).permutation(10);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, java.util.Arrays.stream(p).sorted().toArray());
    }

    @Test
    void reshapeSharesStorage() {
        Tensor a = Tensor.arange(DType.FLOAT32, 0, 12, 1);
        Tensor b = a.reshape(3, -1);
        assertArrayEquals(new int[]{3, 4}, b.shape());
        b.set(100, 2, 3);
        assertEquals(100.0, a.get(11));
        assertTrue(a.sharesStorage(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.reshape(5, 3));
        assertTrue(e.getMessage().contains("[12]") && e.getMessage().contains("[5, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(5, -1));
    }

    @Test
    void rowsForBatching() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 12, 1).reshape(4, 3);
        assertArrayEquals(new double[]{3, 4, 5, 6, 7, 8}, x.rowRange(1, 3).toDoubleArray());
        Tensor g = x.gatherRows(new int[]{3, 0});
        assertArrayEquals(new double[]{9, 10, 11, 0, 1, 2}, g.toDoubleArray());
        Tensor batch = Tensor.zeros(DType.FLOAT64, 2, 3);
        x.gatherRowsInto(new int[]{2, 1, 0, 3}, 2, batch);
        assertArrayEquals(new double[]{0, 1, 2, 9, 10, 11}, batch.toDoubleArray());
        x.copyRowsInto(2, batch);
        assertArrayEquals(new double[]{6, 7, 8, 9, 10, 11}, batch.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> x.rowRange(3, 5));
        assertThrows(IllegalArgumentException.class, () -> x.copyRowsInto(0, Tensor.zeros(DType.FLOAT64, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> x.copyRowsInto(0, Tensor.zeros(DType.FLOAT32, 2, 3)));
        assertThrows(IndexOutOfBoundsException.class, () -> x.gatherRows(new int[]{4}));
    }

    @Test
    void badShapesAreRejectedWithTheShapeInTheMessage() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 3, -2));
        assertTrue(neg.getMessage().contains("zeros") && neg.getMessage().contains("[3, -2]"), neg.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT64, 65536, 65536));
        assertTrue(big.getMessage().contains("[65536, 65536]"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 1, 1, 1, 1, 1));
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new double[5], 2, 3));
        assertTrue(len.getMessage().contains("6") && len.getMessage().contains("5"), len.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(DType.FLOAT64, 2, 2).get(2, 0));
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(DType.FLOAT64, 2).floats());
    }

    @Test
    void astypeIsTheOnlyConversion() {
        Tensor a = Tensor.vector(DType.FLOAT64, 0.1, 1e40);
        Tensor f = a.astype(DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals(0.1f, (float) f.get(0));
        assertEquals(Double.POSITIVE_INFINITY, f.get(1)); // overflow becomes inf, as numpy's astype
    }

    @Test
    void toStringLooksLikeNumpy() {
        Tensor m = Tensor.matrix(DType.FLOAT32, new double[][]{{1, 2.5}, {-3, Double.NaN}});
        assertEquals("tensor([[1., 2.5],\n        [-3., nan]], dtype=float32)", m.toString());
        assertEquals("tensor(3., dtype=float64)", Tensor.scalar(DType.FLOAT64, 3).toString());
        String big = Tensor.zeros(DType.FLOAT64, 2000).toString();
        assertTrue(big.contains("..."), big);
        assertTrue(big.length() < 200, "summarised: " + big.length());
    }

    @Test
    void comparisonHelpers() {
        Tensor a = Tensor.vector(DType.FLOAT64, 1, 2, Double.NaN);
        Tensor b = Tensor.vector(DType.FLOAT64, 1, 2 + 1e-9, Double.NaN);
        assertTrue(a.allClose(b, 1e-8, 0));
        assertFalse(a.allClose(b, 1e-12, 0));
        assertEquals(1e-9, a.maxAbsDiff(b), 1e-15);
        assertTrue(Double.isNaN(a.maxAbsDiff(Tensor.vector(DType.FLOAT64, 1, 2, 3))));
        assertNotEquals(a.bitEquals(b), true);
    }
}
