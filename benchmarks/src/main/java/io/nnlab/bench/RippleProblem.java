package io.nnlab.bench;

import io.nnlab.data.Scaling;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.initializers.RandomUniform;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * t1's rippled line and its 1-10-1 tanh network, as the experiments module sets them up (the
 * benchmarks do not depend on that module, so the few lines are repeated here). 100 inputs x,
 * linspace(0, 1) standardised; {@link #ripple} is 20x + N(0, 1) standardised plus 0.5 sin(4x),
 * the target of the steepest-descent fit; {@link #rippleShifted} is the same drawn on x + 2, the
 * target t1's BFGS cell fits against the unshifted x. Every draw flows from the seed.
 */
final class RippleProblem {
    static final int SAMPLES = 100;
    static final int HIDDEN = 10;

    final Tensor x;
    final Tensor ripple;
    final Tensor rippleShifted;
    private final long weightSeed;

    private RippleProblem(Tensor x, Tensor ripple, Tensor rippleShifted, long weightSeed) {
        this.x = x;
        this.ripple = ripple;
        this.rippleShifted = rippleShifted;
        this.weightSeed = weightSeed;
    }

    /** The data and starting weights drawn from {@code seed}, in float64. */
    static RippleProblem generate(long seed) {
        Rng root = new Rng(seed);
        Rng noise = root.split();
        Tensor x = Tensor.linspace(DType.FLOAT64, 0, 1, SAMPLES).reshape(SAMPLES, 1);
        Scaling.standardize(x).applyInPlace(x);
        Tensor g = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
        Tensor gShifted = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
        for (int i = 0; i < SAMPLES; i++) g.setFlat(i, 20 * x.getFlat(i) + noise.nextGaussian());
        for (int i = 0; i < SAMPLES; i++) gShifted.setFlat(i, 20 * (x.getFlat(i) + 2) + noise.nextGaussian());
        Tensor ripple = rippleOf(g, x, 0);
        Tensor rippleShifted = rippleOf(gShifted, x, 2);
        return new RippleProblem(x, ripple, rippleShifted, root.split().nextLong());
    }

    /** g + 0.5 sin(4 (x + shift)), shifted and scaled by g's own mean and deviation. */
    private static Tensor rippleOf(Tensor g, Tensor x, double shift) {
        Tensor r = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
        for (int i = 0; i < SAMPLES; i++) r.setFlat(i, g.getFlat(i) + 0.5 * Math.sin(4 * (x.getFlat(i) + shift)));
        Scaling.standardize(g).applyInPlace(r);
        return r;
    }

    /**
     * The 1-10-1 tanh network with t1's starting weights: uniform in ±√(3 / (fanIn + 1)), the bias
     * drawn with the kernel, as the tutorial's weight matrices with a bias row are.
     */
    Sequential network(DType dtype) {
        Dense hidden = new Dense(HIDDEN, Activation.TANH).kernelInitializer(init(1)).biasInitializer(init(1));
        Dense output = new Dense(1).kernelInitializer(init(HIDDEN)).biasInitializer(init(HIDDEN));
        return Sequential.builder().input(1).add(hidden).add(output).build(dtype, weightSeed);
    }

    private static RandomUniform init(int fanIn) {
        double limit = Math.sqrt(3.0 / (fanIn + 1));
        return new RandomUniform(-limit, limit);
    }

    static MeanSquaredError loss() {
        return new MeanSquaredError();
    }
}
