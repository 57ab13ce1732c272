package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Sample i has features [i, 10 i] and target 100 i, so rows can be traced through copies. */
    static Dataset regression(int n) {
        Tensor x = Tensor.zeros(DType.FLOAT64, n, 2);
        Tensor y = Tensor.zeros(DType.FLOAT64, n, 1);
        for (int i = 0; i < n; i++) {
            x.set(i, i, 0);
            x.set(10 * i, i, 1);
            y.set(100 * i, i, 0);
        }
        return Dataset.of(x, y);
    }

    static Dataset classification(int n) {
        Tensor x = Tensor.zeros(DType.FLOAT32, n, 2, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) x.setFlat(4 * i + k, i);
            labels[i] = i % 3;
        }
        return Dataset.of(x, labels);
    }

    @Test
    void holdsTargetsOrLabels() {
        Dataset r = regression(5);
        assertEquals(5, r.size());
        assertEquals(false, r.hasLabels());
        assertThrows(IllegalStateException.class, r::labels);
        Dataset c = classification(7);
        assertEquals(true, c.hasLabels());
        assertArrayEquals(new int[] {3, 2, 2}, c.labelCounts());
        assertThrows(IllegalStateException.class, c::targets);
    }

    @Test
    void rejectsMismatchedSampleCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(DType.FLOAT64, 3, 2), new int[2]));
        assertEquals("Dataset.of: features [3, 2] have 3 samples but there are 2 labels", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(DType.FLOAT64, 3, 2), Tensor.zeros(DType.FLOAT64, 4)));
    }

    @Test
    void splitIsSeededDisjointAndComplete() {
        Dataset d = regression(10);
        Dataset.Split s = d.split(0.25, 42);
        assertEquals(7, s.train().size());
        assertEquals(3, s.test().size()); // ceil(2.5), as scikit-learn
        int[] seen = IntStream.concat(firstColumn(s.train()), firstColumn(s.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 10).toArray(), seen, "every sample in exactly one part");
        for (int i = 0; i < s.test().size(); i++) {
            assertEquals(100 * s.test().features().get(i, 0), s.test().targets().get(i, 0), "rows stay paired");
        }
        Dataset.Split again = d.split(0.25, 42);
        assertArrayEquals(s.test().features().toDoubleArray(), again.test().features().toDoubleArray());
        Dataset.Split other = d.split(0.25, 43);
        assertEquals(false, Arrays.equals(s.test().features().toDoubleArray(), other.test().features().toDoubleArray()));
    }

    private static IntStream firstColumn(Dataset d) {
        return IntStream.range(0, d.size()).map(i -> (int) d.features().get(i, 0));
    }

    @Test
    void splitKeepsLabelsWithTheirRows() {
        Dataset.Split s = classification(30).split(0.5, 1);
        for (Dataset part : new Dataset[] {s.train(), s.test()}) {
            for (int i = 0; i < part.size(); i++) {
                assertEquals((int) part.features().get(i, 0, 0) % 3, part.labels()[i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> classification(3).split(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> classification(1).split(0.5, 1));
    }
}
