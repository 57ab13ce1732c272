package io.nnlab.nn;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.kernels.Kernels;
import io.nnlab.tensor.kernels.UnaryOp;

/**
 * Element-wise work on tensors whose shapes the layer has already checked, written so that a
 * training step allocates nothing. {@link io.nnlab.tensor.Ops}' element-wise forms build their
 * operation's name for error messages on every call, and the SIMD binary kernels pass a
 * non-constant operator to the Vector API, which then boxes every vector; so unary functions go
 * straight to the active backend's kernels, and the two binary operations layers need (a bias
 * row, a dropout mask) are plain loops that the JIT vectorises itself.
 */
final class Compute {
    private Compute() {}

    private static Kernels k() { return Backend.active(); }

    /** out = a + row, the row vector broadcast over a's rows (a bias). */
    static void addRow(Tensor a, Tensor row, Tensor out) {
        int rows = a.dim(0), cols = a.dim(1);
        if (a.dtype() == DType.FLOAT32) {
            float[] x = a.floats(), r = row.floats(), y = out.floats();
            for (int i = 0; i < rows; i++) {
                for (int j = 0, o = i * cols; j < cols; j++) y[o + j] = x[o + j] + r[j];
            }
        } else {
            double[] x = a.doubles(), r = row.doubles(), y = out.doubles();
            for (int i = 0; i < rows; i++) {
                for (int j = 0, o = i * cols; j < cols; j++) y[o + j] = x[o + j] + r[j];
            }
        }
    }

    /** out = a * b element-wise (same sizes). */
    static void mul(Tensor a, Tensor b, Tensor out) {
        if (a.dtype() == DType.FLOAT32) {
            float[] x = a.floats(), m = b.floats(), y = out.floats();
            for (int i = 0; i < y.length; i++) y[i] = x[i] * m[i];
        } else {
            double[] x = a.doubles(), m = b.doubles(), y = out.doubles();
            for (int i = 0; i < y.length; i++) y[i] = x[i] * m[i];
        }
    }

    /** out = f(x). */
    static void unary(UnaryOp f, Tensor x, Tensor out) {
        if (x.dtype() == DType.FLOAT32) k().unary(f, x.floats(), out.floats(), x.size());
        else k().unary(f, x.doubles(), out.doubles(), x.size());
    }

    /** gradIn = gradOut * f'(x), with y = f(x) from the forward pass. */
    static void unaryBackward(UnaryOp f, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        if (x.dtype() == DType.FLOAT32) {
            k().unaryBackward(f, x.floats(), y.floats(), gradOut.floats(), gradIn.floats(), x.size());
        } else {
            k().unaryBackward(f, x.doubles(), y.doubles(), gradOut.doubles(), gradIn.doubles(), x.size());
        }
    }

    /** Σ a·b over all elements, accumulated in double whatever the dtype. */
    static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0, n = a.size(); i < n; i++) s += a.getFlat(i) * b.getFlat(i);
        return s;
    }
}
