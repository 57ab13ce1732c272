package io.nnlab.tensor.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;   //#float64: import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, expm1, log1p on [0, 1], the normal distribution function and lane sums on float32 vectors,
 * written with adds, multiplies, FMAs and divisions only, so that every lane's result is fixed by
 * IEEE arithmetic.
 *
 * <p>The Vector API's own EXP, EXPM1 and floating-point {@code reduceLanes(ADD)} may answer
 * differently before and after C2 compiles a loop (an intrinsic stub in compiled code, per-lane
 * java.lang.Math or another summation order when interpreted), so the same run would change its
 * last bits once the JIT warms up. These forms give the same bits in both, which is what makes a
 * seeded SIMD run reproducible.
 *
 * <p>exp reduces x = k·ln2 + r with |r| ≤ ln2/2 (Cody and Waite's two-part ln2), takes the Taylor
 * series of e^r - 1 to where truncation falls below half an ulp (degree 8 in single precision, 14
 * in double) and scales by 2^k built in the exponent bits, as two factors so that results near overflow and in the
 * subnormal range come out right. Errors are a few ulps against java.lang.Math.
 *
 * <p>log1p(t) for t in [0, 1] (softplus needs no more) is 2·atanh(s) with s = t / (2 + t) ≤ 1/3, and
 * atanh(s) / s a polynomial in s² fitted by least squares at Chebyshev nodes (degree 4 in single
 * precision, 9 in double; relative error 4e-9 and 5e-17). The normal distribution function Φ is
 * {@link Gauss}'s scheme on vectors, with float32 polynomials of its own (degree 5 and 8, fitted the
 * same way on [0, 0.8] and [0.8, 10], where erfc reaches float32's subnormals; relative error 4e-9
 * and 1.3e-8) and, in float64, Gauss's own coefficients, so that the scalar and vector forms agree.
 */
final class FloatVectorMath {
    private FloatVectorMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    //#if float32
    // exp(x) is 0 below -104 and infinite above 89 (after rounding), so clamping there is exact.
    private static final float LO = -104f, HI = 89f;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    //#else float64
    // private static final double LO = -746, HI = 710;
    // private static final double LOG2E = 1.4426950408889634;
    // private static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    // /** 1.5·2^52: adding it rounds to an integer, which then sits in the low mantissa bits. */
    // private static final double MAGIC = 6755399441055744.0;
    // private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
    //#end

    /** Φ's erf(u)/u in u² and erfc(u)·e^(u²)/t in t = 1/(1 + u/2), lowest degree first; log1p's atanh(s)/s in s². */
    //#if float32
    private static final float[] ERF_SMALL = {1.128379165743194f, -0.3761261138522031f, 0.11283219047857923f,
            -0.02682505567430616f, 0.0050922881449879795f, -0.000657816025740553f};
    private static final float[] ERFC_LARGE = {0.28207568049703646f, 0.2825859836428985f, 0.24142223163103532f,
            0.20977310304523603f, -0.04368842420793923f, 0.30157772688813267f, -0.5043198563971958f,
            0.289504775156075f, -0.05889280456512742f};
    private static final float[] ATANH = {1.0000000039388743f, 0.33333157967540716f, 0.20012426861723684f,
            0.13980709417567627f, 0.14087328630725032f};
    //#else float64
    // private static final double[] ERF_SMALL = Gauss.ERF_SMALL;
    // private static final double[] ERFC_LARGE = Gauss.ERFC_LARGE;
    // private static final double[] ATANH = {1.0, 0.33333333333341464, 0.1999999999760066, 0.142857145598293,
    //         0.11111095244928297, 0.09091434742190317, 0.07681764008993425, 0.06796313734910157,
    //         0.04937216353009925, 0.08896747832144307};
    //#end
    /** Where expm1 is clamped: e^-40 - 1 is -1 in double precision, and 2^-58 still a normal float. */
    private static final float EXPM1_LO = -40f;
    private static final float SPLIT = (float) Gauss.SPLIT;
    private static final float INV_SQRT2 = (float) Gauss.INV_SQRT2;

    /**
     * e^x, or, when minusOne, e^x - 1 for x &le; 0 with full relative precision near 0 (where tanh
     * and elu need it; a lane above 0 then gives an unspecified value, for the caller to blend away).
     * With x = k·ln2 + r and q = e^r - 1 from its series: e^x = 2^k (1 + q), and
     * e^x - 1 = 2^k q + (2^k - 1), which for k = 0 is q itself. Below 0, clamped at -40 (where e^x - 1
     * is -1 to double precision), k lies in [-58, 0]: 2^k is one normal factor and 2^k - 1 is exact
     * wherever it matters.
     *
     * <p>No wrappers for exp and expm1 apart: every level of calls counts against C2's inlining
     * depth, and the Vector API's own broadcasts already need most of it.
     */
    static FloatVector exp(FloatVector x, boolean minusOne) {
        FloatVector c = minusOne ? x.blend(EXPM1_LO, x.lt(EXPM1_LO))
                : x.blend(HI, x.compare(VectorOperators.GT, HI)).blend(LO, x.lt(LO)); // NaN stays
        FloatVector t = c.fma(LOG2E, MAGIC);
        FloatVector k = t.sub(MAGIC);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector q = series(r);
        //#if float32
        IntVector ki = t.reinterpretAsInts().sub(MAGIC_BITS);
        if (minusOne) {
            FloatVector s = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            // x's sign bit changes nothing below 0 but gives -0 for -0, which the reduction made +0.
            IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
            return s.fma(q, s.sub(1f)).reinterpretAsInts().or(sign).reinterpretAsFloats();
        }
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = ki.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        //#else float64
        // LongVector ki = t.reinterpretAsLongs().sub(MAGIC_BITS);
        // if (minusOne) {
        //     DoubleVector s = ki.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        //     LongVector sign = x.reinterpretAsLongs().and(Long.MIN_VALUE);
        //     return s.fma(q, s.sub(1d)).reinterpretAsLongs().or(sign).reinterpretAsDoubles();
        // }
        // // k splits as k1 + k2 with k1 = round(k / 2), again by the magic constant: AVX2 has no
        // // 64-bit arithmetic shift, and both halves stay inside the normal exponent range.
        // LongVector k1 = k.fma(0.5, MAGIC).reinterpretAsLongs().sub(MAGIC_BITS);
        // LongVector k2 = ki.sub(k1);
        // DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        // DoubleVector s2 = k2.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        //#end
        return q.add(1f).mul(s1).mul(s2);
    }

