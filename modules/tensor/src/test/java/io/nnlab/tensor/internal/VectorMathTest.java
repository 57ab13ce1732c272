package io.nnlab.tensor.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector exp and expm1 against java.lang.Math: ulps over wide ranges, and the edges exactly.
 * expm1 is defined for x &le; 0 only (tanh and elu call it there).
 */
class VectorMathTest {
    private static final int LF = FloatVector.SPECIES_PREFERRED.length();
    private static final int LD = DoubleVector.SPECIES_PREFERRED.length();

    @Test
    void expAndExpm1AreWithinAFewUlpsOfMath() {
        // Scales from tiny (expm1's series) to the overflow and underflow limits.
        double[] ranges = {1e-8, 0.1, 0.34, 1, 10, 100, 700, 745};
        SplittableRandom r = new SplittableRandom(3);
        double worstExp = 0, worstExpm1 = 0, worstExpF = 0, worstExpm1F = 0;
        for (double range : ranges) {
            for (int it = 0; it < 2000; it++) {
                double[] xd = new double[LD];
                float[] xf = new float[LF];
                for (int i = 0; i < LD; i++) xd[i] = (2 * r.nextDouble() - 1) * range;
                for (int i = 0; i < LF; i++) xf[i] = (float) ((2 * r.nextDouble() - 1) * Math.min(range, 103));
                worstExp = Math.max(worstExp, ulps(xd, v -> DoubleVectorMath.exp(v, false), Math::exp));
                worstExpm1 = Math.max(worstExpm1, ulps(nonPositive(xd), v -> DoubleVectorMath.exp(v, true), Math::expm1));
                worstExpF = Math.max(worstExpF, ulps(xf, v -> FloatVectorMath.exp(v, false), Math::exp));
                worstExpm1F = Math.max(worstExpm1F, ulps(nonPositive(xf), v -> FloatVectorMath.exp(v, true), Math::expm1));
            }
        }
        assertTrue(worstExp <= 2, "exp double: " + worstExp + " ulps");
        assertTrue(worstExpm1 <= 4, "expm1 double: " + worstExpm1 + " ulps");
        assertTrue(worstExpF <= 2, "exp float: " + worstExpF + " ulps");
        assertTrue(worstExpm1F <= 4, "expm1 float: " + worstExpm1F + " ulps");
    }

    @Test
    void edgesMatchMathExactly() {
        double[] xs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 709.78, 709.79, -708.4, -745,
                -746, 0, -0.0, 1e-300, -1e-20, -1000};
        for (double x : xs) {
            assertEquals(Math.exp(x), lane0D(x, v -> DoubleVectorMath.exp(v, false)), "exp(" + x + ")");
            if (!(x > 0)) assertEquals(Math.expm1(x), lane0D(x, v -> DoubleVectorMath.exp(v, true)), "expm1(" + x + ")");
        }
        float[] fs = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72f, 88.73f, -87.3f, -103.9f,
                -104f, 0f, -0f, 1e-30f, -1e-30f, -200f};
        for (float x : fs) {
            assertEquals((float) Math.exp(x), lane0F(x, v -> FloatVectorMath.exp(v, false)), "exp(" + x + "f)");
            if (!(x > 0)) assertEquals((float) Math.expm1(x), lane0F(x, v -> FloatVectorMath.exp(v, true)), "expm1(" + x + "f)");
        }
    }

    @Test
    void laneSumsAddInLaneOrder() {
        float[] v = new float[LF];
        v[0] = 1e8f;
        v[1] = 1f;
        v[2] = -1e8f;
        float want = 0;
        for (float x : v) want += x; // (1e8 + 1) - 1e8 in float is 0: the order shows
        assertEquals(want, FloatVectorMath.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, v, 0)));
    }

    private static double[] nonPositive(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = -Math.abs(x[i]);
        return y;
    }

    private static float[] nonPositive(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = -Math.abs(x[i]);
        return y;
    }

    private static double ulps(double[] x, UnaryOperator<DoubleVector> f, DoubleUnaryOperator ref) {
        double[] got = new double[x.length];
        f.apply(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, 0)).intoArray(got, 0);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double want = ref.applyAsDouble(x[i]);
            if (Math.abs(want) < Double.MIN_NORMAL || Double.isInfinite(want)) continue; // the edges test covers these
            worst = Math.max(worst, Math.abs(got[i] - want) / Math.ulp(want));
        }
        return worst;
    }

    private static double ulps(float[] x, UnaryOperator<FloatVector> f, DoubleUnaryOperator ref) {
        float[] got = new float[x.length];
        f.apply(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(got, 0);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            float want = (float) ref.applyAsDouble(x[i]);
            if (Math.abs(want) < Float.MIN_NORMAL || Float.isInfinite(want)) continue;
            worst = Math.max(worst, Math.abs(got[i] - want) / Math.ulp(want));
        }
        return worst;
    }

    private static double lane0D(double x, UnaryOperator<DoubleVector> f) {
        return f.apply(DoubleVector.broadcast(DoubleVector.SPECIES_PREFERRED, x)).lane(0);
    }

    private static float lane0F(float x, UnaryOperator<FloatVector> f) {
        return f.apply(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x)).lane(0);
    }
}
