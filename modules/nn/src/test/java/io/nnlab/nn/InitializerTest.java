package io.nnlab.nn;

import io.nnlab.nn.initializers.Constant;
import io.nnlab.nn.initializers.GlorotNormal;
import io.nnlab.nn.initializers.GlorotUniform;
import io.nnlab.nn.initializers.HeNormal;
import io.nnlab.nn.initializers.HeUniform;
import io.nnlab.nn.initializers.Initializer;
import io.nnlab.nn.initializers.LecunNormal;
import io.nnlab.nn.initializers.LecunUniform;
import io.nnlab.nn.initializers.RandomNormal;
import io.nnlab.nn.initializers.RandomUniform;
import io.nnlab.nn.initializers.StandardNormal;
import io.nnlab.nn.initializers.Zeros;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each initialiser's range or moments, fans as Keras computes them, and seeding. */
class InitializerTest {
    static final int IN = 300, OUT = 200;

    static SummaryStatistics draw(Initializer init, long seed) {
        Tensor w = Tensor.zeros(DType.FLOAT64, IN, OUT);
        init.initialize(w, new Rng(seed));
        SummaryStatistics s = new SummaryStatistics();
        for (int i = 0; i < w.size(); i++) s.addValue(w.getFlat(i));
        return s;
    }

    static void assertUniform(Initializer init, double limit) {
        SummaryStatistics s = draw(init, 1);
        assertTrue(s.getMin() >= -limit && s.getMax() < limit, init + ": outside ±" + limit);
        assertTrue(s.getMax() > 0.99 * limit && s.getMin() < -0.99 * limit, init + ": does not fill ±" + limit);
        assertEquals(limit / Math.sqrt(3), s.getStandardDeviation(), 0.01 * limit, init.toString());
    }

    @Test
    void uniformFamilies() {
        assertUniform(new RandomUniform(), 0.05);
        assertUniform(new LecunUniform(), Math.sqrt(3.0 / IN));
        assertUniform(new GlorotUniform(), Math.sqrt(6.0 / (IN + OUT)));
        assertUniform(new HeUniform(), Math.sqrt(6.0 / IN));
        SummaryStatistics s = draw(new RandomUniform(2, 5), 1);
        assertTrue(s.getMin() >= 2 && s.getMax() < 5);
    }

    @Test
    void normalFamilies() {
        SummaryStatistics s = draw(new StandardNormal(), 1);
        assertEquals(0, s.getMean(), 0.01);
        assertEquals(1, s.getStandardDeviation(), 0.01);
        s = draw(new RandomNormal(0.3), 1);
        assertEquals(0.3, s.getStandardDeviation(), 0.003);
        s = draw(new RandomNormal(2, 0.5), 1);
        assertEquals(2, s.getMean(), 0.005);
    }

