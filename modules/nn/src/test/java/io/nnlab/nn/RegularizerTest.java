package io.nnlab.nn;

import io.nnlab.nn.regularizers.L1;
import io.nnlab.nn.regularizers.L1L2;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Penalties and their gradients, in Keras' form (L2 is l2·Σw², no ½). */
class RegularizerTest {
    final Tensor w = Tensor.vector(DType.FLOAT64, 1, -2, 0, 3);

    @Test
    void l1() {
        assertEquals(0.1 * 6, new L1(0.1).loss(w), 1e-15);
        Tensor g = Tensor.ones(DType.FLOAT64, 4);
        new L1(0.1).addGradient(w, g);
        assertArrayEquals(new double[]{1.1, 0.9, 1, 1.1}, g.toDoubleArray(), 1e-15);
        assertEquals(0.01, new L1().l1());
    }

    @Test
    void l2() {
        assertEquals(0.1 * 14, new L2(0.1).loss(w), 1e-15);
        Tensor g = Tensor.zeros(DType.FLOAT64, 4);
        new L2(0.1).addGradient(w, g);
        assertArrayEquals(new double[]{0.2, -0.4, 0, 0.6}, g.toDoubleArray(), 1e-15);
    }

    @Test
    void l1l2() {
        L1L2 both = new L1L2(0.1, 0.2);
        assertEquals(0.1 * 6 + 0.2 * 14, both.loss(w), 1e-15);
        Tensor g = Tensor.zeros(DType.FLOAT64, 4);
        both.addGradient(w, g);
        assertArrayEquals(new double[]{0.1 + 0.4, -0.1 - 0.8, 0, 0.1 + 1.2}, g.toDoubleArray(), 1e-15);
    }

    @Test
    void negativeFactorsAreErrors() {
        assertEquals("L2: l2 must be finite and >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new L2(-1)).getMessage());
    }
}
