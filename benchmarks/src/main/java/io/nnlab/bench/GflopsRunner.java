package io.nnlab.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the usual command line and prints every result as GFLOPS as well.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.nnlab.bench.GflopsRunner \
 *      'FmaPeakBenchmark|GemmBenchmark.square' -p backend=simd -p threads=1 -wi 3 -i 5 -f 1 -w 1s -r 1s
 * </pre>
 *
 * Scores are forced to throughput in operations per second; a GEMM operation is 2 m n k flops,
 * an FMA-peak operation {@link FmaPeakBenchmark#flopsPerOp}. Beside JMH's mean it prints the best
 * single iteration: on a machine shared with other work the mean measures the sharing, the best
 * iteration comes closest to what the core does when it is left alone, and the rate per
 * CPU-second ({@link CpuTimeProfiler}) is what the code does while it runs, however the
 * machine is shared ("cores" is the JVM's average CPU use over wall time).
 */
public final class GflopsRunner {

    private GflopsRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
                .mode(Mode.Throughput).timeUnit(TimeUnit.SECONDS).addProfiler(CpuTimeProfiler.class).build()).run();
        List<String> rows = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String bench = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            double opsPerSecond = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            long flops;
            String what;
            if (bench.startsWith("FmaPeakBenchmark")) {
                String dtype = bench.endsWith("float32") ? "float32" : "float64";
                flops = FmaPeakBenchmark.flopsPerOp(dtype);
                what = String.format("%-8s %-8s %-16s %-4s", "peak", dtype, "-", "1");
            } else if (bench.endsWith("square")) {
                long n = Long.parseLong(p.getParam("n"));
                flops = 2 * n * n * n;
                what = String.format("%-8s %-8s %-16s %-4s", p.getParam("backend"), p.getParam("dtype"),
                        "n=" + n, GemmBenchmark.threadCount(p.getParam("threads")));
            } else if (bench.endsWith("mnist")) {
                int[] mkn = GemmBenchmark.mkn(p.getParam("shape"));
                flops = 2L * mkn[0] * mkn[1] * mkn[2];
                what = String.format("%-8s %-8s %-16s %-4s", p.getParam("backend"), p.getParam("dtype"),
                        p.getParam("shape"), "1");
            } else {
                continue;
            }
            double best = 0;
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    best = Math.max(best, ir.getPrimaryResult().getScore());
                }
            }
            Result<?> perCpu = r.getSecondaryResults().get(CpuTimeProfiler.OPS_PER_CPU_SECOND);
            Result<?> util = r.getSecondaryResults().get("cpu-util");
            rows.add(String.format(Locale.ROOT, "%s %10.2f ± %6.2f %10.2f %10.2f %6.2f %12.1f", what,
                    opsPerSecond * flops / 1e9, error * flops / 1e9, best * flops / 1e9,
                    perCpu == null ? Double.NaN : perCpu.getScore() * flops / 1e9,
                    util == null ? Double.NaN : util.getScore(), 1e6 / opsPerSecond));
        }
        System.out.println();
        System.out.printf("FloatVector.SPECIES_PREFERRED = %s (%d bits), DoubleVector.SPECIES_PREFERRED = %s, cores = %d%n",
                FloatVector.SPECIES_PREFERRED, FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                DoubleVector.SPECIES_PREFERRED, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-8s %-8s %-16s %-4s %19s %10s %10s %6s %12s%n", "backend", "dtype", "shape", "thr",
                "GFLOPS ± error", "best iter", "per cpu-s", "cores", "us/op");
        rows.forEach(System.out::println);
    }
}
