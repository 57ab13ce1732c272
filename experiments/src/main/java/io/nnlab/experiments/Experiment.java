package io.nnlab.experiments;

import io.nnlab.tensor.DType;

/**
 * One tutorial result as a function of (seed, dtype), the backend being the JVM's
 * ({@link io.nnlab.tensor.Backend}); with the same computation before any training, and the bounds
 * a correct run must meet.
 *
 * @param id           the result's id in the tutorials' result list, e.g. "t1.forwardnet-ripple"
 * @param stochastic   whether the seed matters (seed sweeps run only these)
 * @param defaultType  the dtype the tutorial computes in (numpy: float64, Keras: float32)
 * @param defaultSeeds the seeds 1..n the main job runs it over unless {@code -Dnnlab.seeds} says otherwise,
 *                     and the fewest its checks judge: {@link #SWEEP} for a cheap stochastic result, 1 for
 *                     a costly one and for a deterministic one
 * @param exclusive    whether its runs go alone, the pool otherwise idle: a result whose products use every
 *                     core through the kernels' thread team, and whose times are metrics (MNIST)
 * @param body         the computation
 * @param untrained    the same computation without its training (zero epochs or iterations, the weights as
 *                     drawn), reporting the same metrics; null for a result that trains nothing
 * @param check        the bounds a correct result meets, or null when none is declared
 */
public record Experiment(String id, boolean stochastic, DType defaultType, int defaultSeeds, boolean exclusive,
                         Body body, Body untrained, Check check) {

    /** The seeds a cheap stochastic result runs over by default: enough for a median and a 5–95 % range. */
    public static final int SWEEP = 20;

    public Experiment {
        if (defaultSeeds < 1 || (!stochastic && defaultSeeds != 1)) {
            throw new IllegalArgumentException(id + ": default seeds must be >= 1, and 1 for a deterministic result; got "
                    + defaultSeeds);
        }
    }

    /** A result with no untrained form or check yet: {@link #SWEEP} seeds by default when stochastic, else one. */
    public Experiment(String id, boolean stochastic, DType defaultType, Body body) {
        this(id, stochastic, defaultType, stochastic ? SWEEP : 1, false, body, null, null);
    }

    /** The same experiment run over seeds 1..n by default (1 for a costly one). */
    public Experiment withDefaultSeeds(int n) {
        return new Experiment(id, stochastic, defaultType, n, exclusive, body, untrained, check);
    }

    /** The same experiment, its runs going alone on an otherwise idle pool. */
    public Experiment alone() {
        return new Experiment(id, stochastic, defaultType, defaultSeeds, true, body, untrained, check);
    }

    /** The same experiment with its computation before training. */
    public Experiment withUntrained(Body before) {
        return new Experiment(id, stochastic, defaultType, defaultSeeds, exclusive, body, before, check);
    }

    /** The same experiment with the bounds a correct result meets. */
    public Experiment withCheck(Check c) {
        return new Experiment(id, stochastic, defaultType, defaultSeeds, exclusive, body, untrained, c);
    }

    @FunctionalInterface
    public interface Body {
        Result run(long seed, DType dtype) throws Exception;
    }

    /**
     * The bounds a correct result meets, stated on {@link Bounds}. It must accept any result the
     * experiment computes correctly, whatever the seed sweep (one seed or many), dtype or backend, and
     * reject the experiment's untrained result; comparisons with the untrained result go in
     * {@link Bounds#againstUntrained}.
     */
    @FunctionalInterface
    public interface Check {
        void check(Result result, Bounds bounds);
    }
}
