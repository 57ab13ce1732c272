package io.nnlab.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * One measured benchmark configuration, in seconds per operation whatever mode JMH ran it in.
 *
 * @param benchmark the class and method, e.g. "GemmBenchmark.square"
 * @param params    JMH's parameters of this configuration, backend and dtype included
 * @param seconds   the mean over the measured iterations
 * @param error     the half-width of JMH's 99.9 % confidence interval around the mean (NaN with one iteration)
 * @param best      the fastest single iteration: on a shared machine the closest to an unshared core
 */
record Timing(String benchmark, Map<String, String> params, double seconds, double error, double best) {

    Timing {
        if (!(seconds > 0) || !(best > 0)) {
            throw new IllegalArgumentException(benchmark + ": times must be positive seconds per operation, got mean "
                    + seconds + " and best " + best);
        }
        params = new TreeMap<>(params);
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** This configuration's parameters without the backend, what a scalar and a SIMD run share. */
    Map<String, String> paramsWithoutBackend() {
        Map<String, String> p = new TreeMap<>(params);
        p.remove("backend");
        return p;
    }

    /**
     * Floating-point operations in one operation of this benchmark, or 0 where no flop count applies
     * (element-wise work, whole optimiser runs).
     */
    long flops() {
        return switch (benchmark) {
            case "GemmBenchmark.square" -> {
                long n = Long.parseLong(param("n"));
                yield 2 * n * n * n;
            }
            case "GemmBenchmark.mnist" -> {
                int[] mkn = GemmBenchmark.mkn(param("shape"));
                yield 2L * mkn[0] * mkn[1] * mkn[2];
            }
            // Forward x W, then dW = xᵀ dz and dx = dz Wᵀ for both Dense layers: three GEMMs each.
            case "DenseBenchmark.forwardBackward" -> 6L * Integer.parseInt(param("batch")) * (784 * 100 + 100 * 10);
            // A training step needs no gradient for the images: two GEMMs in the first layer, three in the second.
            case "MnistStepBenchmark.step" -> 2L * Integer.parseInt(param("batch")) * (2 * 784 * 100 + 3 * 100 * 10);
            case "FmaPeakBenchmark.float32" -> FmaPeakBenchmark.flopsPerOp("float32");
            case "FmaPeakBenchmark.float64" -> FmaPeakBenchmark.flopsPerOp("float64");
            default -> 0;
        };
    }

    /** Threads the kernels ran on: the "threads" parameter ("all" = every core), else one. */
    int threads(int cores) {
        String t = param("threads");
        if (t.isEmpty()) return 1;
        return t.equals("all") ? cores : Integer.parseInt(t);
    }
}
