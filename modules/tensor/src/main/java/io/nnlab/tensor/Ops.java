package io.nnlab.tensor;

import io.nnlab.tensor.internal.DoubleKernels;
import io.nnlab.tensor.internal.FloatKernels;

/**
 * Tensor arithmetic: checks shapes and dtypes, then runs the active backend's kernel.
 *
 * <p>Each operation comes in an allocating form and a form that writes into a given output
 * (which allocates nothing, for training loops). Element-wise outputs may alias an input.
 * Matrix operations treat a tensor as rows x cols: its first dimension by the rest flattened;
 * a rank-0 or rank-1 tensor is a single row.
 */
public final class Ops {
    private Ops() {}

    private static FloatKernels f() { return Backend.active().floats(); }

    private static DoubleKernels d() { return Backend.active().doubles(); }

    // ------------------------------------------------------------------ checks

    private static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype() + " " + a.shapeString()
                    + " and " + b.dtype() + " " + b.shapeString() + " (convert one with astype)");
        }
    }

    private static void sameShape(String op, Tensor expected, Tensor actual, String what) {
        if (!expected.sameShape(actual)) {
            throw new IllegalArgumentException(op + ": " + what + " must have shape " + expected.shapeString()
                    + ", got " + actual.shapeString());
        }
        sameDType(op, expected, actual);
    }

    // Plain int arguments, not varargs: these run on every training step and must not allocate.
    private static void shape(String op, Tensor t, String what, int rows, int cols) {
        if (t.rank() != 2 || t.dim(0) != rows || t.dim(1) != cols) {
            throw new IllegalArgumentException(op + ": " + what + " must have shape [" + rows + ", " + cols
                    + "], got " + t.shapeString());
        }
    }

    private static void shape(String op, Tensor t, String what, int length) {
        if (t.rank() != 1 || t.dim(0) != length) {
            throw new IllegalArgumentException(op + ": " + what + " must have shape [" + length + "], got "
                    + t.shapeString());
        }
    }

    private static int rowsOf(Tensor t) { return t.rank() <= 1 ? 1 : t.dim(0); }

    private static int colsOf(Tensor t) {
        int r = rowsOf(t);
        if (t.rank() <= 1) return t.size();
        return r == 0 ? 0 : t.size() / r;
    }

    private static void matrix(String op, Tensor t, String what) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException(op + ": " + what + " must be a matrix (rank 2), got shape "
                    + t.shapeString());
        }
    }

    // ------------------------------------------------------------------ GEMM / GEMV

    /** c = alpha * op(a) * op(b) + beta * c, op = transpose when the flag is set. */
    public static void gemm(double alpha, Tensor a, boolean transA, Tensor b, boolean transB, double beta, Tensor c) {
        String op = "gemm";
        matrix(op, a, "A");
        matrix(op, b, "B");
        matrix(op, c, "C");
        sameDType(op, a, b);
        sameDType(op, a, c);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("gemm: inner dimensions differ: op(A) is " + m + "x" + k + " (A "
                    + a.shapeString() + (transA ? " transposed" : "") + "), op(B) is " + kb + "x" + n + " (B "
                    + b.shapeString() + (transB ? " transposed" : "") + ")");
        }
        shape(op, c, "C", m, n);
        if (c.sharesStorage(a) || c.sharesStorage(b)) {
            throw new IllegalArgumentException("gemm: C must not share storage with A or B");
        }
        if (a.dtype() == DType.FLOAT32) {
            f().gemm(transA, transB, m, n, k, (float) alpha, a.floats(), a.dim(1), b.floats(), b.dim(1),
                    (float) beta, c.floats(), n);
        } else {
            d().gemm(transA, transB, m, n, k, alpha, a.doubles(), a.dim(1), b.doubles(), b.dim(1),
                    beta, c.doubles(), n);
        }
    }

    /** op(a) * op(b) as a new matrix. */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        matrix("matmul", a, "A");
        matrix("matmul", b, "B");
        Tensor c = Tensor.zeros(a.dtype(), transA ? a.dim(1) : a.dim(0), transB ? b.dim(0) : b.dim(1));
        gemm(1, a, transA, b, transB, 0, c);
        return c;
    }

    public static Tensor matmul(Tensor a, Tensor b) { return matmul(a, false, b, false); }

    /** out = a * b. */
    public static void matmul(Tensor a, Tensor b, Tensor out) { gemm(1, a, false, b, false, 0, out); }

    /** y = alpha * op(a) * x + beta * y for a matrix a and vectors x, y. */
    public static void gemv(double alpha, Tensor a, boolean trans, Tensor x, double beta, Tensor y) {
        String op = "gemv";
        matrix(op, a, "A");
        sameDType(op, a, x);
        sameDType(op, a, y);
        int m = a.dim(0), n = a.dim(1);
        shape(op, x, "x", trans ? m : n);
        shape(op, y, "y", trans ? n : m);
        if (a.dtype() == DType.FLOAT32) f().gemv(trans, m, n, (float) alpha, a.floats(), x.floats(), (float) beta, y.floats());
        else d().gemv(trans, m, n, alpha, a.doubles(), x.doubles(), beta, y.doubles());
    }

    // ------------------------------------------------------------------ element-wise

    /**
     * out = a op b, where b has a's shape, or is a row vector ([cols] or [1, cols]) broadcast over
     * a's rows.
     */
    public static void binary(BinaryOp bop, Tensor a, Tensor b, Tensor out) {
        String op = bop.label();
        sameShape(op, a, out, "out");
        sameDType(op, a, b);
        if (a.sameShape(b)) {
            if (a.dtype() == DType.FLOAT32) f().binary(bop, a.floats(), b.floats(), out.floats(), a.size());
            else d().binary(bop, a.doubles(), b.doubles(), out.doubles(), a.size());
            return;
        }
        int rows = rowsOf(a), cols = colsOf(a);
        boolean rowVector = (b.rank() == 1 && b.dim(0) == cols) || (b.rank() == 2 && b.dim(0) == 1 && b.dim(1) == cols);
        if (!rowVector || a.rank() < 2) {
            throw new IllegalArgumentException(op + ": shapes do not broadcast: " + a.shapeString() + " and "
                    + b.shapeString() + " (expected " + a.shapeString() + " or a row vector [" + cols + "])");
        }
        if (a.dtype() == DType.FLOAT32) f().binaryRow(bop, a.floats(), rows, cols, b.floats(), out.floats());
        else d().binaryRow(bop, a.doubles(), rows, cols, b.doubles(), out.doubles());
    }

    public static Tensor binary(BinaryOp bop, Tensor a, Tensor b) {
        Tensor out = Tensor.zerosLike(a);
        binary(bop, a, b, out);
        return out;
    }

    public static Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }

    public static void add(Tensor a, Tensor b, Tensor out) { binary(BinaryOp.ADD, a, b, out); }

    public static Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }

    public static void sub(Tensor a, Tensor b, Tensor out) { binary(BinaryOp.SUB, a, b, out); }

    public static Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }

    public static void mul(Tensor a, Tensor b, Tensor out) { binary(BinaryOp.MUL, a, b, out); }

    public static Tensor div(Tensor a, Tensor b) { return binary(BinaryOp.DIV, a, b); }

    public static void div(Tensor a, Tensor b, Tensor out) { binary(BinaryOp.DIV, a, b, out); }

    /** out = a op s for a scalar s. */
    public static void binaryScalar(BinaryOp bop, Tensor a, double s, Tensor out) {
        sameShape(bop.label(), a, out, "out");
        if (a.dtype() == DType.FLOAT32) f().binaryScalar(bop, a.floats(), (float) s, out.floats(), a.size());
        else d().binaryScalar(bop, a.doubles(), s, out.doubles(), a.size());
    }

    public static Tensor scale(Tensor a, double s) {
        Tensor out = Tensor.zerosLike(a);
        binaryScalar(BinaryOp.MUL, a, s, out);
        return out;
    }

    public static void scale(Tensor a, double s, Tensor out) { binaryScalar(BinaryOp.MUL, a, s, out); }

    public static Tensor addScalar(Tensor a, double s) {
        Tensor out = Tensor.zerosLike(a);
        binaryScalar(BinaryOp.ADD, a, s, out);
        return out;
    }

    /** y += alpha * x. */
    public static void axpy(double alpha, Tensor x, Tensor y) {
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("axpy: x " + x.shapeString() + " and y " + y.shapeString()
                    + " must have the same number of elements");
        }
        sameDType("axpy", x, y);
        if (x.dtype() == DType.FLOAT32) f().axpy((float) alpha, x.floats(), y.floats(), x.size());
        else d().axpy(alpha, x.doubles(), y.doubles(), x.size());
    }

    /** out = f(x); ops with a parameter take Keras' default ({@link UnaryOp#defaultParameter()}). */
    public static void apply(UnaryOp f, Tensor x, Tensor out) { apply(f, f.defaultParameter(), x, out); }

    public static Tensor apply(UnaryOp f, Tensor x) {
        Tensor out = Tensor.zerosLike(x);
        apply(f, x, out);
        return out;
    }

    /** out = f(x) with the op's parameter alpha (LEAKY_RELU's slope, ELU's scale); other ops ignore it. */
    public static void apply(UnaryOp f, double alpha, Tensor x, Tensor out) {
        sameShape(f.label(), x, out, "out");
        if (x.dtype() == DType.FLOAT32) f().unary(f, (float) alpha, x.floats(), out.floats(), x.size());
        else d().unary(f, alpha, x.doubles(), out.doubles(), x.size());
    }

    /** gradIn = gradOut * f'(x), given the forward input x and output y = f(x). */
    public static void applyBackward(UnaryOp f, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        applyBackward(f, f.defaultParameter(), x, y, gradOut, gradIn);
    }

    /** gradIn = gradOut * f'(x) for the op with parameter alpha, given x and y = f(x) from the forward pass. */
    public static void applyBackward(UnaryOp f, double alpha, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        if (!x.sameShape(y) || !x.sameShape(gradOut) || !x.sameShape(gradIn) || x.dtype() != y.dtype()
                || x.dtype() != gradOut.dtype() || x.dtype() != gradIn.dtype()) {
            String op = f.label() + " backward";
            sameShape(op, x, y, "y");
            sameShape(op, x, gradOut, "gradOut");
            sameShape(op, x, gradIn, "gradIn");
        }
        if (x.dtype() == DType.FLOAT32) {
            f().unaryBackward(f, (float) alpha, x.floats(), y.floats(), gradOut.floats(), gradIn.floats(), x.size());
        } else {
            d().unaryBackward(f, alpha, x.doubles(), y.doubles(), gradOut.doubles(), gradIn.doubles(), x.size());
        }
    }

    public static Tensor exp(Tensor x) { return apply(UnaryOp.EXP, x); }

    public static Tensor log(Tensor x) { return apply(UnaryOp.LOG, x); }

    public static Tensor tanh(Tensor x) { return apply(UnaryOp.TANH, x); }

    public static Tensor sigmoid(Tensor x) { return apply(UnaryOp.SIGMOID, x); }

    public static Tensor relu(Tensor x) { return apply(UnaryOp.RELU, x); }

    public static Tensor step(Tensor x) { return apply(UnaryOp.STEP, x); }

    /** out = min(max(x, lo), hi); NaN stays NaN. */
    public static void clip(Tensor x, double lo, double hi, Tensor out) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clip: expected lo <= hi, got lo=" + lo + ", hi=" + hi);
        sameShape("clip", x, out, "out");
        if (x.dtype() == DType.FLOAT32) f().clip(x.floats(), (float) lo, (float) hi, out.floats(), x.size());
        else d().clip(x.doubles(), lo, hi, out.doubles(), x.size());
    }

    public static Tensor clip(Tensor x, double lo, double hi) {
        Tensor out = Tensor.zerosLike(x);
        clip(x, lo, hi, out);
        return out;
    }

    public static void fill(Tensor x, double v) {
        if (x.dtype() == DType.FLOAT32) f().fill(x.floats(), (float) v, x.size());
        else d().fill(x.doubles(), v, x.size());
    }

    /**
     * In place: elements whose magnitude is below the dtype's smallest normal number become zero;
     * NaN and infinities stay. Optimisers apply it to state that decays geometrically, where
     * subnormals would make every later operation on them slow (see {@link FloatKernels#adam}).
     */
    public static void flushSubnormals(Tensor x) {
        if (x.dtype() == DType.FLOAT32) f().flushSubnormals(x.floats(), x.size());
        else d().flushSubnormals(x.doubles(), x.size());
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (float32 accumulates in float, as numpy does). */
    public static double sum(Tensor x) {
        return x.dtype() == DType.FLOAT32 ? f().sum(x.floats(), x.size()) : d().sum(x.doubles(), x.size());
    }

    public static double mean(Tensor x) {
        if (x.size() == 0) throw new IllegalArgumentException("mean: the tensor is empty, shape " + x.shapeString());
        return sum(x) / x.size();
    }

    /**
     * Sum along an axis of a matrix, numpy style: axis 0 sums over rows (one value per column,
     * shape [cols]); axis 1 sums over columns (one value per row, shape [rows]).
     */
    public static void sum(Tensor x, int axis, Tensor out) {
        matrix("sum", x, "x");
        int rows = x.dim(0), cols = x.dim(1);
        if (axis != 0 && axis != 1) throw new IllegalArgumentException("sum: axis must be 0 or 1, got " + axis);
        int n = axis == 0 ? cols : rows;
        if (out.size() != n || out.dtype() != x.dtype()) {
            throw new IllegalArgumentException("sum: axis " + axis + " of " + x.shapeString() + " needs a " + x.dtype()
                    + " output of " + n + " elements, got " + out.dtype() + " " + out.shapeString());
        }
        if (x.dtype() == DType.FLOAT32) {
            if (axis == 0) f().sumRows(x.floats(), rows, cols, out.floats());
            else f().sumCols(x.floats(), rows, cols, out.floats());
        } else {
            if (axis == 0) d().sumRows(x.doubles(), rows, cols, out.doubles());
            else d().sumCols(x.doubles(), rows, cols, out.doubles());
        }
    }

    public static Tensor sum(Tensor x, int axis) {
        matrix("sum", x, "x");
        Tensor out = Tensor.zeros(x.dtype(), axis == 0 ? x.dim(1) : x.dim(0));
        sum(x, axis, out);
        return out;
    }

    public static Tensor mean(Tensor x, int axis) {
        Tensor s = sum(x, axis);
        int n = axis == 0 ? x.dim(0) : x.dim(1);
        if (n == 0) throw new IllegalArgumentException("mean: axis " + axis + " of " + x.shapeString() + " is empty");
        scale(s, 1.0 / n, s);
        return s;
    }

    /** Largest value of each row; NaN where a row holds NaN. */
    public static Tensor rowMax(Tensor x) {
        int rows = rowsOf(x), cols = colsOf(x);
        if (cols == 0) throw new IllegalArgumentException("rowMax: rows are empty, shape " + x.shapeString());
        Tensor out = Tensor.zeros(x.dtype(), rows);
        if (x.dtype() == DType.FLOAT32) f().maxCols(x.floats(), rows, cols, out.floats());
        else d().maxCols(x.doubles(), rows, cols, out.doubles());
        return out;
    }

    /** Column index of each row's largest value (the first on ties; a NaN counts as largest). */
    public static void rowArgmax(Tensor x, int[] out) {
        int rows = rowsOf(x), cols = colsOf(x);
        if (cols == 0) throw new IllegalArgumentException("rowArgmax: rows are empty, shape " + x.shapeString());
        if (out.length < rows) {
            throw new IllegalArgumentException("rowArgmax: output needs " + rows + " entries, got " + out.length);
        }
        if (x.dtype() == DType.FLOAT32) f().argmaxCols(x.floats(), rows, cols, out);
        else d().argmaxCols(x.doubles(), rows, cols, out);
    }

    public static int[] rowArgmax(Tensor x) {
        int[] out = new int[rowsOf(x)];
        rowArgmax(x, out);
        return out;
    }

    public static double dot(Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("dot: sizes differ: " + a.shapeString() + " and " + b.shapeString());
        }
        sameDType("dot", a, b);
        return a.dtype() == DType.FLOAT32 ? f().dot(a.floats(), b.floats(), a.size())
                : d().dot(a.doubles(), b.doubles(), a.size());
    }

    /** Euclidean norm of all elements. */
    public static double norm2(Tensor x) {
        return Math.sqrt(x.dtype() == DType.FLOAT32 ? f().sumOfSquares(x.floats(), x.size())
                : d().sumOfSquares(x.doubles(), x.size()));
    }

    // ------------------------------------------------------------------ softmax

    /** Row-wise softmax, stable for large inputs. */
    public static void softmax(Tensor x, Tensor out) {
        sameShape("softmax", x, out, "out");
        int rows = rowsOf(x), cols = colsOf(x);
        if (x.dtype() == DType.FLOAT32) f().softmaxRows(x.floats(), rows, cols, out.floats());
        else d().softmaxRows(x.doubles(), rows, cols, out.doubles());
    }

    public static Tensor softmax(Tensor x) {
        Tensor out = Tensor.zerosLike(x);
        softmax(x, out);
        return out;
    }

    /** Row-wise log-softmax, stable for large inputs. */
    public static void logSoftmax(Tensor x, Tensor out) {
        sameShape("logSoftmax", x, out, "out");
        int rows = rowsOf(x), cols = colsOf(x);
        if (x.dtype() == DType.FLOAT32) f().logSoftmaxRows(x.floats(), rows, cols, out.floats());
        else d().logSoftmaxRows(x.doubles(), rows, cols, out.doubles());
    }

    public static Tensor logSoftmax(Tensor x) {
        Tensor out = Tensor.zerosLike(x);
        logSoftmax(x, out);
        return out;
    }

    // ------------------------------------------------------------------ optimiser updates

    /**
     * One Adam step on one parameter tensor, in place and in one pass (a fused optimiser kernel, as
     * PyTorch's fused Adam): m += a1 (g - m); v += a2 (g² - v); θ -= lr · m / (sqrt(v) + ε).
     * {@code a1} and {@code a2} are 1 - β1 and 1 - β2; {@code lr} carries the bias correction.
     * Equal, element for element, to the same steps through {@link #sub}, {@link #axpy} and the rest,
     * except that moments below the smallest normal number become zero (see {@link FloatKernels#adam}).
     */
    public static void adamStep(Tensor theta, Tensor g, Tensor m, Tensor v, double a1, double a2, double lr,
                                double epsilon) {
        sameShape("adamStep", theta, g, "grad");
        sameShape("adamStep", theta, m, "m");
        sameShape("adamStep", theta, v, "v");
        if (theta.dtype() == DType.FLOAT32) {
            f().adam(theta.floats(), g.floats(), m.floats(), v.floats(), theta.size(),
                    (float) a1, (float) a2, (float) lr, (float) epsilon);
        } else {
            d().adam(theta.doubles(), g.doubles(), m.doubles(), v.doubles(), theta.size(), a1, a2, lr, epsilon);
        }
    }

    /**
     * One plain RMSProp step (no momentum, not centred) on one parameter tensor, in place and in one
     * pass: s ← ρ·s + (1-ρ)·g², subnormal s set to zero ({@link #flushSubnormals}), θ ← θ - lr·g /
     * sqrt(s + ε). Equal, element for element, to the same steps through {@link #scale}, {@link #mul},
     * {@link #axpy} and the rest (see {@link FloatKernels#rmsprop}).
     */
    public static void rmspropStep(Tensor theta, Tensor g, Tensor s, double rho, double lr, double epsilon) {
        sameShape("rmspropStep", theta, g, "grad");
        sameShape("rmspropStep", theta, s, "s");
        if (theta.dtype() == DType.FLOAT32) {
            f().rmsprop(theta.floats(), g.floats(), s.floats(), theta.size(),
                    (float) rho, (float) (1 - rho), (float) lr, (float) epsilon);
        } else {
            d().rmsprop(theta.doubles(), g.doubles(), s.doubles(), theta.size(), rho, 1 - rho, lr, epsilon);
        }
    }
}
