package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterVectorTest {

    private static List<Parameter> parameters(DType dtype) {
        Parameter w = new Parameter("dense/kernel", Tensor.matrix(dtype, new double[][] {{1, 2, 3}, {4, 5, 6}}));
        Parameter frozen = new Parameter("norm/mean", Tensor.vector(dtype, 7, 8)).trainable(false);
        Parameter b = new Parameter("dense/bias", Tensor.vector(dtype, 9, 10, 11));
        return List.of(w, frozen, b);
    }

    @Test
    void flattensTrainableParametersInOrder() {
        List<Parameter> ps = parameters(DType.FLOAT64);
        ParameterVector v = ParameterVector.of(ps);
        assertEquals(9, v.size());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 9, 10, 11}, v.get(), 0);

        double[] values = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        v.set(values);
        assertArrayEquals(values, v.get(), 0);
        assertArrayEquals(new double[] {0.7, 0.8, 0.9}, ps.get(2).value().toDoubleArray(), 0);
        assertArrayEquals(new double[] {7, 8}, ps.get(1).value().toDoubleArray(), 0, "frozen ones stay out");

        ps.get(0).grad().fill(-1);
        ps.get(2).grad().setFlat(1, 42);
        assertArrayEquals(new double[] {-1, -1, -1, -1, -1, -1, 0, 42, 0}, v.gradient(), 0);
    }

    @Test
    void float32IsWidenedAndRounded() {
        ParameterVector v = ParameterVector.of(parameters(DType.FLOAT32));
        double[] values = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1e-50};
        v.set(values);
        double[] back = new double[9];
        v.get(back);
        for (int i = 0; i < 9; i++) assertEquals((float) values[i], back[i], 0.0);
        assertEquals(0.0, back[8]);
    }

    @Test
    void wrongLengthsNameTheExpectedSize() {
        ParameterVector v = ParameterVector.of(parameters(DType.FLOAT64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.set(new double[8]));
        assertTrue(e.getMessage().contains("9") && e.getMessage().contains("8")
                && e.getMessage().contains("dense/kernel[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.gradient(new double[10]));
        assertThrows(IllegalArgumentException.class, () -> v.get(new double[0]));
    }
}
