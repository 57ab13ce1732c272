package io.nnlab.nn.initializers;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * How a layer fills a weight tensor when it is built (Keras' kernel_initializer / bias_initializer).
 *
 * <p>Values are drawn from the given generator in row-major order, so a seed fixes them. Fans
 * follow Keras: a [fanIn, fanOut] kernel; a vector is its own fan in and out; for higher ranks
 * the leading dimensions are a receptive field multiplying the last two.
 */
public interface Initializer {

    void initialize(Tensor weights, Rng rng);

    /** The number of inputs feeding each unit of a weight tensor of this shape. */
    static int fanIn(int[] shape) {
        return switch (shape.length) {
            case 0 -> 1;
            case 1 -> shape[0];
            case 2 -> shape[0];
            default -> shape[shape.length - 2] * receptiveField(shape);
        };
    }

    /** The number of units each input feeds. */
    static int fanOut(int[] shape) {
        return switch (shape.length) {
            case 0 -> 1;
            case 1 -> shape[0];
            case 2 -> shape[1];
            default -> shape[shape.length - 1] * receptiveField(shape);
        };
    }

    private static int receptiveField(int[] shape) {
        int r = 1;
        for (int i = 0; i < shape.length - 2; i++) r *= shape[i];
        return r;
    }

    /** Fills every element with uniform draws from [lo, hi). */
    static void fillUniform(Tensor t, Rng rng, double lo, double hi) {
        for (int i = 0, n = t.size(); i < n; i++) t.setFlat(i, rng.uniform(lo, hi));
    }

    /**
     * The standard deviation of a standard normal truncated to [-2, 2]: Keras' VarianceScaling divides
     * by it so that its truncated draws keep the variance asked for.
     */
    double TRUNCATED_STDDEV = 0.87962566103423978;

    /**
     * Fills every element with draws of variance {@code variance}, as Keras' VarianceScaling with
     * distribution="truncated_normal" makes them: a normal truncated at two standard deviations
     * (draws beyond are redrawn), its σ widened by 1 / {@link #TRUNCATED_STDDEV}.
     */
    static void fillTruncatedNormal(Tensor t, Rng rng, double variance) {
        double stddev = Math.sqrt(variance) / TRUNCATED_STDDEV;
        for (int i = 0, n = t.size(); i < n; i++) {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > 2);
            t.setFlat(i, stddev * z);
        }
    }

    /** Fills every element with normal draws of the given mean and standard deviation. */
    static void fillNormal(Tensor t, Rng rng, double mean, double stddev) {
        for (int i = 0, n = t.size(); i < n; i++) t.setFlat(i, mean + stddev * rng.nextGaussian());
    }
}
