package io.nnlab.experiments;

import io.nnlab.tensor.DType;

/**
 * One tutorial result as a function of (seed, dtype): the backend is the JVM's
 * ({@link io.nnlab.tensor.Backend}).
 *
 * @param id          the result's id in the tutorials' result list, e.g. "t1.forwardnet-ripple"
 * @param stochastic  whether the seed matters (seed sweeps run only these)
 * @param defaultType the dtype the tutorial computes in (numpy: float64, Keras: float32)
 * @param body        the computation
 */
public record Experiment(String id, boolean stochastic, DType defaultType, Body body) {

    @FunctionalInterface
    public interface Body {
        Result run(long seed, DType dtype) throws Exception;
    }
}
