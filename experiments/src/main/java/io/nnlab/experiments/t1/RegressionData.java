package io.nnlab.experiments.t1;

import io.nnlab.data.Scaling;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * The notebook's data, all [100, 1] columns in float64, drawn from one seed.
 *
 * <ul>
 *   <li>{@code x}: linspace(0, 1, 100), standardised (mean 0, population standard deviation 1);</li>
 *   <li>{@code g = 20x + N(0, 1)}, standardised;</li>
 *   <li>{@code curved = 10x² + N(0, 1)}, standardised;</li>
 *   <li>{@code ripple = g + 0.5 sin(4x)}, shifted and scaled by g's own mean and deviation (as the
 *       notebook does, so it is not exactly standardised itself);</li>
 *   <li>{@code xShifted = x + 2} and {@code rippleShifted}: the SGD cell redraws g on the shifted
 *       inputs, {@code 20·xShifted + N(0, 1)} standardised, and its ripple from that g the same way.
 *       The notebook's BFGS cell, run after it, fits this ripple against the unshifted x.</li>
 * </ul>
 *
 * <p>Each use of randomness has its own stream, split from the seed in a fixed order: the noise of
 * the three targets, then the starting weights of each network ({@link #weightSeed}).
 */
final class RegressionData {
    static final int SAMPLES = 100;

    /** Which network's starting weights a stream draws. */
    enum Start { QUADRATIC, RIPPLE, SGD, BFGS }

    final Tensor x;
    final Tensor g;
    final Tensor curved;
    final Tensor ripple;
    final Tensor xShifted;
    final Tensor rippleShifted;

    private RegressionData(Tensor x, Tensor g, Tensor curved, Tensor ripple, Tensor xShifted, Tensor rippleShifted) {
        this.x = x;
        this.g = g;
        this.curved = curved;
        this.ripple = ripple;
        this.xShifted = xShifted;
        this.rippleShifted = rippleShifted;
    }

    static RegressionData generate(long seed) {
        Rng noise = stream(seed, 0);
        Tensor x = Tensor.linspace(DType.FLOAT64, 0, 1, SAMPLES).reshape(SAMPLES, 1);
        Scaling.standardize(x).applyInPlace(x);

        Tensor g = standardized(map(x, v -> 20 * v + noise.nextGaussian()));
        Tensor curved = standardized(map(x, v -> 10 * v * v + noise.nextGaussian()));
        Tensor ripple = rippleOf(g, x);

        Tensor xShifted = map(x, v -> v + 2);
        Tensor gShifted = standardized(map(xShifted, v -> 20 * v + noise.nextGaussian()));
        Tensor rippleShifted = rippleOf(gShifted, xShifted);
        return new RegressionData(x, g, curved, ripple, xShifted, rippleShifted);
    }

    /** The seed one network's starting weights are drawn from, for this seed. */
    static long weightSeed(long seed, Start which) {
        return stream(seed, 1 + which.ordinal()).nextLong();
    }

    /** The i-th stream split from the seed. */
    private static Rng stream(long seed, int index) {
        Rng root = new Rng(seed);
        Rng s = root.split();
        for (int i = 0; i < index; i++) s = root.split();
        return s;
    }

    /** g + 0.5 sin(4x), then minus g's mean and divided by g's standard deviation. */
    private static Tensor rippleOf(Tensor g, Tensor x) {
        Tensor r = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
        for (int i = 0; i < SAMPLES; i++) r.setFlat(i, g.getFlat(i) + 0.5 * Math.sin(4 * x.getFlat(i)));
        Scaling.standardize(g).applyInPlace(r);
        return r;
    }

    private static Tensor standardized(Tensor t) {
        Scaling.standardize(t).applyInPlace(t);
        return t;
    }

    private static Tensor map(Tensor t, java.util.function.DoubleUnaryOperator f) {
        Tensor out = Tensor.zeros(DType.FLOAT64, t.shape());
        for (int i = 0; i < t.size(); i++) out.setFlat(i, f.applyAsDouble(t.getFlat(i)));
        return out;
    }
}
