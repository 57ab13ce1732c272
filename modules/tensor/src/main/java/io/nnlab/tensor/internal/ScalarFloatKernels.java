package io.nnlab.tensor.internal;

import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.UnaryOp;

/**
 * The reference kernels for float32: plain loops that read as the specification of each
 * operation, computed in float32 as numpy does for float32 arrays.
 */
final class ScalarFloatKernels implements FloatKernels {
    static final ScalarFloatKernels INSTANCE = new ScalarFloatKernels();

    private ScalarFloatKernels() {}

    // ---------------------------------------------------------------- GEMM / GEMV

    // Each element's dot product runs over p = 0 … k-1 in order, accumulated in the arrays' own
    // precision, as a BLAS of that precision does. BLAS conventions for the corner cases: with
    // beta == 0 the old C is never read (its NaNs do not leak through), and with alpha == 0 or
    // k == 0 A and B are never read.

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (alpha == 0 || k == 0) {
            scale(m, n, beta, c, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[p * lda + i] : a[i * lda + p];
                    float bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += aip * bpj;
                }
                int ij = i * ldc + j;
                c[ij] = beta == 0 ? alpha * s : alpha * s + beta * c[ij];
            }
        }
    }

    @Override
    public void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
        int rows = trans ? n : m;     // length of y
        int inner = trans ? m : n;    // length of x
        for (int i = 0; i < rows; i++) {
            float s = 0;
            if (alpha != 0) {
                for (int p = 0; p < inner; p++) {
                    float aip = trans ? a[p * n + i] : a[i * n + p];
                    s += aip * x[p];
                }
            }
            y[i] = beta == 0 ? alpha * s : alpha * s + beta * y[i];
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * ldc + j;
                c[ij] = beta == 0 ? 0 : beta * c[ij];
            }
        }
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void binary(BinaryOp op, float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(a[i], b[i]);
    }

    @Override
    public void binaryRow(BinaryOp op, float[] a, int rows, int cols, float[] row, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r * cols + c] = op.apply(a[r * cols + c], row[c]);
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, float s, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(a[i], s);
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void unary(UnaryOp op, float alpha, float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) op.apply(x[i], alpha);
    }

    @Override
    public void unaryBackward(UnaryOp op, float alpha, float[] x, float[] y, float[] gradOut, float[] gradIn, int n) {
        for (int i = 0; i < n; i++) gradIn[i] = gradOut[i] * (float) op.derivative(x[i], y[i], alpha);
    }

    @Override
    public void rmsprop(float[] theta, float[] g, float[] s, int n, float rho, float a, float lr, float epsilon) {
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float si = s[i] * rho;
            si += a * (g[i] * g[i]);
            s[i] = Math.abs(si) < Float.MIN_NORMAL ? 0 : si;
            theta[i] += negLr * (g[i] / (float) Math.sqrt(s[i] + epsilon));
        }
    }

    @Override
    public void flushSubnormals(float[] x, int n) {
        for (int i = 0; i < n; i++) if (Math.abs(x[i]) < Float.MIN_NORMAL) x[i] = 0;
    }

    @Override
    public void clip(float[] x, float lo, float hi, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);
    }

    @Override
    public void gatherRows(float[] src, int cols, int[] rows, int start, int count, float[] dst) {
        for (int i = 0; i < count; i++) System.arraycopy(src, rows[start + i] * cols, dst, i * cols, cols);
    }

    @Override
    public void fill(float[] x, float v, int n) {
        for (int i = 0; i < n; i++) x[i] = v;
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public double sum(float[] x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += x[i];
        return s;
    }

    @Override
    public double dot(float[] a, float[] b, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    @Override
    public double sumOfSquares(float[] x, int n) { return dot(x, x, n); }

    @Override
    public void sumRows(float[] a, int rows, int cols, float[] out) {
        for (int c = 0; c < cols; c++) out[c] = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c] += a[r * cols + c];
        }
    }

    @Override
    public void sumCols(float[] a, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            float s = 0;
            for (int c = 0; c < cols; c++) s += a[r * cols + c];
            out[r] = s;
        }
    }

    @Override
    public void maxCols(float[] a, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) m = Math.max(m, a[r * cols + c]); // Math.max propagates NaN
            out[r] = m;
        }
    }

    @Override
    public void argmaxCols(float[] a, int rows, int cols, int[] out) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 0; c < cols; c++) {
                float v = a[r * cols + c];
                if (Float.isNaN(v)) { best = c; break; }
                if (v > a[r * cols + best]) best = c;
            }
            out[r] = best;
        }
    }

    // ---------------------------------------------------------------- softmax

    @Override
    public void softmaxRows(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
            float sum = 0;
            for (int c = 0; c < cols; c++) {
                out[o + c] = (float) Math.exp(x[o + c] - max);
                sum += out[o + c];
            }
            for (int c = 0; c < cols; c++) out[o + c] /= sum;
        }
    }

    @Override
    public void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
            float sum = 0;
            for (int c = 0; c < cols; c++) sum += (float) Math.exp(x[o + c] - max);
            float shift = max + (float) Math.log(sum);
            for (int c = 0; c < cols; c++) out[o + c] = x[o + c] - shift;
        }
    }

    @Override
    public void adam(float[] theta, float[] g, float[] m, float[] v, int n, float a1, float a2, float lr, float epsilon) {
        for (int i = 0; i < n; i++) {
            m[i] += a1 * (g[i] - m[i]);
            v[i] += a2 * (g[i] * g[i] - v[i]);
            m[i] = Math.abs(m[i]) < Float.MIN_NORMAL ? 0 : m[i];
            v[i] = v[i] < Float.MIN_NORMAL ? 0 : v[i];
            theta[i] += -lr * (m[i] / ((float) Math.sqrt(v[i]) + epsilon));
        }
    }

}
