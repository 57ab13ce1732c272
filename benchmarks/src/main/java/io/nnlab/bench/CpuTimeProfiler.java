package io.nnlab.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per CPU-second of this JVM (all its threads), beside JMH's operations per
 * wall-clock second. On a machine whose cores are shared with other work, wall-clock throughput
 * measures the sharing; the CPU-time rate is what the code does while it actually runs. With one
 * benchmark thread and a kernel that uses one thread it is the single-core throughput; with N
 * kernel threads it is the throughput per busy core.
 *
 * <p>Use with {@code -prof io.nnlab.bench.CpuTimeProfiler}; {@link GflopsRunner} adds it itself.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    /** The secondary result's name. */
    public static final String OPS_PER_CPU_SECOND = "ops/cpu-s";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpu0;
    private long wall0;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpu0 = os.getProcessCpuTime();
        wall0 = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        // Throughput is ops per wall second over (about) this iteration's wall time.
        double ops = result.getPrimaryResult().getScore() * wall / 1e9;
        double rate = cpu > 0 ? ops / (cpu / 1e9) : Double.NaN;
        return List.of(
                new ScalarResult(OPS_PER_CPU_SECOND, rate, "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("cpu-util", (double) cpu / wall, "cores", AggregationPolicy.AVG));
    }
}
