package io.nnlab.tensor.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, expm1 and lane sums on vectors, written with adds, multiplies and FMAs only, so that every
 * lane's result is fixed by IEEE arithmetic.
 *
 * <p>The Vector API's own EXP, EXPM1 and floating-point {@code reduceLanes(ADD)} may answer
 * differently before and after C2 compiles a loop (an intrinsic stub in compiled code, per-lane
 * java.lang.Math or another summation order when interpreted), so the same run would change its
 * last bits once the JIT warms up. These forms give the same bits in both, which is what makes a
 * seeded SIMD run reproducible.
 *
 * <p>exp reduces x = k·ln2 + r with |r| ≤ ln2/2 (Cody and Waite's two-part ln2), takes the Taylor
 * series of e^r - 1 (degree 8 in float, 14 in double: truncation below half an ulp) and scales by
 * 2^k built in the exponent bits, as two factors so that results near overflow and in the
 * subnormal range come out right. Errors are a few ulps against java.lang.Math.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    // float: exp(x) is 0 below -104 and infinite above 89 (after rounding), so clamping there is exact.
    private static final float F_LO = -104f, F_HI = 89f;
    private static final float F_LOG2E = 1.44269504f;
    private static final float F_LN2_HI = 0.693359375f, F_LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float F_MAGIC = 12582912f;
    private static final int F_MAGIC_BITS = Float.floatToRawIntBits(F_MAGIC);

    private static final double D_LO = -746, D_HI = 710;
    private static final double D_LOG2E = 1.4426950408889634;
    private static final double D_LN2_HI = 6.93147180369123816490e-01, D_LN2_LO = 1.90821492927058770002e-10;
    private static final double D_MAGIC = 6755399441055744.0; // 1.5·2^52
    private static final long D_MAGIC_BITS = Double.doubleToRawLongBits(D_MAGIC);

    /**
     * e^x, or e^x - 1 with full relative precision near 0 (where tanh needs it) when minusOne.
     * With x = k·ln2 + r and q = e^r - 1 from its series: e^x = 2^k (1 + q), and
     * e^x - 1 = 2^k q + (2^k - 1), which for k = 0 is q itself.
     *
     * <p>No wrappers for exp and expm1 apart: every level of calls counts against C2's inlining
     * depth, and the Vector API's own broadcasts already need most of it.
     */
    static FloatVector exp(FloatVector x, boolean minusOne) {
        FloatVector c = x.blend(F_HI, x.compare(VectorOperators.GT, F_HI)).blend(F_LO, x.lt(F_LO)); // NaN stays
        FloatVector t = c.fma(F_LOG2E, F_MAGIC);
        FloatVector k = t.sub(F_MAGIC);
        FloatVector r = k.fma(FloatVector.broadcast(FS, -F_LN2_HI), c);
        r = k.fma(FloatVector.broadcast(FS, -F_LN2_LO), r);
        FloatVector q = series(r);
        IntVector ki = t.reinterpretAsInts().sub(F_MAGIC_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = ki.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = q.add(1f).mul(s1).mul(s2);
        if (!minusOne) return e;
        // 2^k q + (2^k - 1) where that is exact and 2^k finite; e^x - 1 where the 1 hardly counts.
        FloatVector scale = s1.mul(s2);
        return e.sub(1f).blend(scale.fma(q, scale.sub(1f)), k.abs().lt(24f)).blend(q, k.eq(0f)); // q keeps -0
    }

    static DoubleVector exp(DoubleVector x, boolean minusOne) {
        DoubleVector c = x.blend(D_HI, x.compare(VectorOperators.GT, D_HI)).blend(D_LO, x.lt(D_LO)); // NaN stays
        DoubleVector t = c.fma(D_LOG2E, D_MAGIC);
        DoubleVector k = t.sub(D_MAGIC);
        DoubleVector r = k.fma(DoubleVector.broadcast(DS, -D_LN2_HI), c);
        r = k.fma(DoubleVector.broadcast(DS, -D_LN2_LO), r);
        DoubleVector q = series(r);
        // k splits as k1 + k2 with k1 = round(k / 2), again by the magic constant: AVX2 has no
        // 64-bit arithmetic shift, and both halves stay inside the normal exponent range.
        LongVector ki = t.reinterpretAsLongs().sub(D_MAGIC_BITS);
        LongVector k1 = k.fma(0.5, D_MAGIC).reinterpretAsLongs().sub(D_MAGIC_BITS);
        LongVector k2 = ki.sub(k1);
        DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = k2.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector e = q.add(1.0).mul(s1).mul(s2);
        if (!minusOne) return e;
        // 2^k q + (2^k - 1) where that is exact and 2^k finite; e^x - 1 where the 1 hardly counts.
        DoubleVector scale = s1.mul(s2);
        return e.sub(1.0).blend(scale.fma(q, scale.sub(1.0)), k.abs().lt(53.0)).blend(q, k.eq(0.0)); // q keeps -0
    }

    /*
     * The series is a method of its own to keep exp under C2's inlining limit for hot methods
     * (325 bytes of bytecode): where exp is not inlined, every vector passed to it or returned
     * from it is boxed, an allocation per call.
     */

    /** e^r - 1 for |r| ≤ ln2/2: the Taylor series to degree 8, in Horner form. */
    private static FloatVector series(FloatVector r) {
        FloatVector q = FloatVector.broadcast(FS, 1f / 40320);
        q = q.fma(r, FloatVector.broadcast(FS, 1f / 5040));
        q = q.fma(r, FloatVector.broadcast(FS, 1f / 720));
        q = q.fma(r, FloatVector.broadcast(FS, 1f / 120));
        q = q.fma(r, FloatVector.broadcast(FS, 1f / 24));
        q = q.fma(r, FloatVector.broadcast(FS, 1f / 6));
        q = q.fma(r, FloatVector.broadcast(FS, 0.5f));
        q = q.fma(r, FloatVector.broadcast(FS, 1f));
        return q.mul(r);
    }

    /** e^r - 1 for |r| ≤ ln2/2: the Taylor series to degree 14, in Horner form. */
    private static DoubleVector series(DoubleVector r) {
        DoubleVector q = DoubleVector.broadcast(DS, 1.0 / 87178291200.0); // 1/14!
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 6227020800.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 479001600.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 39916800.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 3628800.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 362880.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 40320.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 5040.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 720.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 120.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 24.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0 / 6.0));
        q = q.fma(r, DoubleVector.broadcast(DS, 0.5));
        q = q.fma(r, DoubleVector.broadcast(DS, 1.0));
        return q.mul(r);
    }

    /** The lanes' sum, added lane 0 first, in the same order compiled or not. */
    static float sum(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < FS.length(); i++) s += v.lane(i);
        return s;
    }

    static double sum(DoubleVector v) {
        double s = v.lane(0);
        for (int i = 1; i < DS.length(); i++) s += v.lane(i);
        return s;
    }
}
