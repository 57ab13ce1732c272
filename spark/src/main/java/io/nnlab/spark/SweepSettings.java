package io.nnlab.spark;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;

import java.io.Serializable;
import java.util.List;

/**
 * What every run of a sweep computes with, sent inside each task: an executor JVM's own system
 * properties are not consulted, so a run gives the same metrics in the in-JVM runner, in local mode
 * and on any executor.
 *
 * @param backend    the kernels: {@link Backend#SIMD} or {@link Backend#SCALAR}
 * @param dtype      the dtype every run computes in; null: each tutorial result's own (a training
 *                   function's default is float32)
 * @param vectorBits 0: each JVM's own vector width, recorded with every run, and a sweep whose SIMD
 *                   runs disagree on it is refused; else the width every run must have (128, 256,
 *                   512...), which {@link SparkSweep#configure} gives executor JVMs with
 *                   {@code -XX:MaxVectorSize}; a JVM that cannot have it fails its runs with the reason
 * @param threads    the kernels' threads within one run ({@link io.nnlab.tensor.Parallelism}), which
 *                   change its speed, never its result; 0: each JVM's own ({@code nnlab.threads}, else
 *                   all its cores), as in the in-JVM runner
 */
public record SweepSettings(Backend backend, DType dtype, int vectorBits, int threads) implements Serializable {

    public SweepSettings {
        if (backend == null) throw new IllegalArgumentException("sweep settings: backend must be SIMD or SCALAR, got null");
        if (vectorBits != 0 && (vectorBits < 64 || vectorBits > 2048 || Integer.bitCount(vectorBits) != 1)) {
            throw new IllegalArgumentException("sweep settings: vector bits must be 0 (each JVM's own) or a power of two "
                    + "from 64 to 2048, e.g. 256, got " + vectorBits);
        }
        if (threads < 0) throw new IllegalArgumentException("sweep settings: threads must be 0 (each JVM's own) or more, got " + threads);
    }

    /** This JVM's backend (as {@code -Dnnlab.backend} chose it), each result's dtype, each JVM's width and threads. */
    public static SweepSettings defaults() { return new SweepSettings(Backend.current(), null, 0, 0); }

    public SweepSettings withBackend(Backend b) { return new SweepSettings(b, dtype, vectorBits, threads); }

    public SweepSettings withDtype(DType d) { return new SweepSettings(backend, d, vectorBits, threads); }

    /** Fixes the vector width for the whole sweep; 0 lets each JVM use its own. */
    public SweepSettings withVectorBits(int bits) { return new SweepSettings(backend, dtype, bits, threads); }

    public SweepSettings withThreads(int n) { return new SweepSettings(backend, dtype, vectorBits, n); }

    /** The dtype a target's runs compute in. */
    DType dtypeFor(Target target) { return dtype != null ? dtype : target.defaultType(); }

    /** The options executor JVMs need for these settings, beyond Spark's own. */
    List<String> executorJavaOptions() {
        return vectorBits == 0 ? List.of() : List.of("-XX:MaxVectorSize=" + vectorBits / 8);
    }

    @Override
    public String toString() {
        return "backend " + backend.label() + ", dtype " + (dtype == null ? "each result's own" : dtype.label())
                + ", vectors " + (vectorBits == 0 ? "each JVM's own width" : vectorBits + " bits")
                + ", threads " + (threads == 0 ? "each JVM's own" : threads);
    }
}
