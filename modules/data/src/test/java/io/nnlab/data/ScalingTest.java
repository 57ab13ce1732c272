package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import org.junit.jupiter.api.Test;

class ScalingTest {

    @Test
    void columnMaxIsNumpysDivisionByAmax() {
        // t5's data: X = [[3,5],[5,1],[10,2]] / amax(X, axis=0).
        Tensor x = Tensor.matrix(DType.FLOAT64, new double[][] {{3, 5}, {5, 1}, {10, 2}});
        Scaling s = Scaling.columnMax(x);
        assertArrayEquals(new double[] {10, 5}, s.scale());
        assertArrayEquals(new double[] {0.3, 1, 0.5, 0.2, 1, 0.4}, s.apply(x).doubles());
        assertArrayEquals(x.doubles(), s.invert(s.apply(x)).doubles());
        // A vector is one column, as np.amax(y, axis=0) of a 1-d y.
        Tensor y = Tensor.vector(DType.FLOAT64, 75, 82, 95);
        assertArrayEquals(new double[] {75 / 95.0, 82 / 95.0, 1}, Scaling.columnMax(y).apply(y).doubles());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scaling.columnMax(Tensor.matrix(DType.FLOAT64, new double[][] {{1, 0}, {2, 0}})));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }

    @Test
    void standardizeUsesThePopulationStandardDeviation() {
        Tensor x = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}});
        Scaling s = Scaling.standardize(x);
        assertArrayEquals(new double[] {2.5, 7}, s.shift());
        assertEquals(Math.sqrt(1.25), s.scale()[0]);
        assertEquals(1.0, s.scale()[1], "a constant column is only centred");
        Tensor z = s.apply(x);
        double sum = 0, sq = 0;
        for (int r = 0; r < 4; r++) {
            sum += z.get(r, 0);
            sq += z.get(r, 0) * z.get(r, 0);
            assertEquals(0.0, z.get(r, 1));
        }
        assertEquals(0, sum, 1e-15);
        assertEquals(4, sq, 1e-12);
        // Fitted on one set, applied to another with the same columns.
        assertArrayEquals(new double[] {(10 - 2.5) / Math.sqrt(1.25), 1},
                s.apply(Tensor.matrix(DType.FLOAT64, new double[][] {{10, 8}})).doubles(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> s.apply(Tensor.zeros(DType.FLOAT64, 2, 3)));
    }

    @Test
    void divideBy255MatchesFloat32OfTheFloat64Quotient() {
        Tensor pixels = Tensor.zeros(DType.FLOAT32, 256);
        for (int i = 0; i < 256; i++) pixels.setFlat(i, i);
        Scaling.divideBy(255).applyInPlace(pixels);
        for (int i = 0; i < 256; i++) {
            // Keras: (x_uint8 / 255.0) in float64, then cast to float32.
            assertEquals(Float.floatToIntBits((float) (i / 255.0)), Float.floatToIntBits(pixels.floats()[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> Scaling.divideBy(0));
    }
}
