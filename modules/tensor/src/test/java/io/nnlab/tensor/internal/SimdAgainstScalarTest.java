package io.nnlab.tensor.internal;

import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.UnaryOp;

import io.nnlab.tensor.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every element-wise, reduction and softmax kernel of the SIMD backend against the scalar
 * reference, in both dtypes, on sizes that straddle the vector lane counts.
 *
 * <p>Tolerances: element-wise arithmetic is exact (same IEEE operation per lane); the Vector
 * API's exp/log/tanh are within a few ulps of java.lang.Math, so transcendental results are
 * compared at 4 ulps scaled to the value (1e-6 relative in float, 1e-14 in double); reductions
 * reassociate and use FMA, so their error bound grows with n: n * eps * sum|x|.
 */
class SimdAgainstScalarTest {
    static final Kernels REF = Kernels.SCALAR;
    static Kernels simd;

    @BeforeAll
    static void simdIsAvailable() {
        assertNull(Backend.simdUnavailableReason(), "tests run with --add-modules jdk.incubator.vector");
        simd = SimdKernels.INSTANCE;
    }

    /** 0, 1, lanes-1, lanes, lanes+1 for float and double lanes, primes, and large. */
    static IntStream sizes() {
        int fl = SimdKernels.floatLanes(), dl = SimdKernels.doubleLanes();
        return IntStream.of(0, 1, 2, 3, dl - 1, dl, dl + 1, fl - 1, fl, fl + 1, 2 * fl - 1, 2 * fl + 1,
                        7, 13, 31, 97, 257, 1000, 1031, 4099)
                .filter(n -> n >= 0).distinct().sorted();
    }

    static float[] floats(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return a;
    }

    static double[] doubles(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextDouble();
        return a;
    }

