package io.nnlab.tensor.internal;

import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.UnaryOp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels on the Vector API: a vector main loop over the preferred species and a
 * scalar tail that reuses the reference definition, so tails and vector lanes agree.
 *
 * <p>Small networks have rows of a few units, where per-row scalar tails would dominate. There
 * the row broadcasts and column sums use a vector anyway, on the same arithmetic in the same
 * order: one more vector overlapping the last whole one (rows just longer than a vector), or a
 * vector that reads on into the next rows (rows shorter than one).
 *
 * <p>Only {@link SimdKernels} should load this class, once the backend has checked that the
 * incubator module is readable. Operations without a worthwhile vector form (derivatives of the
 * rarer unary ops, row max and argmax over narrow rows) run the reference loops.
 */
final class SimdFloatKernels implements FloatKernels {
    static final SimdFloatKernels INSTANCE = new SimdFloatKernels();

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ScalarFloatKernels REF = ScalarFloatKernels.INSTANCE;
    /**
     * Elements a task of a memory-bound kernel gets at least (a gather): below it, handing work
     * to a helper thread costs more than the helper saves. Batch 256's gather of 200,704 MNIST
     * pixels splits.
     */
    static final int ELEMENTWISE_TASK = 1 << 16;
    /**
     * Elements a task of an optimiser update gets at least, on helpers already awake only
     * ({@link Team#forEachAwake}): the MNIST MLP's 78,400 first-layer weights go to two threads
     * when the products before them ran on two, and stay on the caller otherwise. Split on
     * {@link Team#forEach}, which wakes a parked helper, the update made MnistStepBenchmark at
     * batch 32 slower on two threads than on one.
     */
    static final int UPDATE_TASK = 1 << 15;

    private SimdFloatKernels() {}