    /**
     * Keras' VarianceScaling with a truncated normal (HeNormal, GlorotNormal, LecunNormal): σ² = scale / n
     * (n = fanIn, or (fanIn + fanOut) / 2 for Glorot), the normal drawn with σ / 0.87962566103423978 and
     * truncated at two of that σ. 0.8796... is the standard deviation of a standard normal truncated to
     * [-2, 2], sqrt(1 - 4φ(2) / (Φ(2) - Φ(-2))), recomputed here from commons-math3. The draws must
     * then follow that truncated distribution: variance σ², nothing beyond the bound, and a
     * Kolmogorov-Smirnov distance to its CDF below the 0.1 % critical value 1.95 / sqrt(n).
     */
    @Test
    void truncatedNormalFamiliesAsKeras() {
        NormalDistribution n01 = new NormalDistribution(0, 1);
        double mass = n01.cumulativeProbability(2) - n01.cumulativeProbability(-2);
        double truncatedStd = Math.sqrt(1 - 4 * n01.density(2) / mass);
        assertEquals(0.87962566103423978, truncatedStd, 1e-15);
        assertEquals(truncatedStd, Initializer.TRUNCATED_STDDEV, 1e-16);

        Map<Initializer, Double> variance = Map.of(
                new HeNormal(), 2.0 / IN,
                new GlorotNormal(), 2.0 / (IN + OUT),
                new LecunNormal(), 1.0 / IN);
        for (Map.Entry<Initializer, Double> e : variance.entrySet()) {
            Tensor w = Tensor.zeros(DType.FLOAT64, IN, OUT);
            e.getKey().initialize(w, new Rng(1));
            double[] v = w.toDoubleArray();
            double std = Math.sqrt(e.getValue()), wide = std / truncatedStd;
            SummaryStatistics s = new SummaryStatistics();
            for (double x : v) s.addValue(x);
            assertEquals(std, s.getStandardDeviation(), 0.01 * std, e.getKey() + ": variance");
            assertEquals(0, s.getMean(), 0.01 * std, e.getKey() + ": mean");
            assertTrue(s.getMax() <= 2 * wide && s.getMin() >= -2 * wide, e.getKey() + ": truncated at two σ");
            assertTrue(s.getMax() > 1.99 * wide, e.getKey() + ": reaches the bound");
            double ks = ksDistance(v, wide, n01, mass);
            assertTrue(ks < 1.95 / Math.sqrt(v.length), e.getKey() + ": Kolmogorov-Smirnov distance " + ks);
        }
        // A plain (untruncated) normal of the same variance fails that test: the check tells them apart.
        double sigma = Math.sqrt(1.0 / IN);
        Tensor plain = Tensor.zeros(DType.FLOAT64, IN, OUT);
        new RandomNormal(sigma).initialize(plain, new Rng(1));
        double[] p = plain.toDoubleArray();
        assertTrue(Arrays.stream(p).anyMatch(x -> Math.abs(x) > 2 * sigma / truncatedStd));
        double plainKs = ksDistance(p, sigma / truncatedStd, n01, mass);
        assertTrue(plainKs > 1.95 / Math.sqrt(p.length), "plain normal: Kolmogorov-Smirnov distance " + plainKs);
    }

    /** The Kolmogorov-Smirnov distance of the draws to a normal of scale wide truncated at ±2·wide. */
    private static double ksDistance(double[] draws, double wide, NormalDistribution n01, double mass) {
        double[] v = draws.clone();
        Arrays.sort(v);
        double ks = 0;
        for (int i = 0; i < v.length; i++) {
            double cdf = (n01.cumulativeProbability(v[i] / wide) - n01.cumulativeProbability(-2)) / mass;
            ks = Math.max(ks, Math.max(Math.abs(cdf - (double) i / v.length), Math.abs(cdf - (i + 1.0) / v.length)));
        }
        return ks;
    }

    @Test
    void constants() {
        assertEquals(0, draw(new Zeros(), 1).getMax());
        SummaryStatistics s = draw(new Constant(0.7), 1);
        assertEquals(0.7, s.getMin());
        assertEquals(0.7, s.getMax());
    }

    @Test
    void fansFollowKeras() {
        assertEquals(784, Initializer.fanIn(new int[]{784, 100}));
        assertEquals(100, Initializer.fanOut(new int[]{784, 100}));
        assertEquals(10, Initializer.fanIn(new int[]{10}));
        assertEquals(10, Initializer.fanOut(new int[]{10}));
        assertEquals(3 * 3 * 16, Initializer.fanIn(new int[]{3, 3, 16, 32}));
        assertEquals(3 * 3 * 32, Initializer.fanOut(new int[]{3, 3, 16, 32}));
    }

    @Test
    void seeded() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 4, 5), b = Tensor.zeros(DType.FLOAT32, 4, 5);
        new GlorotUniform().initialize(a, new Rng(3));
        new GlorotUniform().initialize(b, new Rng(3));
        assertTrue(a.bitEquals(b));
        new GlorotUniform().initialize(b, new Rng(4));
        assertFalse(a.bitEquals(b));
    }
}