    static void close(float[] want, float[] got, double rel, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(want[i])) {
                assertTrue(Float.isNaN(got[i]), what + " [" + i + "]: expected NaN, got " + got[i]);
                continue;
            }
            if (want[i] == got[i]) continue;                     // equal infinities included
            double tol = rel * Math.max(1.0, Math.abs(want[i]));
            if (!(Math.abs(want[i] - got[i]) <= tol)) {          // so that a NaN from simd fails
                fail(what + " [" + i + "] of " + want.length + ": scalar " + want[i] + ", simd " + got[i]);
            }
        }
    }

    static void close(double[] want, double[] got, double rel, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i])) {
                assertTrue(Double.isNaN(got[i]), what + " [" + i + "]: expected NaN, got " + got[i]);
                continue;
            }
            if (want[i] == got[i]) continue;                     // equal infinities included
            double tol = rel * Math.max(1.0, Math.abs(want[i]));
            if (!(Math.abs(want[i] - got[i]) <= tol)) {          // so that a NaN from simd fails
                fail(what + " [" + i + "] of " + want.length + ": scalar " + want[i] + ", simd " + got[i]);
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void binaryOpsAreExact(int n) {
        float[] af = floats(n, 1, -3, 3), bf = floats(n, 2, 0.5, 3);
        double[] ad = doubles(n, 1, -3, 3), bd = doubles(n, 2, 0.5, 3);
        for (BinaryOp op : BinaryOp.values()) {
            float[] wf = new float[n], gf = new float[n];
            REF.floats().binary(op, af, bf, wf, n);
            simd.floats().binary(op, af, bf, gf, n);
            assertArrayEquals(wf, gf, op + " float n=" + n);
            double[] wd = new double[n], gd = new double[n];
            REF.doubles().binary(op, ad, bd, wd, n);
            simd.doubles().binary(op, ad, bd, gd, n);
            assertArrayEquals(wd, gd, op + " double n=" + n);

            // in place, into either operand: the tail vector overlaps the last whole one
            float[] inA = af.clone(), inB = bf.clone();
            simd.floats().binary(op, inA, bf, inA, n);
            simd.floats().binary(op, af, inB, inB, n);
            assertArrayEquals(wf, inA, op + " float in place of a, n=" + n);
            assertArrayEquals(wf, inB, op + " float in place of b, n=" + n);
            double[] inAd = ad.clone(), inBd = bd.clone();
            simd.doubles().binary(op, inAd, bd, inAd, n);
            simd.doubles().binary(op, ad, inBd, inBd, n);
            assertArrayEquals(wd, inAd, op + " double in place of a, n=" + n);
            assertArrayEquals(wd, inBd, op + " double in place of b, n=" + n);

            REF.floats().binaryScalar(op, af, 1.7f, wf, n);
            simd.floats().binaryScalar(op, af, 1.7f, gf, n);
            assertArrayEquals(wf, gf, op + " scalar float n=" + n);
            REF.doubles().binaryScalar(op, ad, 1.7, wd, n);
            simd.doubles().binaryScalar(op, ad, 1.7, gd, n);
            assertArrayEquals(wd, gd, op + " scalar double n=" + n);
        }
    }

    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void rowBroadcastIsExact(int cols) {
        for (int rows : new int[]{1, 3, 37}) rowBroadcastIsExact(rows, cols);
    }

    private static void rowBroadcastIsExact(int rows, int cols) {
        float[] af = floats(rows * cols, 3, -2, 2), rf = floats(cols, 4, 0.5, 2);
        double[] ad = doubles(rows * cols, 3, -2, 2), rd = doubles(cols, 4, 0.5, 2);
        for (BinaryOp op : BinaryOp.values()) {
            float[] wf = new float[rows * cols], gf = new float[rows * cols];
            REF.floats().binaryRow(op, af, rows, cols, rf, wf);
            simd.floats().binaryRow(op, af, rows, cols, rf, gf);
            assertArrayEquals(wf, gf, op + " float " + rows + " x " + cols);
            double[] wd = new double[rows * cols], gd = new double[rows * cols];
            REF.doubles().binaryRow(op, ad, rows, cols, rd, wd);
            simd.doubles().binaryRow(op, ad, rows, cols, rd, gd);
            assertArrayEquals(wd, gd, op + " double " + rows + " x " + cols);

            float[] inF = af.clone();                     // in place, as a layer adds its bias
            simd.floats().binaryRow(op, inF, rows, cols, rf, inF);
            assertArrayEquals(wf, inF, op + " float in place " + rows + " x " + cols);
            double[] inD = ad.clone();
            simd.doubles().binaryRow(op, inD, rows, cols, rd, inD);
            assertArrayEquals(wd, inD, op + " double in place " + rows + " x " + cols);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void axpyMatchesWithinOneRounding(int n) {
        float[] xf = floats(n, 5, -1, 1), yf = floats(n, 6, -1, 1), yf2 = yf.clone();
        REF.floats().axpy(0.37f, xf, yf, n);
        simd.floats().axpy(0.37f, xf, yf2, n);
        close(yf, yf2, 2e-7, "axpy float"); // FMA skips one rounding
        double[] xd = doubles(n, 5, -1, 1), yd = doubles(n, 6, -1, 1), yd2 = yd.clone();
        REF.doubles().axpy(0.37, xd, yd, n);
        simd.doubles().axpy(0.37, xd, yd2, n);
        close(yd, yd2, 4e-16, "axpy double");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void adamMatchesWithinAFewRoundings(int n) {
        // SIMD fuses the two moment updates and the step into FMAs: a rounding fewer in each.
        float[] tf = floats(n, 9, -1, 1), gf = floats(n, 10, -1, 1), mf = floats(n, 11, -0.1, 0.1);
        float[] vf = floats(n, 12, 0, 0.01);
        float[] tf2 = tf.clone(), mf2 = mf.clone(), vf2 = vf.clone();
        REF.floats().adam(tf, gf, mf, vf, n, 0.1f, 0.001f, 0.01f, 1e-7f);
        simd.floats().adam(tf2, gf, mf2, vf2, n, 0.1f, 0.001f, 0.01f, 1e-7f);
        close(mf, mf2, 2e-7, "adam m float");
        close(vf, vf2, 2e-7, "adam v float");
        close(tf, tf2, 1e-6, "adam theta float");
        double[] td = doubles(n, 9, -1, 1), gd = doubles(n, 10, -1, 1), md = doubles(n, 11, -0.1, 0.1);
        double[] vd = doubles(n, 12, 0, 0.01);
        double[] td2 = td.clone(), md2 = md.clone(), vd2 = vd.clone();
        REF.doubles().adam(td, gd, md, vd, n, 0.1, 0.001, 0.01, 1e-7);
        simd.doubles().adam(td2, gd, md2, vd2, n, 0.1, 0.001, 0.01, 1e-7);
        close(md, md2, 4e-16, "adam m double");
        close(vd, vd2, 4e-16, "adam v double");
        close(td, td2, 2e-15, "adam theta double");
    }

    /**
     * A zero gradient shrinks Adam's moments by β each step; below the smallest normal number
     * both backends set them to zero (0.9 times the smallest subnormal would round back to it,
     * forever), while normal moments and NaN pass through as the formula has them.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void adamFlushesSubnormalMomentsAndKeepsNaN(int n) {
        for (Kernels k : new Kernels[] {REF, simd}) {
            float[] tf = new float[n], gf = new float[n], mf = new float[n], vf = new float[n];
            double[] td = new double[n], gd = new double[n], md = new double[n], vd = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = i % 4;   // 0: subnormal moments, 1: the smallest subnormal, 2: normal, 3: NaN
                mf[i] = kind == 0 ? 3e-39f : kind == 1 ? Float.MIN_VALUE : kind == 2 ? 0.5f : Float.NaN;
                vf[i] = kind == 0 ? 1e-39f : kind == 1 ? Float.MIN_VALUE : kind == 2 ? 0.25f : 1f;
                md[i] = kind == 0 ? 3e-309 : kind == 1 ? Double.MIN_VALUE : kind == 2 ? 0.5 : Double.NaN;
                vd[i] = kind == 0 ? 1e-309 : kind == 1 ? Double.MIN_VALUE : kind == 2 ? 0.25 : 1;
                tf[i] = 1;
                td[i] = 1;
            }
            k.floats().adam(tf, gf, mf, vf, n, 0.1f, 0.001f, 0.01f, 1e-7f);
            k.doubles().adam(td, gd, md, vd, n, 0.1, 0.001, 0.01, 1e-7);
            for (int i = 0; i < n; i++) {
                String at = k.name() + " at " + i;
                switch (i % 4) {
                    case 0, 1 -> {
                        assertEquals(0f, mf[i], at);
                        assertEquals(0f, vf[i], at);
                        assertEquals(1f, tf[i], at);
                        assertEquals(0.0, md[i], at);
                        assertEquals(0.0, vd[i], at);
                        assertEquals(1.0, td[i], at);
                    }
                    case 2 -> {
                        assertEquals(0.45f, mf[i], 1e-7f, at);
                        assertEquals(0.24975f, vf[i], 1e-7f, at);
                        assertEquals(1 - 0.01f * 0.45f / ((float) Math.sqrt(0.24975f) + 1e-7f), tf[i], 1e-6f, at);
                        assertEquals(0.45, md[i], 1e-15, at);
                        assertEquals(0.24975, vd[i], 1e-15, at);
                        assertEquals(1 - 0.01 * 0.45 / (Math.sqrt(0.24975) + 1e-7), td[i], 1e-15, at);
                    }
                    default -> {
                        assertTrue(Float.isNaN(mf[i]) && Float.isNaN(tf[i]), at);
                        assertTrue(Double.isNaN(md[i]) && Double.isNaN(td[i]), at);
                    }
                }
            }
        }
    }

    /**
     * Each backend's fused RMSProp step against its own separate kernels, the sequence RmsProp runs
     * for its other variants: bit for bit, with moments that flush, one that is NaN and a zero gradient.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void rmspropEqualsTheSeparateKernelsBitForBit(int n) {
        float rho = 0.9f, a = (float) (1 - 0.9), neg = -0.01f, eps = 1e-7f;
        for (Kernels k : new Kernels[] {REF, simd}) {
            float[] g = floats(n, 21, -2, 2), s = floats(n, 22, 0, 1), t = floats(n, 23, -1, 1);
            for (int i = 0; i < n; i += 5) s[i] = 1e-39f;        // decays into the subnormal range
            for (int i = 3; i < n; i += 7) g[i] = 0;
            if (n > 2) s[n / 2] = Float.NaN;
            float[] s2 = s.clone(), t2 = t.clone(), tmp = new float[n];
            k.floats().rmsprop(t, g, s, n, rho, a, 0.01f, eps);
            k.floats().binaryScalar(BinaryOp.MUL, s2, rho, s2, n);
            k.floats().binary(BinaryOp.MUL, g, g, tmp, n);
            k.floats().axpy(a, tmp, s2, n);
            k.floats().flushSubnormals(s2, n);
            k.floats().binaryScalar(BinaryOp.ADD, s2, eps, tmp, n);
            k.floats().unary(UnaryOp.SQRT, tmp, tmp, n);
            k.floats().binary(BinaryOp.DIV, g, tmp, tmp, n);
            k.floats().axpy(neg, tmp, t2, n);
            String who = k.name();
            assertArrayEquals(s2, s, who + " s float");
            assertArrayEquals(t2, t, who + " theta float");

            double[] gd = doubles(n, 21, -2, 2), sd = doubles(n, 22, 0, 1), td = doubles(n, 23, -1, 1);
            for (int i = 0; i < n; i += 5) sd[i] = 1e-309;
            for (int i = 3; i < n; i += 7) gd[i] = 0;
            if (n > 2) sd[n / 2] = Double.NaN;
            double[] sd2 = sd.clone(), td2 = td.clone(), tmpd = new double[n];
            k.doubles().rmsprop(td, gd, sd, n, 0.9, 1 - 0.9, 0.01, 1e-7);
            k.doubles().binaryScalar(BinaryOp.MUL, sd2, 0.9, sd2, n);
            k.doubles().binary(BinaryOp.MUL, gd, gd, tmpd, n);
            k.doubles().axpy(1 - 0.9, tmpd, sd2, n);
            k.doubles().flushSubnormals(sd2, n);
            k.doubles().binaryScalar(BinaryOp.ADD, sd2, 1e-7, tmpd, n);
            k.doubles().unary(UnaryOp.SQRT, tmpd, tmpd, n);
            k.doubles().binary(BinaryOp.DIV, gd, tmpd, tmpd, n);
            k.doubles().axpy(-0.01, tmpd, td2, n);
            assertArrayEquals(sd2, sd, who + " s double");
            assertArrayEquals(td2, td, who + " theta double");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void flushSubnormalsZeroesOnlyBelowTheSmallestNormal(int n) {
        float[] f = {3e-39f, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.NaN, Float.NEGATIVE_INFINITY, -0.75f};
        double[] d = {3e-309, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.NaN, Double.NEGATIVE_INFINITY, -0.75};
        for (Kernels k : new Kernels[] {REF, simd}) {
            float[] xf = new float[n];
            double[] xd = new double[n];
            for (int i = 0; i < n; i++) {
                xf[i] = f[i % f.length];
                xd[i] = d[i % d.length];
            }
            k.floats().flushSubnormals(xf, n);
            k.doubles().flushSubnormals(xd, n);
            for (int i = 0; i < n; i++) {
                String at = k.name() + " at " + i;
                int kind = i % f.length;
                assertEquals(kind < 2 ? 0f : f[kind], xf[i], at);   // NaN equals NaN here
                assertEquals(kind < 2 ? 0.0 : d[kind], xd[i], at);
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void unaryOpsAndDerivatives(int n) {
        for (UnaryOp op : UnaryOp.values()) {
            boolean positiveOnly = op == UnaryOp.LOG || op == UnaryOp.SQRT;
            double lo = positiveOnly ? 0.01 : -12, hi = 12;
            float[] xf = floats(n, 7, lo, hi);
            double[] xd = doubles(n, 7, lo, hi);
            float[] wf = new float[n], gf = new float[n];
            REF.floats().unary(op, xf, wf, n);
            simd.floats().unary(op, xf, gf, n);
            close(wf, gf, 1e-6, op + " float");
            double[] wd = new double[n], gd = new double[n];
            REF.doubles().unary(op, xd, wd, n);
            simd.doubles().unary(op, xd, gd, n);
            close(wd, gd, 1e-14, op + " double");
            if (op == UnaryOp.STEP) continue; // no gradient by design; tested in UnaryOpTest
            float[] go = floats(n, 8, -1, 1), bf = new float[n], bf2 = new float[n];
            REF.floats().unaryBackward(op, xf, wf, go, bf, n);
            simd.floats().unaryBackward(op, xf, wf, go, bf2, n);
            close(bf, bf2, 1e-6, op + "' float");
            double[] god = doubles(n, 8, -1, 1), bd = new double[n], bd2 = new double[n];
            REF.doubles().unaryBackward(op, xd, wd, god, bd, n);
            simd.doubles().unaryBackward(op, xd, wd, god, bd2, n);
            close(bd, bd2, 1e-14, op + "' double");
        }
    }

    /** LeakyReLU's and ELU's parameter reaches the vector loops: each α against the reference with the same α. */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void parameterisedOps(int n) {
        for (UnaryOp op : new UnaryOp[]{UnaryOp.LEAKY_RELU, UnaryOp.ELU}) {
            for (double alpha : new double[]{0, 0.01, 0.3, 1.7}) {
                String what = op + "(" + alpha + ")";
                float[] xf = floats(n, 11, -6, 6), wf = new float[n], gf = new float[n];
                if (n > 1) { xf[0] = 0f; xf[1] = -0f; }   // the slope at 0 is a convention (α, as PyTorch)
                REF.floats().unary(op, (float) alpha, xf, wf, n);
                simd.floats().unary(op, (float) alpha, xf, gf, n);
                close(wf, gf, 1e-6, what + " float");
                float[] go = floats(n, 12, -1, 1), bf = new float[n], bf2 = new float[n];
                REF.floats().unaryBackward(op, (float) alpha, xf, wf, go, bf, n);
                simd.floats().unaryBackward(op, (float) alpha, xf, wf, go, bf2, n);
                close(bf, bf2, 1e-6, what + "' float");
                double[] xd = doubles(n, 11, -6, 6), wd = new double[n], gd = new double[n];
                if (n > 1) { xd[0] = 0; xd[1] = -0.0; }
                REF.doubles().unary(op, alpha, xd, wd, n);
                simd.doubles().unary(op, alpha, xd, gd, n);
                close(wd, gd, 1e-14, what + " double");
                double[] god = doubles(n, 12, -1, 1), bd = new double[n], bd2 = new double[n];
                REF.doubles().unaryBackward(op, alpha, xd, wd, god, bd, n);
                simd.doubles().unaryBackward(op, alpha, xd, wd, god, bd2, n);
                close(bd, bd2, 1e-14, what + "' double");
            }
        }
    }

    /**
     * The new activations far into their tails (2 ≤ |x| ≤ 19 in float32, 38 in float64), where their
     * values are tiny and an absolute tolerance would pass anything: relative agreement, down to where
     * float32 turns subnormal. (Nearer 0, GELU's slope crosses 0 at x = -0.75, where Φ(x) + xφ(x)
     * cancels in any float32 arithmetic; unaryOpsAndDerivatives covers that range. GELU's tanh form is
     * x·e^w in its negative tail, w = 2√(2/π)(x + 0.044715x³), which each form rounds its own way: the
     * two agree to a number of ulps that grows with |w|, and are allowed 16|w| more.)
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void activationTailsAgreeRelatively(int n) {
        for (UnaryOp op : new UnaryOp[]{UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU, UnaryOp.SOFTPLUS, UnaryOp.ELU}) {
            float[] xf = floats(n, 13, -19, 19), wf = new float[n], gf = new float[n];
            double[] xd = doubles(n, 13, -38, 38), wd = new double[n], gd = new double[n];
            for (int i = 0; i < n; i++) {
                xf[i] = Math.copySign(2 + Math.abs(xf[i]) * 17 / 19, xf[i]);
                xd[i] = Math.copySign(2 + Math.abs(xd[i]) * 36 / 38, xd[i]);
            }
            REF.floats().unary(op, xf, wf, n);
            simd.floats().unary(op, xf, gf, n);
            float[] go = floats(n, 14, 0.5, 1), bf = new float[n], bf2 = new float[n];
            REF.floats().unaryBackward(op, xf, wf, go, bf, n);
            simd.floats().unaryBackward(op, xf, wf, go, bf2, n);
            REF.doubles().unary(op, xd, wd, n);
            simd.doubles().unary(op, xd, gd, n);
            double[] god = doubles(n, 14, 0.5, 1), bd = new double[n], bd2 = new double[n];
            REF.doubles().unaryBackward(op, xd, wd, god, bd, n);
            simd.doubles().unaryBackward(op, xd, wd, god, bd2, n);
            for (int i = 0; i < n; i++) {
                double moreF = op == UnaryOp.GELU_TANH ? 16 * Math.abs(geluTanhExponent(xf[i])) * 0x1p-24 : 0;
                double moreD = op == UnaryOp.GELU_TANH ? 16 * Math.abs(geluTanhExponent(xd[i])) * 0x1p-53 : 0;
                relative(wf[i], gf[i], 4e-6 + moreF, Float.MIN_NORMAL, op + " float at " + xf[i]);
                relative(bf[i], bf2[i], 4e-6 + moreF, Float.MIN_NORMAL, op + "' float at " + xf[i]);
                relative(wd[i], gd[i], 4e-14 + moreD, Double.MIN_NORMAL, op + " double at " + xd[i]);
                relative(bd[i], bd2[i], 4e-14 + moreD, Double.MIN_NORMAL, op + "' double at " + xd[i]);
            }
        }
    }

    /**
     * tanh at every scale, 1e-30 to 30 and both signs: relatively within 4 ulps of java.lang.Math
     * (an absolute tolerance would pass anything near 0, where tanh x ≈ x), and its edges exactly:
     * ±0 keep their sign, ±∞ give ±1, NaN stays NaN. Whole vectors, so every value takes the vector path.
     */
    @Test
    void tanhKeepsRelativePrecisionAtEveryScaleAndItsEdges() {
        int n = 64 * SimdKernels.floatLanes();
        float[] xf = new float[n], gf = new float[n];
        double[] xd = new double[n], gd = new double[n];
        SplittableRandom r = new SplittableRandom(21);
        for (int i = 0; i < n; i++) {
            double x = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -30 + 31.5 * r.nextDouble());
            xf[i] = (float) x;
            xd[i] = x;
        }
        double[] edges = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 20, -20, 19.06, 9.01,
                -9.01, 1e-300, -Double.MIN_VALUE};
        for (int e = 0; e < edges.length; e++) {
            xd[3 * e] = edges[e];
            xf[3 * e] = (float) edges[e];
        }
        simd.floats().unary(UnaryOp.TANH, xf, gf, n);
        simd.doubles().unary(UnaryOp.TANH, xd, gd, n);
        for (int i = 0; i < n; i++) {
            float wantF = (float) Math.tanh(xf[i]);
            double wantD = Math.tanh(xd[i]);
            if (wantF == 0 || Float.isNaN(wantF) || Math.abs(wantF) == 1) {
                assertEquals(wantF, gf[i], "tanh(" + xf[i] + "f)");    // bit for bit: the sign of 0 counts
            } else {
                relative(wantF, gf[i], 4 * 0x1p-24, Float.MIN_NORMAL, "tanh float at " + xf[i]);
            }
            if (wantD == 0 || Double.isNaN(wantD) || Math.abs(wantD) == 1) {
                assertEquals(wantD, gd[i], "tanh(" + xd[i] + ")");
            } else {
                relative(wantD, gd[i], 4 * 0x1p-53, Double.MIN_NORMAL, "tanh double at " + xd[i]);
            }
        }
    }

    /** GELU_TANH's exponent w = 2√(2/π)(x + 0.044715x³). */
    private static double geluTanhExponent(double x) { return 2 * 0.79788456080286535588 * (x + 0.044715 * x * x * x); }

    private static void relative(double want, double got, double rel, double floor, String what) {
        if (!(Math.abs(want - got) <= rel * Math.max(Math.abs(want), floor / rel))) {  // a NaN from simd fails
            fail(what + ": scalar " + want + ", simd " + got);
        }
    }

    @Test
    void newActivationsKeepNaNInTheirGradients() {
        int n = 2 * SimdKernels.floatLanes() + 3;
        for (UnaryOp op : new UnaryOp[]{UnaryOp.LEAKY_RELU, UnaryOp.ELU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU,
                UnaryOp.SOFTPLUS}) {
            float[] x = new float[n], g = new float[n], out = new float[n];
            java.util.Arrays.fill(x, Float.NaN);
            java.util.Arrays.fill(g, 1f);
            simd.floats().unaryBackward(op, x, x, g, out, n);
            for (int i = 0; i < n; i++) assertTrue(Float.isNaN(out[i]), op + "' hid a NaN at " + i);
            double[] xd = new double[n], gd = new double[n], outd = new double[n];
            java.util.Arrays.fill(xd, Double.NaN);
            java.util.Arrays.fill(gd, 1);
            simd.doubles().unaryBackward(op, xd, xd, gd, outd, n);
            for (int i = 0; i < n; i++) assertTrue(Double.isNaN(outd[i]), op + "' hid a NaN at " + i);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void reductions(int n) {
        float[] af = floats(n, 9, -1, 1), bf = floats(n, 10, -1, 1);
        double[] ad = doubles(n, 9, -1, 1), bd = doubles(n, 10, -1, 1);
        // A reassociated sum of n terms errs by at most about n * eps * sum|term|.
        double absF = 0, absD = 0, sqF = 0, sqD = 0;
        for (int i = 0; i < n; i++) {
            absF += Math.abs(af[i]) + Math.abs(af[i] * bf[i]);
            absD += Math.abs(ad[i]) + Math.abs(ad[i] * bd[i]);
            sqF += af[i] * af[i];
            sqD += ad[i] * ad[i];
        }
        double tf = Math.max(1, n) * 1.2e-7 * Math.max(1, absF), td = Math.max(1, n) * 2.3e-16 * Math.max(1, absD);
        assertEquals(REF.floats().sum(af, n), simd.floats().sum(af, n), tf, "sum float");
        assertEquals(REF.doubles().sum(ad, n), simd.doubles().sum(ad, n), td, "sum double");
        assertEquals(REF.floats().dot(af, bf, n), simd.floats().dot(af, bf, n), tf, "dot float");
        assertEquals(REF.doubles().dot(ad, bd, n), simd.doubles().dot(ad, bd, n), td, "dot double");
        assertEquals(REF.floats().sumOfSquares(af, n), simd.floats().sumOfSquares(af, n), Math.max(1, n) * 1.2e-7 * Math.max(1, sqF), "sumsq float");
        assertEquals(REF.doubles().sumOfSquares(ad, n), simd.doubles().sumOfSquares(ad, n), Math.max(1, n) * 2.3e-16 * Math.max(1, sqD), "sumsq double");
    }

    /**
     * Column sums add each column row by row in both backends, whatever the width (vector
     * lanes reading across rows where rows are narrower than a vector), so they agree exactly.
     */
    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void columnSumsOverManyRowsAreExact(int cols) {
        for (int rows : new int[]{1, 2, 37}) {
            float[] af = floats(rows * cols, 12, -30, 30), wf = new float[cols], gf = new float[cols];
            REF.floats().sumRows(af, rows, cols, wf);
            simd.floats().sumRows(af, rows, cols, gf);
            assertArrayEquals(wf, gf, "sumRows float " + rows + " x " + cols);
            double[] ad = doubles(rows * cols, 12, -30, 30), wd = new double[cols], gd = new double[cols];
            REF.doubles().sumRows(ad, rows, cols, wd);
            simd.doubles().sumRows(ad, rows, cols, gd);
            assertArrayEquals(wd, gd, "sumRows double " + rows + " x " + cols);
        }
    }

    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void rowAndColumnReductionsAndSoftmax(int cols) {
        int rows = 5;
        if (cols == 0) return; // softmax and max need non-empty rows; sums of empty rows below
        float[] af = floats(rows * cols, 11, -30, 30);
        double[] ad = doubles(rows * cols, 11, -30, 30);
        double tf = cols * 30 * 1.2e-7 * rows, td = cols * 30 * 2.3e-16 * rows;

        float[] wf = new float[cols], gf = new float[cols];
        REF.floats().sumRows(af, rows, cols, wf);
        simd.floats().sumRows(af, rows, cols, gf);
        close(wf, gf, tf, "sumRows float");
        double[] wd = new double[cols], gd = new double[cols];
        REF.doubles().sumRows(ad, rows, cols, wd);
        simd.doubles().sumRows(ad, rows, cols, gd);
        close(wd, gd, td, "sumRows double");

        float[] rf = new float[rows], rf2 = new float[rows];
        REF.floats().sumCols(af, rows, cols, rf);
        simd.floats().sumCols(af, rows, cols, rf2);
        close(rf, rf2, tf, "sumCols float");
        double[] rd = new double[rows], rd2 = new double[rows];
        REF.doubles().sumCols(ad, rows, cols, rd);
        simd.doubles().sumCols(ad, rows, cols, rd2);
        close(rd, rd2, td, "sumCols double");

        REF.floats().maxCols(af, rows, cols, rf);
        simd.floats().maxCols(af, rows, cols, rf2);
        assertArrayEquals(rf, rf2, "maxCols float");
        int[] ia = new int[rows], ib = new int[rows];
        REF.doubles().argmaxCols(ad, rows, cols, ia);
        simd.doubles().argmaxCols(ad, rows, cols, ib);
        assertArrayEquals(ia, ib, "argmax double");

        float[] sf = new float[rows * cols], sf2 = new float[rows * cols];
        REF.floats().softmaxRows(af, rows, cols, sf);
        simd.floats().softmaxRows(af, rows, cols, sf2);
        close(sf, sf2, 1e-6, "softmax float");
        double[] sd = new double[rows * cols], sd2 = new double[rows * cols];
        REF.doubles().softmaxRows(ad, rows, cols, sd);
        simd.doubles().softmaxRows(ad, rows, cols, sd2);
        close(sd, sd2, 1e-14, "softmax double");

        REF.floats().logSoftmaxRows(af, rows, cols, sf);
        simd.floats().logSoftmaxRows(af, rows, cols, sf2);
        close(sf, sf2, 2e-6, "logSoftmax float");
        REF.doubles().logSoftmaxRows(ad, rows, cols, sd);
        simd.doubles().logSoftmaxRows(ad, rows, cols, sd2);
        close(sd, sd2, 1e-14, "logSoftmax double");
    }

    /**
     * Rows narrower than a vector go a vector of rows at a time, the rows left over one by one:
     * every row gets the bits it gets alone, in place or not, with a NaN, an infinity and a
     * row of equal values among them, and stays close to the scalar reference.
     */
    @Test
    void narrowSoftmaxGivesEachRowTheBitsItGetsAlone() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        for (int cols : new int[] {1, 3, 10, lanes - 1}) {
            int rows = 2 * lanes + 3;
            float[] x = floats(rows * cols, 21 + cols, -30, 30);
            x[lanes * cols + cols / 2] = Float.NaN;
            x[(lanes + 1) * cols] = Float.POSITIVE_INFINITY;
            java.util.Arrays.fill(x, 2 * cols, 3 * cols, 7f);
            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) xd[i] = x[i];
            for (boolean log : new boolean[] {false, true}) {
                String what = (log ? "logSoftmax" : "softmax") + " of " + rows + " x " + cols;
                float[] all = new float[x.length], inPlace = x.clone(), ref = new float[x.length];
                double[] allD = new double[x.length], inPlaceD = xd.clone(), refD = new double[x.length];
                softmax(simd.floats(), log, x, rows, cols, all);
                softmax(simd.floats(), log, inPlace, rows, cols, inPlace);
                softmax(REF.floats(), log, x, rows, cols, ref);
                softmax(simd.doubles(), log, xd, rows, cols, allD);
                softmax(simd.doubles(), log, inPlaceD, rows, cols, inPlaceD);
                softmax(REF.doubles(), log, xd, rows, cols, refD);
                assertArrayEquals(all, inPlace, what + " in place, float");
                assertArrayEquals(allD, inPlaceD, what + " in place, double");
                for (int r = 0; r < rows; r++) {
                    float[] one = java.util.Arrays.copyOfRange(x, r * cols, (r + 1) * cols);
                    double[] oneD = java.util.Arrays.copyOfRange(xd, r * cols, (r + 1) * cols);
                    softmax(simd.floats(), log, one, 1, cols, one);
                    softmax(simd.doubles(), log, oneD, 1, cols, oneD);
                    assertArrayEquals(one, java.util.Arrays.copyOfRange(all, r * cols, (r + 1) * cols), what + ", row " + r);
                    assertArrayEquals(oneD, java.util.Arrays.copyOfRange(allD, r * cols, (r + 1) * cols),
                            what + ", row " + r + ", double");
                }
                close(ref, all, 2e-6, what + ", float");
                close(refD, allD, 1e-14, what + ", double");
            }
        }
    }

    private static void softmax(FloatKernels k, boolean log, float[] x, int rows, int cols, float[] out) {
        if (log) k.logSoftmaxRows(x, rows, cols, out); else k.softmaxRows(x, rows, cols, out);
    }

    private static void softmax(DoubleKernels k, boolean log, double[] x, int rows, int cols, double[] out) {
        if (log) k.logSoftmaxRows(x, rows, cols, out); else k.softmaxRows(x, rows, cols, out);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void clipAndFill(int n) {
        float[] af = floats(n, 12, -3, 3), wf = new float[n], gf = new float[n];
        if (n > 2) af[n / 2] = Float.NaN;
        REF.floats().clip(af, -1f, 1f, wf, n);
        simd.floats().clip(af, -1f, 1f, gf, n);
        assertArrayEquals(wf, gf, "clip float");
        double[] ad = doubles(n, 12, -3, 3), wd = new double[n], gd = new double[n];
        if (n > 2) ad[n / 2] = Double.NaN;
        REF.doubles().clip(ad, -1, 1, wd, n);
        simd.doubles().clip(ad, -1, 1, gd, n);
        assertArrayEquals(wd, gd, "clip double");
        simd.doubles().fill(gd, 2.5, n);
        for (double v : gd) assertEquals(2.5, v);
    }

    @Test
    void nanPropagatesThroughEveryUnaryOp() {
        int n = 2 * SimdKernels.floatLanes() + 3;
        for (UnaryOp op : UnaryOp.values()) {
            float[] x = new float[n];
            java.util.Arrays.fill(x, Float.NaN);
            float[] out = new float[n];
            simd.floats().unary(op, x, out, n);
            for (int i = 0; i < n; i++) assertTrue(Float.isNaN(out[i]), op + " hid a NaN at " + i);
            double[] xd = new double[n];
            java.util.Arrays.fill(xd, Double.NaN);
            double[] outd = new double[n];
            simd.doubles().unary(op, xd, outd, n);
            for (int i = 0; i < n; i++) assertTrue(Double.isNaN(outd[i]), op + " hid a NaN at " + i);
        }
    }

    /** Gathered rows are copies, exact in both backends, for any row width and count (groups of four and the rest). */
    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void gatherRowsCopiesTheRowsNamed(int cols) {
        int rows = 37;
        float[] src = floats(rows * cols, 31, -1, 1);
        double[] srcd = doubles(rows * cols, 32, -1, 1);
        int[] order = new SplittableRandom(33).ints(60, 0, rows).toArray();
        for (int count : new int[] {0, 1, 3, 4, 5, 9, 33}) {
            float[] wf = new float[count * cols], gf = new float[count * cols];
            REF.floats().gatherRows(src, cols, order, 7, count, wf);
            simd.floats().gatherRows(src, cols, order, 7, count, gf);
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < cols; c++) assertEquals(src[order[7 + i] * cols + c], wf[i * cols + c]);
            }
            assertArrayEquals(wf, gf, "float, " + count + " rows");
            double[] wd = new double[count * cols], gd = new double[count * cols];
            REF.doubles().gatherRows(srcd, cols, order, 7, count, wd);
            simd.doubles().gatherRows(srcd, cols, order, 7, count, gd);
            assertArrayEquals(wd, gd, "double, " + count + " rows");
        }
    }

    /**
     * Large gathers and Adam steps split across the kernel threads: the same bits on one, two
     * and three threads, with sizes that leave partial vectors and uneven chunks.
     */
    @Test
    void splitElementwiseKernelsGiveTheSameBitsOnAnyThreadCount() {
        int n = 3 * SimdFloatKernels.ELEMENTWISE_TASK + 2 * SimdKernels.floatLanes() + 5;
        float[][] first = null;
        for (int threads : new int[] {1, 2, 3}) {
            float[] t = floats(n, 41, -1, 1), g = floats(n, 42, -1, 1), m = floats(n, 43, -0.1, 0.1);
            float[] v = floats(n, 44, 0, 0.01);
            int cols = 997, rows = n / cols + 1;
            float[] src = floats(rows * cols, 45, -1, 1);
            int[] order = new SplittableRandom(46).ints(rows, 0, rows).toArray();
            float[] gathered = new float[rows * cols];
            io.nnlab.tensor.Parallelism.withThreads(threads, () -> {
                simd.floats().adam(t, g, m, v, n, 0.1f, 0.001f, 0.01f, 1e-7f);
                simd.floats().gatherRows(src, cols, order, 0, rows, gathered);
            });
            float[][] now = {t, m, v, gathered};
            if (first == null) first = now;
            else for (int a = 0; a < now.length; a++) assertArrayEquals(first[a], now[a], "array " + a + " on " + threads + " threads");
        }
        float[] t = floats(n, 41, -1, 1), g = floats(n, 42, -1, 1), m = floats(n, 43, -0.1, 0.1), v = floats(n, 44, 0, 0.01);
        REF.floats().adam(t, g, m, v, n, 0.1f, 0.001f, 0.01f, 1e-7f);
        for (int i = 0; i < n; i++) assertEquals(t[i], first[0][i], 1e-6f, "theta against the reference at " + i);
    }
}
