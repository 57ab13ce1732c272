package io.nnlab.tensor.internal;

import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.UnaryOp;

/**
 * The reference kernels: plain loops that read as the specification of each operation.
 * Float input is computed in float, as numpy does for float32 arrays.
 */
public final class ScalarKernels implements Kernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override public String name() { return "scalar"; }

    // ---------------------------------------------------------------- GEMM / GEMV

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        ScalarGemm.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        ScalarGemm.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
        ScalarGemm.gemv(trans, m, n, alpha, a, x, beta, y);
    }

    @Override
    public void gemv(boolean trans, int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        ScalarGemm.gemv(trans, m, n, alpha, a, x, beta, y);
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void binary(BinaryOp op, float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(a[i], b[i]);
    }

    @Override
    public void binary(BinaryOp op, double[] a, double[] b, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(a[i], b[i]);
    }

    @Override
    public void binaryRow(BinaryOp op, float[] a, int rows, int cols, float[] row, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r * cols + c] = op.apply(a[r * cols + c], row[c]);
        }
    }

    @Override
    public void binaryRow(BinaryOp op, double[] a, int rows, int cols, double[] row, double[] out) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r * cols + c] = op.apply(a[r * cols + c], row[c]);
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, float s, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(a[i], s);
    }

    @Override
    public void binaryScalar(BinaryOp op, double[] a, double s, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(a[i], s);
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void axpy(double alpha, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void unary(UnaryOp op, float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) op.apply(x[i]);
    }

    @Override
    public void unary(UnaryOp op, double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = op.apply(x[i]);
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, float[] y, float[] gradOut, float[] gradIn, int n) {
        for (int i = 0; i < n; i++) gradIn[i] = gradOut[i] * (float) op.derivative(x[i], y[i]);
    }

    @Override
    public void unaryBackward(UnaryOp op, double[] x, double[] y, double[] gradOut, double[] gradIn, int n) {
        for (int i = 0; i < n; i++) gradIn[i] = gradOut[i] * op.derivative(x[i], y[i]);
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
    public void rmsprop(double[] theta, double[] g, double[] s, int n, double rho, double a, double lr,
                        double epsilon) {
        double negLr = -lr;
        for (int i = 0; i < n; i++) {
            double si = s[i] * rho;
            si += a * (g[i] * g[i]);
            s[i] = Math.abs(si) < Double.MIN_NORMAL ? 0 : si;
            theta[i] += negLr * (g[i] / Math.sqrt(s[i] + epsilon));
        }
    }

    @Override
    public void flushSubnormals(float[] x, int n) {
        for (int i = 0; i < n; i++) if (Math.abs(x[i]) < Float.MIN_NORMAL) x[i] = 0;
    }

    @Override
    public void flushSubnormals(double[] x, int n) {
        for (int i = 0; i < n; i++) if (Math.abs(x[i]) < Double.MIN_NORMAL) x[i] = 0;
    }

    @Override
    public void clip(float[] x, float lo, float hi, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);
    }

    @Override
    public void clip(double[] x, double lo, double hi, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);
    }

    @Override
    public void fill(float[] x, float v, int n) {
        for (int i = 0; i < n; i++) x[i] = v;
    }

    @Override
    public void fill(double[] x, double v, int n) {
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
    public double sum(double[] x, int n) {
        double s = 0;
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
    public double dot(double[] a, double[] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    @Override
    public double sumOfSquares(float[] x, int n) { return dot(x, x, n); }

    @Override
    public double sumOfSquares(double[] x, int n) { return dot(x, x, n); }

    @Override
    public void sumRows(float[] a, int rows, int cols, float[] out) {
        for (int c = 0; c < cols; c++) out[c] = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c] += a[r * cols + c];
        }
    }

    @Override
    public void sumRows(double[] a, int rows, int cols, double[] out) {
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
    public void sumCols(double[] a, int rows, int cols, double[] out) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
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
    public void maxCols(double[] a, int rows, int cols, double[] out) {
        for (int r = 0; r < rows; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) m = Math.max(m, a[r * cols + c]);
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

    @Override
    public void argmaxCols(double[] a, int rows, int cols, int[] out) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 0; c < cols; c++) {
                double v = a[r * cols + c];
                if (Double.isNaN(v)) { best = c; break; }
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
    public void softmaxRows(double[] x, int rows, int cols, double[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                out[o + c] = Math.exp(x[o + c] - max);
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
    public void logSoftmaxRows(double[] x, int rows, int cols, double[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(x[o + c] - max);
            double shift = max + Math.log(sum);
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

    @Override
    public void adam(double[] theta, double[] g, double[] m, double[] v, int n, double a1, double a2, double lr,
                     double epsilon) {
        for (int i = 0; i < n; i++) {
            m[i] += a1 * (g[i] - m[i]);
            v[i] += a2 * (g[i] * g[i] - v[i]);
            m[i] = Math.abs(m[i]) < Double.MIN_NORMAL ? 0 : m[i];
            v[i] = v[i] < Double.MIN_NORMAL ? 0 : v[i];
            theta[i] += -lr * (m[i] / (Math.sqrt(v[i]) + epsilon));
        }
    }
}
