package io.nnlab.tensor.internal;

import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.UnaryOp;

/**
 * The kernel contract for float32 arrays: every numeric loop nnlab runs, over plain heap arrays.
 *
 * <p>{@link ScalarFloatKernels} is the reference (plain loops, readable as the specification);
 * {@link SimdFloatKernels} implements the same contract on the Vector API. Matrices are dense and
 * row-major. Arrays are used from index 0; callers have checked lengths and shapes, so kernels
 * only compute. Results are written to {@code out}, which may alias an input for element-wise
 * operations.
 */
public interface FloatKernels {

    // ---------------------------------------------------------------- GEMM / GEMV

    /**
     * C = alpha * op(A) * op(B) + beta * C, with op(A) m x k and op(B) k x n, all row-major.
     * A is m x k (lda >= k), or k x m when transA (lda >= m); B is k x n (ldb >= n), or n x k
     * when transB (ldb >= k); C is m x n (ldc >= n). With beta == 0, C is overwritten, so NaN in
     * its old contents does not leak through (as in BLAS).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    /** y = alpha * op(A) * x + beta * y, A m x n row-major; op(A) = A^T when trans. */
    void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y);

    // ---------------------------------------------------------------- element-wise

    /** out[i] = op(a[i], b[i]) for i < n. */
    void binary(BinaryOp op, float[] a, float[] b, float[] out, int n);

    /** out[r][c] = op(a[r][c], row[c]): a row vector broadcast over the rows of a (bias, batch-norm). */
    void binaryRow(BinaryOp op, float[] a, int rows, int cols, float[] row, float[] out);

    /** out[i] = op(a[i], s). */
    void binaryScalar(BinaryOp op, float[] a, float s, float[] out, int n);

    /** y[i] += alpha * x[i]. */
    void axpy(float alpha, float[] x, float[] y, int n);

    /**
     * out[i] = f(x[i]), with the op's parameter alpha (LeakyReLU's slope, ELU's scale) passed as a
     * scalar beside the op, as axpy takes its factor; ops without one ignore it.
     */
    void unary(UnaryOp op, float alpha, float[] x, float[] out, int n);

    /** out[i] = f(x[i]) with the op's default parameter. */
    default void unary(UnaryOp op, float[] x, float[] out, int n) {
        unary(op, (float) op.defaultParameter(), x, out, n);
    }

    /**
     * gradIn[i] = gradOut[i] * f'(x[i]) given forward input x and output y (either may be unused
     * by a given op, but both must be the forward pass's arrays), for the op with parameter alpha.
     */
    void unaryBackward(UnaryOp op, float alpha, float[] x, float[] y, float[] gradOut, float[] gradIn, int n);

    /** unaryBackward with the op's default parameter. */
    default void unaryBackward(UnaryOp op, float[] x, float[] y, float[] gradOut, float[] gradIn, int n) {
        unaryBackward(op, (float) op.defaultParameter(), x, y, gradOut, gradIn, n);
    }

    /** out[i] = min(max(x[i], lo), hi); NaN stays NaN. */
    void clip(float[] x, float lo, float hi, float[] out, int n);

    void fill(float[] x, float v, int n);

    /**
     * Copies rows rows[start], rows[start + 1], … (count of them, each cols long) of the row-major
     * matrix src into dst, one after another: a training batch gathered from its dataset. Callers
     * have checked the indices.
     */
    void gatherRows(float[] src, int cols, int[] rows, int start, int count, float[] dst);

    // ---------------------------------------------------------------- reductions

    /** Sum of x[0..n), accumulated in the array's own precision (as numpy does), returned as a double. */
    double sum(float[] x, int n);

    double dot(float[] a, float[] b, int n);

    /** Sum of squares (norm2 is its square root). */
    double sumOfSquares(float[] x, int n);

    /** out[c] = sum over r of a[r][c] (numpy axis=0). */
    void sumRows(float[] a, int rows, int cols, float[] out);

    /** out[r] = sum over c of a[r][c] (numpy axis=1). */
    void sumCols(float[] a, int rows, int cols, float[] out);

    /** out[r] = max over c of a[r][c]; NaN if the row holds a NaN. */
    void maxCols(float[] a, int rows, int cols, float[] out);

    /** out[r] = the first c where a[r][c] is largest (a NaN counts as largest, as numpy's argmax). */
    void argmaxCols(float[] a, int rows, int cols, int[] out);

    // ---------------------------------------------------------------- softmax

    /** Row-wise softmax, shifted by the row max so large inputs do not overflow. */
    void softmaxRows(float[] x, int rows, int cols, float[] out);

    /** Row-wise log-softmax: x - max - log(sum(exp(x - max))). */
    void logSoftmaxRows(float[] x, int rows, int cols, float[] out);

    // ---------------------------------------------------------------- optimiser updates

    /**
     * One Adam step over n parameters in a single pass, as Keras computes it:
     * m += a1 (g - m); v += a2 (g² - v); θ += -lr · m / (sqrt(v) + ε), with a1 = 1 - β1,
     * a2 = 1 - β2 and lr already carrying the bias correction. The same arithmetic as the
     * separate element-wise kernels, element for element, in one sweep instead of nine, but
     * for one thing: moments below the smallest normal number are set to zero (TensorFlow
     * flushes such subnormals process-wide). A parameter whose gradient stays zero, as a weight
     * from an always-blank MNIST pixel does, has moments that shrink by β each step into the
     * subnormal range and stay there (0.9 times the smallest subnormal rounds back to it);
     * on Intel cores every operation on a subnormal takes a microcode assist, which made this
     * kernel 20 times slower in MNIST training. What the flush drops moves θ by less than 1e-30.
     */
    void adam(float[] theta, float[] g, float[] m, float[] v, int n, float a1, float a2, float lr, float epsilon);

    /**
     * One step of plain RMSProp (no momentum, not centred) over n parameters in one pass:
     * s ← ρ·s + a·g² with a = 1 - ρ, s below the smallest normal number set to zero (see
     * {@link #flushSubnormals}), then θ += -lr · g / sqrt(s + ε). Element for element the
     * arithmetic of the separate kernels (scale, mul, axpy, flushSubnormals, add, sqrt, div, axpy),
     * each backend's own, in one sweep instead of eight.
     */
    void rmsprop(float[] theta, float[] g, float[] s, int n, float rho, float a, float lr, float epsilon);

    /**
     * x[i] = 0 where |x[i]| is below the smallest normal number; NaN and infinities stay. For
     * optimiser state that decays geometrically (RMSProp's mean square, a momentum velocity), which
     * would otherwise stall in the subnormal range as {@link #adam}'s moments did.
     */
    void flushSubnormals(float[] x, int n);
}
