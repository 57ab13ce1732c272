package io.nnlab.nn;

import io.nnlab.nn.initializers.Constant;
import io.nnlab.nn.initializers.GlorotUniform;
import io.nnlab.nn.initializers.HeNormal;
import io.nnlab.nn.initializers.HeUniform;
import io.nnlab.nn.initializers.Initializer;
import io.nnlab.nn.initializers.LecunUniform;
import io.nnlab.nn.initializers.RandomNormal;
import io.nnlab.nn.initializers.RandomUniform;
import io.nnlab.nn.initializers.StandardNormal;
import io.nnlab.nn.initializers.Zeros;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

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
        s = draw(new HeNormal(), 1);
        double std = Math.sqrt(2.0 / IN);
        assertEquals(std, s.getStandardDeviation(), 0.01 * std, "truncated, yet variance 2 / fanIn");
        assertTrue(s.getMax() <= 2 * std / 0.87962566103423978 + 1e-12, "truncated at two of its σ");
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
