package io.nnlab.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor-level operations on both backends: values, numerics and the errors bad input gets. */
class OpsTest {

    @AfterAll
    static void restore() { Backend.use(Backend.parse("auto")); }

    private static Tensor m(DType t, double[][] rows) { return Tensor.matrix(t, rows); }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void arithmeticWithRowBroadcast(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            Tensor a = m(t, new double[][]{{1, 2, 3}, {4, 5, 6}});
            Tensor bias = Tensor.vector(t, 10, 20, 30);
            assertArrayEquals(new double[]{11, 22, 33, 14, 25, 36}, Ops.add(a, bias).toDoubleArray());
            assertArrayEquals(new double[]{0, 0, 0, 0, 0, 0}, Ops.sub(a, a).toDoubleArray());
            assertArrayEquals(new double[]{1, 4, 9, 16, 25, 36}, Ops.mul(a, a).toDoubleArray());
            assertArrayEquals(new double[]{0.1, 0.1, 0.1, 0.4, 0.25, 0.2}, Ops.div(a, bias).toDoubleArray(), 1e-7);
            assertArrayEquals(new double[]{2, 4, 6, 8, 10, 12}, Ops.scale(a, 2).toDoubleArray());
            Tensor y = Tensor.ones(t, 2, 3);
            Ops.axpy(-1, a, y);
            assertArrayEquals(new double[]{0, -1, -2, -3, -4, -5}, y.toDoubleArray());
            Ops.add(a, a, a); // output may alias the input
            assertArrayEquals(new double[]{2, 4, 6, 8, 10, 12}, a.toDoubleArray());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void reductions(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            Tensor a = m(t, new double[][]{{1, 5, 3}, {4, 2, 6}});
            assertEquals(21, Ops.sum(a));
            assertEquals(3.5, Ops.mean(a));
            assertArrayEquals(new double[]{5, 7, 9}, Ops.sum(a, 0).toDoubleArray());
            assertArrayEquals(new double[]{9, 12}, Ops.sum(a, 1).toDoubleArray());
            assertArrayEquals(new double[]{2.5, 3.5, 4.5}, Ops.mean(a, 0).toDoubleArray());
            assertArrayEquals(new double[]{5, 6}, Ops.rowMax(a).toDoubleArray());
            assertArrayEquals(new int[]{1, 2}, Ops.rowArgmax(a));
            assertEquals(1 * 4 + 5 * 2 + 3 * 6, Ops.dot(a.rowRange(0, 1), a.rowRange(1, 2)));
            assertEquals(5, Ops.norm2(Tensor.vector(t, 3, 4)), 1e-12);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gemmAndGemv(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            Tensor a = m(t, new double[][]{{1, 2}, {3, 4}, {5, 6}});
            Tensor b = m(t, new double[][]{{1, 0, 2}, {0, 1, 3}});
            assertArrayEquals(new double[]{1, 2, 8, 3, 4, 18, 5, 6, 28}, Ops.matmul(a, b).toDoubleArray());
            assertArrayEquals(new double[]{35, 44, 44, 56}, Ops.matmul(a, true, a, false).toDoubleArray());
            Tensor c = Tensor.ones(t, 2, 2);
            Ops.gemm(2, b, false, b, true, 1, c); // 2 * b b^T + 1
            assertArrayEquals(new double[]{11, 13, 13, 21}, c.toDoubleArray());
            Tensor y = Tensor.ones(t, 3);
            Ops.gemv(1, a, false, Tensor.vector(t, 1, 1), -1, y);
            assertArrayEquals(new double[]{2, 6, 10}, y.toDoubleArray());
            Tensor y2 = Tensor.zeros(t, 2);
            Ops.gemv(1, a, true, Tensor.vector(t, 1, 1, 1), 0, y2);
            assertArrayEquals(new double[]{9, 12}, y2.toDoubleArray());
        }
    }

    /** Rows narrower than a vector (10 columns) and wide enough for it (37), written over their own input. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void softmaxAndLogSoftmaxMayOverwriteTheirInput(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            for (int cols : new int[]{10, 37}) {
                Tensor x = Tensor.uniform(t, new Rng(4), -5, 5, 3, cols);
                Tensor sm = x.copy();
                Ops.softmax(sm, sm);
                assertTrue(Ops.softmax(x).bitEquals(sm), t + " softmax in place, " + cols + " columns");
                Tensor lsm = x.copy();
                Ops.logSoftmax(lsm, lsm);
                assertTrue(Ops.logSoftmax(x).bitEquals(lsm), t + " logSoftmax in place, " + cols + " columns");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sigmoidAndSoftmaxStayFiniteForLargeInputs(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            Tensor s = Ops.sigmoid(Tensor.vector(t, 1000, -1000, 0, 40, -40));
            assertArrayEquals(new double[]{1, 0, 0.5, 1, 4.248354255291589e-18}, s.toDoubleArray(),
                    t == DType.FLOAT32 ? 1e-7 : 1e-16);
            Tensor sm = Ops.softmax(Tensor.matrix(t, new double[][]{{1000, 0}, {-1000, -1000}}));
            assertArrayEquals(new double[]{1, 0, 0.5, 0.5}, sm.toDoubleArray());
            Tensor lsm = Ops.logSoftmax(Tensor.matrix(t, new double[][]{{1000, 0}}));
            assertArrayEquals(new double[]{0, -1000}, lsm.toDoubleArray());
            assertEquals(Math.tanh(0.5), Ops.tanh(Tensor.vector(t, 0.5)).get(0), 1e-7);
            assertArrayEquals(new double[]{1, -1, 0, 1e-9}, Ops.tanh(Tensor.vector(t, 1000, -1000, 0, 1e-9)).toDoubleArray(),
                    t == DType.FLOAT32 ? 1e-16 : 1e-24);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nanPropagatesAndIsNeverHidden(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            Tensor x = Tensor.vector(t, 1, Double.NaN, -1);
            for (UnaryOp op : new UnaryOp[]{UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.RELU, UnaryOp.STEP, UnaryOp.EXP}) {
                assertTrue(Double.isNaN(Ops.apply(op, x).get(1)), op + " hid a NaN");
            }
            assertTrue(Double.isNaN(Ops.clip(x, 0, 0.5).get(1)));
            assertTrue(Double.isNaN(Ops.softmax(x).get(0)), "a NaN in a row makes its softmax NaN");
            assertTrue(Double.isNaN(Ops.sum(x)));
            assertTrue(Double.isNaN(Ops.rowMax(x).get(0)));
            assertEquals(1, Ops.rowArgmax(x)[0], "argmax points at the NaN, as numpy's does");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void activationsAndDerivatives(Backend backend) {
        Backend.use(backend);
        Tensor x = Tensor.vector(DType.FLOAT64, -2, 0, 3);
        assertArrayEquals(new double[]{0, 0, 3}, Ops.relu(x).toDoubleArray());
        assertArrayEquals(new double[]{0, 1, 1}, Ops.step(x).toDoubleArray());
        Tensor y = Ops.sigmoid(x);
        Tensor g = Tensor.zerosLike(x);
        Ops.applyBackward(UnaryOp.SIGMOID, x, y, Tensor.ones(DType.FLOAT64, 3), g);
        for (int i = 0; i < 3; i++) assertEquals(y.get(i) * (1 - y.get(i)), g.get(i), 1e-15);
        Ops.applyBackward(UnaryOp.RELU, x, Ops.relu(x), Tensor.full(DType.FLOAT64, 2, 3), g);
        assertArrayEquals(new double[]{0, 0, 2}, g.toDoubleArray());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Ops.applyBackward(UnaryOp.STEP, x, Ops.step(x), x, Tensor.zerosLike(x)));
        assertTrue(e.getMessage().contains("step has no gradient"), e.getMessage());
        assertArrayEquals(new double[]{-1, 0, 1}, Ops.clip(x, -1, 1).toDoubleArray());
    }

    @Test
    void badInputNamesTheOperationAndBothShapes() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.matmul(a, Tensor.zeros(DType.FLOAT64, 2, 3)));
        assertTrue(e.getMessage().startsWith("gemm") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("2x3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.add(a, Tensor.zeros(DType.FLOAT32, 2, 3)));
        assertTrue(e.getMessage().contains("dtypes differ") && e.getMessage().contains("float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.add(a, Tensor.zeros(DType.FLOAT64, 4)));
        assertTrue(e.getMessage().startsWith("add") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Ops.gemm(1, a, false, Tensor.zeros(DType.FLOAT64, 3, 4), false, 0, Tensor.zeros(DType.FLOAT64, 2, 5)));
        assertTrue(e.getMessage().contains("C must have shape [2, 4], got [2, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Ops.gemv(1, a, false, Tensor.zeros(DType.FLOAT64, 2), 0, Tensor.zeros(DType.FLOAT64, 2)));
        assertTrue(e.getMessage().contains("x must have shape [3], got [2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.sum(a, 2));
        assertTrue(e.getMessage().contains("axis"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.clip(a, 1, 0));
        assertTrue(e.getMessage().contains("lo <= hi"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.gemm(1, a, false, a, true, 0, a.reshape(3, 2).reshape(2, 3)));
    }

    @Test
    void backendParsingAndReason() {
        assertEquals(Backend.SCALAR, Backend.parse("scalar"));
        assertEquals(Backend.SIMD, Backend.parse(" SIMD "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("gpu"));
        assertTrue(e.getMessage().contains("auto, scalar or simd") && e.getMessage().contains("gpu"));
        assertTrue(!Backend.reason().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fusedAdamStepEqualsTheStepsDoneOneByOne(Backend backend) {
        Backend.use(backend);
        for (DType t : DType.values()) {
            Rng rng = new Rng(11);
            Tensor theta = Tensor.normal(t, rng, 0, 1, 1031), m = Tensor.zerosLike(theta), v = Tensor.zerosLike(theta);
            Tensor theta2 = theta.copy(), m2 = m.copy(), v2 = v.copy(), tmp = Tensor.zerosLike(theta);
            for (int step = 1; step <= 3; step++) {
                Tensor g = Tensor.normal(t, rng, 0, 0.1, 1031);
                double lr = 0.001 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step));
                Ops.adamStep(theta, g, m, v, 1 - 0.9, 1 - 0.999, lr, 1e-7);
                Ops.sub(g, m2, tmp);
                Ops.axpy(1 - 0.9, tmp, m2);
                Ops.mul(g, g, tmp);
                Ops.sub(tmp, v2, tmp);
                Ops.axpy(1 - 0.999, tmp, v2);
                Ops.apply(UnaryOp.SQRT, v2, tmp);
                Ops.binaryScalar(BinaryOp.ADD, tmp, 1e-7, tmp);
                Ops.div(m2, tmp, tmp);
                Ops.axpy(-lr, tmp, theta2);
                assertTrue(m.bitEquals(m2), t + " m, step " + step);
                assertTrue(v.bitEquals(v2), t + " v, step " + step);
                assertTrue(theta.bitEquals(theta2), t + " theta, step " + step);
            }
        }
    }

    @Test
    void fusedAdamStepNamesTheMismatchedState() {
        Tensor theta = Tensor.zeros(DType.FLOAT32, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.adamStep(theta,
                Tensor.zeros(DType.FLOAT32, 3, 4), Tensor.zeros(DType.FLOAT32, 4, 3), Tensor.zeros(DType.FLOAT32, 3, 4),
                0.1, 0.001, 0.001, 1e-7));
        assertTrue(e.getMessage().contains("adamStep: m must have shape [3, 4], got [4, 3]"), e.getMessage());
    }
}