    /*
     * The series is a method of its own to keep exp under C2's inlining limit for hot methods
     * (325 bytes of bytecode): where exp is not inlined, every vector passed to it or returned
     * from it is boxed, an allocation per call.
     */

    /** e^r - 1 for |r| ≤ ln2/2: the Taylor series in Horner form, to where its terms fall below half an ulp. */
    private static FloatVector series(FloatVector r) {
        //#if float32
        FloatVector q = FloatVector.broadcast(S, 1f / 40320);
        //#else float64
        // DoubleVector q = DoubleVector.broadcast(S, 1.0 / 87178291200.0); // 1/14!
        // q = q.fma(r, DoubleVector.broadcast(S, 1.0 / 6227020800.0));
        // q = q.fma(r, DoubleVector.broadcast(S, 1.0 / 479001600.0));
        // q = q.fma(r, DoubleVector.broadcast(S, 1.0 / 39916800.0));
        // q = q.fma(r, DoubleVector.broadcast(S, 1.0 / 3628800.0));
        // q = q.fma(r, DoubleVector.broadcast(S, 1.0 / 362880.0));
        // q = q.fma(r, DoubleVector.broadcast(S, 1.0 / 40320.0));
        //#end
        q = q.fma(r, FloatVector.broadcast(S, 1f / 5040));
        q = q.fma(r, FloatVector.broadcast(S, 1f / 720));
        q = q.fma(r, FloatVector.broadcast(S, 1f / 120));
        q = q.fma(r, FloatVector.broadcast(S, 1f / 24));
        q = q.fma(r, FloatVector.broadcast(S, 1f / 6));
        q = q.fma(r, FloatVector.broadcast(S, 0.5f));
        q = q.fma(r, FloatVector.broadcast(S, 1f));
        return q.mul(r);
    }

    /** log(1 + t) for t in [0, 1]: 2·atanh(s), s = t / (2 + t). */
    static FloatVector log1p(FloatVector t) {
        FloatVector s = t.div(t.add(2f));
        return s.mul(horner(s.mul(s), ATANH)).mul(2f);
    }

    /**
     * e^(-x²/2), with x² taken exactly as hi + lo by an FMA: e^(-hi/2)·(1 - lo/2). A rounded x² would
     * cost up to x² ulps of relative precision in the tails, where Φ and its density are tiny.
     */
    static FloatVector halfSquareExp(FloatVector x) {
        FloatVector hi = x.mul(x);
        FloatVector lo = x.fma(x, hi.neg());
        return exp(hi.mul(-0.5f), false).mul(lo.fma(-0.5f, 1f));
    }

    /**
     * Φ(x), given e = {@link #halfSquareExp}(x): with u = |x|/√2, erf(u) from its polynomial below
     * u = 0.8, and above it erfc(u) = e·t·Q(t); both are computed and the lane's form picked (NaN takes
     * the erfc form and stays NaN).
     */
    static FloatVector normalCdf(FloatVector x, FloatVector e) {
        FloatVector u = x.abs().mul(INV_SQRT2);
        FloatVector erf = u.mul(horner(u.mul(u), ERF_SMALL));
        FloatVector near = erf.blend(erf.neg(), x.lt(0f)).fma(0.5f, 0.5f);           // ½ ± ½ erf(u)
        FloatVector t = FloatVector.broadcast(S, 1f).div(u.fma(0.5f, 1f));
        FloatVector half = e.mul(0.5f).mul(t).mul(horner(t, ERFC_LARGE));            // ½ erfc(u)
        FloatVector far = half.neg().add(1f).blend(half, x.lt(0f));
        return far.blend(near, u.lt(SPLIT));
    }

    /** c[0] + v·(c[1] + v·(...)), in FMAs. */
    private static FloatVector horner(FloatVector v, float[] c) {
        FloatVector q = FloatVector.broadcast(S, c[c.length - 1]);
        for (int i = c.length - 2; i >= 0; i--) q = q.fma(v, FloatVector.broadcast(S, c[i]));
        return q;
    }

    /** The lanes' sum, added lane 0 first, in the same order compiled or not. */
    static float sum(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < S.length(); i++) s += v.lane(i);
        return s;
    }
}
