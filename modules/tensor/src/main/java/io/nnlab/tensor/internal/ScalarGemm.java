package io.nnlab.tensor.internal;

/**
 * GEMM and GEMV in plain loops: the specification {@link SimdGemm} is tested against.
 *
 * <p>C = alpha * op(A) * op(B) + beta * C with row-major matrices, as in {@link Kernels#gemm}.
 * Each element's dot product runs over p = 0 … k-1 in order; float inputs are accumulated in
 * float, as a float BLAS does. BLAS conventions for the corner cases: with beta == 0 the old C is
 * never read (its NaNs do not leak through), and with alpha == 0 or k == 0 A and B are never read.
 */
public final class ScalarGemm {

    private ScalarGemm() {
    }

    // ---------------------------------------------------------------- float

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
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

    /** y = alpha * op(A) * x + beta * y with A m x n row-major; y has m elements, or n when trans. */
    public static void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
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

    // ---------------------------------------------------------------- double

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        if (alpha == 0 || k == 0) {
            scale(m, n, beta, c, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * lda + i] : a[i * lda + p];
                    double bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += aip * bpj;
                }
                int ij = i * ldc + j;
                c[ij] = beta == 0 ? alpha * s : alpha * s + beta * c[ij];
            }
        }
    }

    /** y = alpha * op(A) * x + beta * y with A m x n row-major; y has m elements, or n when trans. */
    public static void gemv(boolean trans, int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        int rows = trans ? n : m;
        int inner = trans ? m : n;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            if (alpha != 0) {
                for (int p = 0; p < inner; p++) {
                    double aip = trans ? a[p * n + i] : a[i * n + p];
                    s += aip * x[p];
                }
            }
            y[i] = beta == 0 ? alpha * s : alpha * s + beta * y[i];
        }
    }

    private static void scale(int m, int n, double beta, double[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * ldc + j;
                c[ij] = beta == 0 ? 0 : beta * c[ij];
            }
        }
    }
}