    // ---------------------------------------------------------------- GEMM / GEMV

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        SimdFloatGemm.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    @Override
    public void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
        SimdFloatGemm.gemv(trans, m, n, alpha, a, x, beta, y);
    }

    // ---------------------------------------------------------------- element-wise

    // Each operator has a small method of its own. C2 intrinsifies a vector operation only when it
    // can see a constant operator; one method holding all the loops grows past the inlining limits
    // once several operators have run, and then every vector is boxed (megabytes per call).

    @Override
    public void binary(BinaryOp op, float[] a, float[] b, float[] out, int n) { binaryAt(op, a, 0, b, out, n); }

    @Override
    public void binaryRow(BinaryOp op, float[] a, int rows, int cols, float[] row, float[] out) {
        if (cols == 1) binaryScalar(op, a, row[0], out, rows);                  // a column and one bias
        else if (op == BinaryOp.ADD && 2 * cols >= S.length() && cols < S.length()) addShortRows(a, rows, cols, row, out);
        else for (int r = 0; r < rows; r++) binaryAt(op, a, r * cols, row, out, cols);
    }

    /**
     * a + row for rows narrower than a vector but at least half one (a layer's bias on 8 to 15
     * units in float). Each row goes out as a whole vector whose lanes past it spill into the
     * next row, which is read before that store and written over right after, so in place is
     * safe; the last whole vector is stored under a mask and the rows after it are scalar.
     */
    private static void addShortRows(float[] a, int rows, int cols, float[] row, float[] out) {
        float[] padded = scratch(S.length());
        System.arraycopy(row, 0, padded, 0, cols);
        FloatVector b = load(padded, 0);
        int fit = rows * cols >= S.length() ? (rows * cols - S.length()) / cols + 1 : 0;
        if (fit > 0) {
            FloatVector v = load(a, 0);
            for (int r = 1; r < fit; r++) {
                FloatVector next = load(a, r * cols);
                v.add(b).intoArray(out, (r - 1) * cols);
                v = next;
            }
            v.add(b).intoArray(out, (fit - 1) * cols, S.indexInRange(0, cols));
        }
        for (int r = fit; r < rows; r++) {
            for (int c = 0, o = r * cols; c < cols; c++) out[o + c] = a[o + c] + row[c];
        }
    }

    /** out[o+i] = a[o+i] op b[i] for i < n: whole arrays when o = 0, one row of a matrix otherwise. */
    private static void binaryAt(BinaryOp op, float[] a, int o, float[] b, float[] out, int n) {
        switch (op) {
            case ADD -> add(a, o, b, out, n);
            case SUB -> sub(a, o, b, out, n);
            case MUL -> mul(a, o, b, out, n);
            case DIV -> div(a, o, b, out, n);
            case MAX -> max(a, o, b, out, n);
            case MIN -> min(a, o, b, out, n);
        }
    }

    /**
     * Where the vector loop stops: where n is longer than a vector but not a multiple of it, one
     * vector short of the last whole one. That vector and the last L elements, which overlap it,
     * are then both computed before either is stored, so where they overlap they store the same
     * values, whether out is a, b or neither: a row of 10 needs no scalar loop. (Reading what
     * the loop just stored would stall on the partly overlapping store.)
     */
    private static int beforeTail(int n, VectorSpecies<?> s) {
        int bound = s.loopBound(n);
        return bound < n && n > s.length() ? bound - s.length() : bound;
    }

    private static void add(float[] a, int o, float[] b, float[] out, int n) {
        int i = 0;
        for (int end = beforeTail(n, S); i < end; i += S.length()) load(a, o + i).add(load(b, i)).intoArray(out, o + i);
        if (i + S.length() < n) {
            int w = n - S.length();
            FloatVector t = load(a, o + i).add(load(b, i)), u = load(a, o + w).add(load(b, w));
            t.intoArray(out, o + i);
            u.intoArray(out, o + w);
        } else for (; i < n; i++) out[o + i] = BinaryOp.ADD.apply(a[o + i], b[i]);
    }

    private static void sub(float[] a, int o, float[] b, float[] out, int n) {
        int i = 0;
        for (int end = beforeTail(n, S); i < end; i += S.length()) load(a, o + i).sub(load(b, i)).intoArray(out, o + i);
        if (i + S.length() < n) {
            int w = n - S.length();
            FloatVector t = load(a, o + i).sub(load(b, i)), u = load(a, o + w).sub(load(b, w));
            t.intoArray(out, o + i);
            u.intoArray(out, o + w);
        } else for (; i < n; i++) out[o + i] = BinaryOp.SUB.apply(a[o + i], b[i]);
    }

    private static void mul(float[] a, int o, float[] b, float[] out, int n) {
        int i = 0;
        for (int end = beforeTail(n, S); i < end; i += S.length()) load(a, o + i).mul(load(b, i)).intoArray(out, o + i);
        if (i + S.length() < n) {
            int w = n - S.length();
            FloatVector t = load(a, o + i).mul(load(b, i)), u = load(a, o + w).mul(load(b, w));
            t.intoArray(out, o + i);
            u.intoArray(out, o + w);
        } else for (; i < n; i++) out[o + i] = BinaryOp.MUL.apply(a[o + i], b[i]);
    }

    private static void div(float[] a, int o, float[] b, float[] out, int n) {
        int i = 0;
        for (int end = beforeTail(n, S); i < end; i += S.length()) load(a, o + i).div(load(b, i)).intoArray(out, o + i);
        if (i + S.length() < n) {
            int w = n - S.length();
            FloatVector t = load(a, o + i).div(load(b, i)), u = load(a, o + w).div(load(b, w));
            t.intoArray(out, o + i);
            u.intoArray(out, o + w);
        } else for (; i < n; i++) out[o + i] = BinaryOp.DIV.apply(a[o + i], b[i]);
    }

    private static void max(float[] a, int o, float[] b, float[] out, int n) {
        int i = 0;
        for (int end = beforeTail(n, S); i < end; i += S.length()) load(a, o + i).max(load(b, i)).intoArray(out, o + i);
        if (i + S.length() < n) {
            int w = n - S.length();
            FloatVector t = load(a, o + i).max(load(b, i)), u = load(a, o + w).max(load(b, w));
            t.intoArray(out, o + i);
            u.intoArray(out, o + w);
        } else for (; i < n; i++) out[o + i] = BinaryOp.MAX.apply(a[o + i], b[i]);
    }

    private static void min(float[] a, int o, float[] b, float[] out, int n) {
        int i = 0;
        for (int end = beforeTail(n, S); i < end; i += S.length()) load(a, o + i).min(load(b, i)).intoArray(out, o + i);
        if (i + S.length() < n) {
            int w = n - S.length();
            FloatVector t = load(a, o + i).min(load(b, i)), u = load(a, o + w).min(load(b, w));
            t.intoArray(out, o + i);
            u.intoArray(out, o + w);
        } else for (; i < n; i++) out[o + i] = BinaryOp.MIN.apply(a[o + i], b[i]);
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, float s, float[] out, int n) {
        // a - s is exactly a + (-s) in IEEE arithmetic; a / s is not a * (1/s), so it has its own loop.
        switch (op) {
            case ADD -> addScalar(a, s, out, n);
            case SUB -> addScalar(a, -s, out, n);
            case MUL -> mulScalar(a, s, out, n);
            case DIV -> divScalar(a, s, out, n);
            default -> REF.binaryScalar(op, a, s, out, n);
        }
    }

    private static void addScalar(float[] a, float s, float[] out, int n) {
        FloatVector v = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) load(a, i).add(v).intoArray(out, i);
        for (; i < n; i++) out[i] = a[i] + s;
    }

    private static void mulScalar(float[] a, float s, float[] out, int n) {
        FloatVector v = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) load(a, i).mul(v).intoArray(out, i);
        for (; i < n; i++) out[i] = a[i] * s;
    }

    private static void divScalar(float[] a, float s, float[] out, int n) {
        FloatVector v = FloatVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) load(a, i).div(v).intoArray(out, i);
        for (; i < n; i++) out[i] = a[i] / s;
    }

    private static FloatVector load(float[] a, int i) { return FloatVector.fromArray(S, a, i); }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).fma(va, FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] = Math.fma(alpha, x[i], y[i]);
    }

    private static FloatVector apply(UnaryOp op, FloatVector v) {
        return switch (op) {
            case IDENTITY -> v;
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQUARE -> v.mul(v);
            case SQRT -> v.sqrt();
            case EXP -> FloatVectorMath.exp(v, false);
            case LOG -> throw new AssertionError("log runs the reference loop");
            case LEAKY_RELU, ELU, GELU, GELU_TANH, SILU, SOFTPLUS -> throw new AssertionError(op + " has a loop of its own");
            case TANH -> tanh(v);
            case SIGMOID -> sigmoid(v);
            case RELU -> relu(v);
            case STEP -> {
                FloatVector s = FloatVector.broadcast(S, 1f).blend(0f, v.lt(0f));
                yield s.blend(v, v.test(VectorOperators.IS_NAN));
            }
        };
    }

    /**
     * The Vector API's TANH is not intrinsified here (ActivationBenchmark shows it an order of
     * magnitude slower); through expm1 it is fast, with full relative precision near 0 and the same
     * bits compiled or not ({@link FloatVectorMath}). With E = e^(-2|x|) - 1 in (-1, 0],
     * tanh|x| = |E / (2 + E)|, and x's sign bit is put back (so -0 stays -0 and NaN stays NaN).
     */
    private static FloatVector tanh(FloatVector v) {
        FloatVector e = FloatVectorMath.exp(v.abs().mul(-2f), true);
        FloatVector t = e.div(e.add(2f)).abs();
        //#if float32
        return t.reinterpretAsInts().or(v.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats();
        //#else float64
        // return t.reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
        //#end
    }

    /** e = exp(-|x|) never overflows; sigmoid is 1/(1+e) for x >= 0 and e/(1+e) below. */
    private static FloatVector sigmoid(FloatVector v) {
        FloatVector e = FloatVectorMath.exp(v.abs().neg(), false);
        FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
        return r.blend(e.mul(r), v.lt(0f));
    }

    /** A blend rather than max(x, 0), which would turn NaN into 0. */
    private static FloatVector relu(FloatVector v) { return v.blend(0f, v.lt(0f)); }

    // The training activations get loops of their own, for the same reason as the binary ops;
    // the rarer functions share one loop. The parameter alpha reaches the loops that use it as a
    // scalar, broadcast once, so each loop sees one constant operation.

    @Override
    public void unary(UnaryOp op, float alpha, float[] x, float[] out, int n) {
        switch (op) {
            case TANH -> tanh(x, out, n);
            case SIGMOID -> sigmoid(x, out, n);
            case RELU -> relu(x, out, n);
            case EXP -> exp(x, out, n);
            // No vector log of fixed bits here (the Vector API's LOG changes its last bits once
            // compiled); log is rare in training, so it runs the reference loop.
            case LOG -> REF.unary(op, x, out, n);
            case LEAKY_RELU -> leakyRelu(alpha, x, out, n);
            case ELU -> elu(alpha, x, out, n);
            case GELU -> gelu(x, out, n);
            case GELU_TANH -> geluTanh(x, out, n);
            case SILU -> silu(x, out, n);
            case SOFTPLUS -> softplus(x, out, n);
            default -> {
                int i = 0;
                for (int bound = S.loopBound(n); i < bound; i += S.length()) apply(op, load(x, i)).intoArray(out, i);
                for (; i < n; i++) out[i] = (float) op.apply(x[i]);
            }
        }
    }

    private static void tanh(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) tanh(load(x, i)).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) UnaryOp.TANH.apply(x[i]);
    }

    private static void sigmoid(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) sigmoid(load(x, i)).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) UnaryOp.SIGMOID.apply(x[i]);
    }

    private static void relu(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) relu(load(x, i)).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) UnaryOp.RELU.apply(x[i]);
    }

    private static void exp(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) FloatVectorMath.exp(load(x, i), false).intoArray(out, i);
        for (; i < n; i++) out[i] = (float) UnaryOp.EXP.apply(x[i]);
    }

    /** x where x ≥ 0, else α·x; a NaN fails the comparison and stays. */
    private static void leakyRelu(float alpha, float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            v.blend(v.mul(alpha), v.lt(0f)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) UnaryOp.LEAKY_RELU.apply(x[i], alpha);
    }

    /** x where x > 0, else α·(e^x - 1) from expm1 (whose value on the positive side is blended away). */
    private static void elu(float alpha, float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            v.blend(FloatVectorMath.exp(v, true).mul(alpha), v.compare(VectorOperators.LE, 0f)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) UnaryOp.ELU.apply(x[i], alpha);
    }

    private static void gelu(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            v.mul(FloatVectorMath.normalCdf(v, FloatVectorMath.halfSquareExp(v))).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) UnaryOp.GELU.apply(x[i]);
    }

    /**
     * ½x(1 + tanh(u)), u = √(2/π)·(x + 0.044715x³), computed as x·sigmoid(2u), which it equals:
     * 1 + tanh(u) would cancel below 0, where sigmoid(2u) keeps its relative precision.
     */
    private static void geluTanh(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            v.mul(sigmoid(geluTanhInner(v).mul(2f))).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) UnaryOp.GELU_TANH.apply(x[i]);
    }

    private static FloatVector geluTanhInner(FloatVector v) { return v.mul(v).mul(GELU_CUBIC).mul(v).add(v).mul(SQRT_2_OVER_PI); }

    private static final float SQRT_2_OVER_PI = 0.79788456080286535588f;
    private static final float GELU_CUBIC = 0.044715f;

    private static void silu(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            v.mul(sigmoid(v)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) UnaryOp.SILU.apply(x[i]);
    }

    /** max(x, 0) + log1p(e^-|x|): e^-|x| is in [0, 1], where the vector log1p holds. */
    private static void softplus(float[] x, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            relu(v).add(FloatVectorMath.log1p(FloatVectorMath.exp(v.abs().neg(), false))).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) UnaryOp.SOFTPLUS.apply(x[i]);
    }

    @Override
    public void unaryBackward(UnaryOp op, float alpha, float[] x, float[] y, float[] gradOut, float[] gradIn, int n) {
        switch (op) {
            case TANH, SIGMOID, RELU, IDENTITY -> backward(op, x, y, gradOut, gradIn, n);
            case LEAKY_RELU -> leakyReluBackward(alpha, x, gradOut, gradIn, n);
            case ELU -> eluBackward(alpha, x, gradOut, gradIn, n);
            case GELU -> geluBackward(x, gradOut, gradIn, n);
            case GELU_TANH -> geluTanhBackward(x, gradOut, gradIn, n);
            case SILU -> siluBackward(x, gradOut, gradIn, n);
            case SOFTPLUS -> softplusBackward(x, gradOut, gradIn, n);
            default -> REF.unaryBackward(op, alpha, x, y, gradOut, gradIn, n);
        }
    }

    /** The derivatives of the tutorials' activations, from the forward output (tanh, sigmoid) or input (relu). */
    private static void backward(UnaryOp op, float[] x, float[] y, float[] gradOut, float[] gradIn, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gradOut, i);
            FloatVector r = switch (op) {
                case TANH -> {
                    FloatVector yv = FloatVector.fromArray(S, y, i);
                    yield g.mul(yv.neg().fma(yv, FloatVector.broadcast(S, 1f))); // g * (1 - y^2)
                }
                case SIGMOID -> {
                    FloatVector yv = FloatVector.fromArray(S, y, i);
                    yield g.mul(yv.mul(yv.neg().add(1f)));
                }
                case RELU -> {
                    FloatVector xv = FloatVector.fromArray(S, x, i);
                    // x <= 0 gives 0; a NaN input gives NaN, as in the reference.
                    FloatVector z = g.blend(0f, xv.compare(VectorOperators.LE, 0f));
                    yield z.blend(xv, xv.test(VectorOperators.IS_NAN));
                }
                default -> g;
            };
            r.intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) op.derivative(x[i], y[i]);
    }

    /** g·1 where x > 0, else g·α; NaN stays NaN. */
    private static void leakyReluBackward(float alpha, float[] x, float[] gradOut, float[] gradIn, int n) {
        FloatVector slope = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector d = slope.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(v, v.test(VectorOperators.IS_NAN));
            load(gradOut, i).mul(d).intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) UnaryOp.LEAKY_RELU.derivative(x[i], 0, alpha);
    }

    /** g·1 where x > 0, else g·α·e^x, from x (y + α would cancel far below 0); NaN stays NaN. */
    private static void eluBackward(float alpha, float[] x, float[] gradOut, float[] gradIn, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector d = FloatVectorMath.exp(v, false).mul(alpha).blend(1f, v.compare(VectorOperators.GT, 0f));
            load(gradOut, i).mul(d).intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) UnaryOp.ELU.derivative(x[i], 0, alpha);
    }

    /** g·(Φ(x) + x·φ(x)), φ(x) = e^(-x²/2)/√(2π) sharing Φ's exponential. */
    private static void geluBackward(float[] x, float[] gradOut, float[] gradIn, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector e = FloatVectorMath.halfSquareExp(v);
            FloatVector d = v.mul(e).fma(FloatVector.broadcast(S, INV_SQRT_2PI), FloatVectorMath.normalCdf(v, e));
            load(gradOut, i).mul(d).intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) UnaryOp.GELU.derivative(x[i], 0);
    }

    private static final float INV_SQRT_2PI = 0.39894228040143267794f;

    /**
     * g·(½(1 + T) + ½x(1 - T²)·u'), T = tanh(u), u' = √(2/π)(1 + 3·0.044715x²); with s = sigmoid(2u),
     * ½(1 + T) = s and ½(1 - T²) = 2s(1 - s), so the slope is s·(1 + 2x(1 - s)·u'), 1 - s taken as
     * sigmoid(-2u): where s rounds to 1, 1 - s would lose the slope's excess over 1.
     */
    private static void geluTanhBackward(float[] x, float[] gradOut, float[] gradIn, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector w = geluTanhInner(v).mul(2f);
            FloatVector slope = v.mul(v).fma(3 * GELU_CUBIC, 1f).mul(SQRT_2_OVER_PI);
            FloatVector d = sigmoid(w.neg()).mul(v).mul(slope).fma(2f, 1f).mul(sigmoid(w));
            load(gradOut, i).mul(d).intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) UnaryOp.GELU_TANH.derivative(x[i], 0);
    }

    /** g·s(1 + x(1 - s)), s = sigmoid(x), 1 - s taken as sigmoid(-x) (see geluTanhBackward). */
    private static void siluBackward(float[] x, float[] gradOut, float[] gradIn, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = load(x, i);
            FloatVector d = sigmoid(v.neg()).mul(v).add(1f).mul(sigmoid(v));
            load(gradOut, i).mul(d).intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) UnaryOp.SILU.derivative(x[i], 0);
    }

    /** softplus' = sigmoid. */
    private static void softplusBackward(float[] x, float[] gradOut, float[] gradIn, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(gradOut, i).mul(sigmoid(load(x, i))).intoArray(gradIn, i);
        }
        for (; i < n; i++) gradIn[i] = gradOut[i] * (float) UnaryOp.SOFTPLUS.derivative(x[i], 0);
    }

    @Override
    public void clip(float[] x, float lo, float hi, float[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            // Blends rather than min/max: a NaN lane fails both comparisons and stays NaN.
            v.blend(lo, v.lt(lo)).blend(hi, v.compare(VectorOperators.GT, hi)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = x[i] < lo ? lo : (x[i] > hi ? hi : x[i]);
    }

    @Override
    public void rmsprop(float[] theta, float[] g, float[] s, int n, float rho, float a, float lr, float epsilon) {
        float negLr = -lr;
        FloatVector vrho = FloatVector.broadcast(S, rho), va = FloatVector.broadcast(S, a);
        FloatVector vneg = FloatVector.broadcast(S, negLr), veps = FloatVector.broadcast(S, epsilon);
        FloatVector vmin = FloatVector.broadcast(S, Float.MIN_NORMAL);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = gv.mul(gv).fma(va, FloatVector.fromArray(S, s, i).mul(vrho));
            sv = sv.blend(0, sv.abs().lt(vmin));
            sv.intoArray(s, i);
            gv.div(sv.add(veps).sqrt()).fma(vneg, FloatVector.fromArray(S, theta, i)).intoArray(theta, i);
        }
        for (; i < n; i++) {
            float si = Math.fma(a, g[i] * g[i], s[i] * rho);
            s[i] = Math.abs(si) < Float.MIN_NORMAL ? 0 : si;
            theta[i] = Math.fma(negLr, g[i] / (float) Math.sqrt(s[i] + epsilon), theta[i]);
        }
    }

    @Override
    public void flushSubnormals(float[] x, int n) {
        FloatVector vmin = FloatVector.broadcast(S, Float.MIN_NORMAL);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.blend(0, v.abs().lt(vmin)).intoArray(x, i);
        }
        for (; i < n; i++) if (Math.abs(x[i]) < Float.MIN_NORMAL) x[i] = 0;
    }

    /**
     * Rows from all over a dataset too large for the caches (MNIST's training images are 188 MB
     * in float32) each cost a wait on memory. Four rows copied side by side, a vector from each in
     * turn, keep four of those waits in flight instead of one; on several threads each takes its
     * share of the rows.
     */
    @Override
    public void gatherRows(float[] src, int cols, int[] rows, int start, int count, float[] dst) {
        int tasks = Team.tasks((long) count * cols, ELEMENTWISE_TASK);
        if (tasks == 1) {
            gatherRange(src, cols, rows, start, 0, count, dst);
        } else {
            Team.forEach(tasks, t -> gatherRange(src, cols, rows, start, count * t / tasks, count * (t + 1) / tasks, dst));
        }
    }

    private static void gatherRange(float[] src, int cols, int[] rows, int start, int from, int to, float[] dst) {
        int cv = S.loopBound(cols);
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int s0 = rows[start + i] * cols, s1 = rows[start + i + 1] * cols;
            int s2 = rows[start + i + 2] * cols, s3 = rows[start + i + 3] * cols;
            int d = i * cols;
            for (int j = 0; j < cv; j += S.length()) {
                load(src, s0 + j).intoArray(dst, d + j);
                load(src, s1 + j).intoArray(dst, d + cols + j);
                load(src, s2 + j).intoArray(dst, d + 2 * cols + j);
                load(src, s3 + j).intoArray(dst, d + 3 * cols + j);
            }
            for (int j = cv; j < cols; j++) {
                dst[d + j] = src[s0 + j];
                dst[d + cols + j] = src[s1 + j];
                dst[d + 2 * cols + j] = src[s2 + j];
                dst[d + 3 * cols + j] = src[s3 + j];
            }
        }
        for (; i < to; i++) System.arraycopy(src, rows[start + i] * cols, dst, i * cols, cols);
    }

    @Override
    public void fill(float[] x, float v, int n) { java.util.Arrays.fill(x, 0, n, v); }

    // ---------------------------------------------------------------- reductions

    @Override
    public double sum(float[] x, int n) {
        // Two accumulators hide the add latency; the lanes are summed once, at the end, in a fixed order.
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        int step = S.length();
        for (int bound = S.loopBound(n - step); i < bound; i += 2 * step) {
            s0 = s0.add(FloatVector.fromArray(S, x, i));
            s1 = s1.add(FloatVector.fromArray(S, x, i + step));
        }
        for (int bound = S.loopBound(n); i < bound; i += step) s0 = s0.add(FloatVector.fromArray(S, x, i));
        float s = FloatVectorMath.sum(s0.add(s1));
        for (; i < n; i++) s += x[i];
        return s;
    }

    @Override
    public double dot(float[] a, float[] b, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        int step = S.length();
        for (int bound = S.loopBound(n - step); i < bound; i += 2 * step) {
            s0 = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), s0);
            s1 = FloatVector.fromArray(S, a, i + step).fma(FloatVector.fromArray(S, b, i + step), s1);
        }
        for (int bound = S.loopBound(n); i < bound; i += step) {
            s0 = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), s0);
        }
        float s = FloatVectorMath.sum(s0.add(s1));
        for (; i < n; i++) s = Math.fma(a[i], b[i], s);
        return s;
    }

    @Override
    public double sumOfSquares(float[] x, int n) { return dot(x, x, n); }

    @Override
    public void sumRows(float[] a, int rows, int cols, float[] out) {
        if (cols < S.length()) {
            shortSumRows(a, rows, cols, out);
            return;
        }
        if (cols <= 4 * S.length()) {
            narrowSumRows(a, rows, cols, out);
            return;
        }
        java.util.Arrays.fill(out, 0, cols, 0f);
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            int c = 0;
            for (; c < bound; c += S.length()) {
                FloatVector.fromArray(S, out, c).add(FloatVector.fromArray(S, a, o + c)).intoArray(out, c);
            }
            for (; c < cols; c++) out[c] += a[o + c];
        }
    }

    /**
     * Column sums of rows narrower than a vector: a vector at each row's start also reads the
     * rows after it, but lane c still adds column c, row by row, in the scalar order. The last
     * rows, where a vector would run past the matrix, go on in scalar code from the lanes' sums.
     */
    private static void shortSumRows(float[] a, int rows, int cols, float[] out) {
        int fit = rows * cols >= S.length() ? (rows * cols - S.length()) / cols + 1 : 0;
        FloatVector s = FloatVector.zero(S);
        for (int r = 0, o = 0; r < fit; r++, o += cols) s = s.add(load(a, o));
        float[] lanes = scratch(S.length());
        s.intoArray(lanes, 0);
        for (int c = 0; c < cols; c++) {
            float v = lanes[c];
            for (int r = fit; r < rows; r++) v += a[r * cols + c];
            out[c] = v;
        }
    }

    /**
     * Column sums of a matrix one to four vectors wide, two column strips at a time, each sum in
     * a register over all rows (adding into out row by row waits on each store). Where cols is
     * not a multiple of L the last strip overlaps the one before; both add the same column in
     * the same order, so they store the same sums.
     */
    private static void narrowSumRows(float[] a, int rows, int cols, float[] out) {
        int L = S.length();
        for (int c = 0; c < cols; c += 2 * L) {
            int c0 = Math.min(c, cols - L), c1 = Math.min(c + L, cols - L);
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
            for (int r = 0, o = 0; r < rows; r++, o += cols) {
                s0 = s0.add(load(a, o + c0));
                s1 = s1.add(load(a, o + c1));
            }
            s0.intoArray(out, c0);
            s1.intoArray(out, c1);
        }
    }

    @Override
    public void sumCols(float[] a, int rows, int cols, float[] out) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            FloatVector acc = FloatVector.zero(S);
            int c = 0;
            for (; c < bound; c += S.length()) acc = acc.add(FloatVector.fromArray(S, a, o + c));
            float s = FloatVectorMath.sum(acc);
            for (; c < cols; c++) s += a[o + c];
            out[r] = s;
        }
    }

    @Override
    public void maxCols(float[] a, int rows, int cols, float[] out) { REF.maxCols(a, rows, cols, out); }

    @Override
    public void argmaxCols(float[] a, int rows, int cols, int[] out) { REF.argmaxCols(a, rows, cols, out); }

    // ---------------------------------------------------------------- softmax

    // Rows at least a vector wide run masked to the row end; narrower ones (10 classes at 16
    // float lanes) a vector of rows at a time, and the rows left over as the reference loop does.

    @Override
    public void softmaxRows(float[] x, int rows, int cols, float[] out) {
        if (cols < S.length()) {
            int done = narrowBlocks(x, rows, cols, out, false);
            expShiftedRows(x, done, rows, cols, out);
            for (int r = done; r < rows; r++) {
                int o = r * cols;
                float sum = 0;
                for (int c = 0; c < cols; c++) sum += out[o + c];
                float inv = 1f / sum;
                for (int c = 0; c < cols; c++) out[o + c] *= inv;
            }
            return;
        }
        int step = S.length();
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = rowMax(x, o, cols);
            expRow(x, o, cols, max, out, o);
            float inv = 1f / sumRow(out, o, cols);
            for (int c = 0; c < cols; c += step) {
                VectorMask<Float> m = S.indexInRange(c, cols);
                FloatVector.fromArray(S, out, o + c, m).mul(inv).intoArray(out, o + c, m);
            }
        }
    }

    @Override
    public void logSoftmaxRows(float[] x, int rows, int cols, float[] out) {
        if (cols < S.length()) {
            int done = narrowBlocks(x, rows, cols, out, true);
            float[] e = scratch(rows * cols); // not out: it may be x itself
            expShiftedRows(x, done, rows, cols, e);
            for (int r = done; r < rows; r++) {
                int o = r * cols;
                float sum = 0;
                for (int c = 0; c < cols; c++) sum += e[o + c];
                float shift = rowMax(x, o, cols) + (float) Math.log(sum);
                for (int c = 0; c < cols; c++) out[o + c] = x[o + c] - shift;
            }
            return;
        }
        int step = S.length();
        float[] e = scratch(cols); // not out: it may be x itself
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = rowMax(x, o, cols);
            expRow(x, o, cols, max, e, 0);
            float shift = max + (float) Math.log(sumRow(e, 0, cols));
            for (int c = 0; c < cols; c += step) {
                VectorMask<Float> m = S.indexInRange(c, cols);
                FloatVector.fromArray(S, x, o + c, m).sub(shift).intoArray(out, o + c, m);
            }
        }
    }

    /*
     * The row's exponentials and their sum are two methods that take and return no vectors: in one
     * method with the inlined exp, the lane sum came past C2's inlining budget and boxed the
     * accumulator, an allocation per row.
     */

    /** out[oo + c] = e^(x[o + c] - max) for c < cols. */
    private static void expRow(float[] x, int o, int cols, float max, float[] out, int oo) {
        for (int c = 0; c < cols; c += S.length()) {
            VectorMask<Float> m = S.indexInRange(c, cols);
            FloatVectorMath.exp(FloatVector.fromArray(S, x, o + c, m).sub(max), false).intoArray(out, oo + c, m);
        }
    }

    /**
     * dst = e^(x - its row's max) for rows [from, to), narrower than a vector: the maxima row by
     * row, then the exponentials, the costly part, over the whole block at once.
     */
    private static void expShiftedRows(float[] x, int from, int to, int cols, float[] dst) {
        for (int r = from; r < to; r++) {
            int o = r * cols;
            float max = rowMax(x, o, cols);
            for (int c = 0; c < cols; c++) dst[o + c] = x[o + c] - max;
        }
        expRow(dst, from * cols, (to - from) * cols, 0f, dst, from * cols);
    }

    /**
     * Softmax, or log-softmax, of rows narrower than a vector, a vector of rows at a time: lane l
     * gathers row r + l, so each row's maximum and sum run over its columns in the reference
     * loop's order, and its exponentials are the row-by-row ones; row by row, in scalar code, the
     * maxima and sums made softmax of 10 classes nearly twice as slow (SoftmaxCrossEntropyBenchmark).
     * Returns how many rows it did: whole vectors of them.
     */
    private static int narrowBlocks(float[] x, int rows, int cols, float[] out, boolean log) {
        int lanes = S.length();
        int[] starts = SimdFloatGemm.rowStarts(cols);
        float[] e = scratch((cols + 2) * lanes); // the block's exponentials column by column (softmax), then per-row values
        int r = 0;
        for (; r + lanes <= rows; r += lanes) {
            int base = r * cols;
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int c = 0; c < cols; c++) max = max.max(FloatVector.fromArray(S, x, base + c, starts, 0));
            FloatVector sum = FloatVector.zero(S);
            for (int c = 0; c < cols; c++) {
                FloatVector ec = FloatVectorMath.exp(FloatVector.fromArray(S, x, base + c, starts, 0).sub(max), false);
                sum = sum.add(ec);
                if (!log) ec.intoArray(e, c * lanes);
            }
            // Written back row by row (scatters were slower); out may be x itself: each element
            // is read before it is written.
            int m = cols * lanes;
            if (log) {
                max.intoArray(e, m);
                sum.intoArray(e, m + lanes);
                for (int l = 0; l < lanes; l++) {
                    float shift = e[m + l] + (float) Math.log(e[m + lanes + l]);
                    for (int c = 0, o = base + l * cols; c < cols; c++) out[o + c] = x[o + c] - shift;
                }
            } else {
                FloatVector.broadcast(S, 1f).div(sum).intoArray(e, m);
                for (int l = 0; l < lanes; l++) {
                    float inv = e[m + l];
                    for (int c = 0, o = base + l * cols; c < cols; c++) out[o + c] = e[c * lanes + l] * inv;
                }
            }
        }
        return r;
    }

    /**
     * Scratch per thread, grown as needed: logSoftmaxRows' exponentials (a row, or a block of
     * narrow rows), a short row padded to a vector, or vector sums handed on to scalar code.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] scratch(int n) {
        float[][] h = SCRATCH.get();
        if (h[0].length < n) h[0] = new float[n];
        return h[0];
    }

    /** The row's sum, vector by vector, then the lanes in a fixed order. */
    private static float sumRow(float[] a, int o, int cols) {
        FloatVector acc = FloatVector.zero(S);
        for (int c = 0; c < cols; c += S.length()) {
            VectorMask<Float> m = S.indexInRange(c, cols);
            acc = acc.add(FloatVector.fromArray(S, a, o + c, m), m);
        }
        return FloatVectorMath.sum(acc);
    }

    // ---------------------------------------------------------------- optimiser updates

    @Override
    public void adam(float[] theta, float[] g, float[] m, float[] v, int n, float a1, float a2, float lr, float epsilon) {
        int tasks = Team.tasks(n, UPDATE_TASK);
        if (tasks == 1) {
            adam(theta, g, m, v, 0, n, a1, a2, lr, epsilon);
        } else {
            Team.forEachAwake(tasks, t -> adam(theta, g, m, v, Team.chunkStart(t, tasks, n, S.length()),
                    Team.chunkStart(t + 1, tasks, n, S.length()), a1, a2, lr, epsilon));
        }
    }

    /** Adam on elements [from, to), from on a vector boundary. */
    private static void adam(float[] theta, float[] g, float[] m, float[] v, int from, int to,
                             float a1, float a2, float lr, float epsilon) {
        float neg = -lr;
        FloatVector va1 = FloatVector.broadcast(S, a1), va2 = FloatVector.broadcast(S, a2);
        FloatVector vneg = FloatVector.broadcast(S, neg), veps = FloatVector.broadcast(S, epsilon);
        FloatVector vmin = FloatVector.broadcast(S, Float.MIN_NORMAL);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            mv = gv.sub(mv).fma(va1, mv);
            vv = gv.mul(gv).sub(vv).fma(va2, vv);
            mv = mv.blend(0, mv.abs().lt(vmin));
            vv = vv.blend(0, vv.lt(vmin));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            mv.div(vv.sqrt().add(veps)).fma(vneg, FloatVector.fromArray(S, theta, i)).intoArray(theta, i);
        }
        for (; i < to; i++) {
            m[i] = Math.fma(g[i] - m[i], a1, m[i]);
            v[i] = Math.fma(g[i] * g[i] - v[i], a2, v[i]);
            m[i] = Math.abs(m[i]) < Float.MIN_NORMAL ? 0 : m[i];
            v[i] = v[i] < Float.MIN_NORMAL ? 0 : v[i];
            theta[i] = Math.fma(m[i] / ((float) Math.sqrt(v[i]) + epsilon), neg, theta[i]);
        }
    }

    /** Row maximum with NaN propagating (a NaN row yields a NaN softmax, never a hidden one). */
    private static float rowMax(float[] x, int o, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
        return max;
    }

}
