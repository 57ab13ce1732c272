package io.nnlab.bench;

import io.nnlab.tensor.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole suite in one run: every benchmark of a profile through JMH, its JSON kept, then the
 * report ({@link BenchmarkReport}: a Markdown table printed and saved as report.md) and a PNG chart of the
 * SIMD/scalar ratios. benchmarks/run calls it after running the python peers:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.nnlab.bench.Suite \
 *      quick|full OUTPUT_DIR [--peers FILE]... [--unavailable "numpy: not available"]... [--prof gc]...
 * </pre>
 *
 * {@code quick} takes a few minutes: short measurements, warm-ups just long enough for C2 to
 * compile the Vector API code, and the parameters the targets need;
 * {@code full} runs every parameter of every benchmark with its own warm-up and measurement.
 * {@code --prof} adds a JMH profiler (gc, stack, perfasm) to every benchmark. The DJL benchmarks
 * join when the jar was built with -Pdjl.
 */
public final class Suite {

    private Suite() {}

    /**
     * One JMH invocation: the benchmarks a pattern selects, with parameter values (empty: the
     * annotations'), and the one-second warm-up iterations and forks the quick profile gives them;
     * a cold one keeps its single unwarmed call per fork.
     */
    record Selection(String pattern, Map<String, String[]> params, int quickWarmups, int quickForks, boolean cold) {
        /** Single kernels reach C2 within a second. */
        static final int KERNEL_WARMUPS = 2;
        /**
         * A training step calls dozens of Vector API methods; until C2 has compiled all of them they
         * run boxed, 100-1000x slower (measured: 530 ms, 33 ms, 3.8 ms, 2.4 ms, 1.4 ms, 0.77 ms per
         * step over the first six seconds on a busy machine).
         */
        static final int STEP_WARMUPS = 6;
        /**
         * Forks for the peak and square GEMMs, whose fractions of the peak the report states: on a
         * shared machine one JVM's GEMM ran anywhere from 0.55 to 0.9 of the peak (where C2 and the
         * other work on the host put it), so one fork says little.
         */
        static final int PEAK_FORKS = 3;

        /**
         * Forks for the cold-start benchmarks in the quick profile: each fork is one sample, its first call
         * in a fresh JVM, and one fresh JVM's first seconds vary with what the JIT compiles when.
         */
        static final int COLD_FORKS = 5;

        Selection forks(int forks) {
            return new Selection(pattern, params, quickWarmups, forks, cold);
        }

        /** A single-shot benchmark in fresh JVMs: the quick profile keeps its one call per fork, unwarmed. */
        static Selection cold(String benchmark, String... keyValues) {
            Selection s = of(0, benchmark, keyValues);
            return new Selection(s.pattern, s.params, 0, COLD_FORKS, true);
        }

        static Selection of(String benchmark, String... keyValues) {
            return of(KERNEL_WARMUPS, benchmark, keyValues);
        }

        static Selection of(int quickWarmups, String benchmark, String... keyValues) {
            Map<String, String[]> p = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1].split(","));
            return new Selection("^io\\.nnlab\\.bench\\." + benchmark.replace(".", "\\.") + "(\\.|$)", p,
                    quickWarmups, 1, false);
        }
    }

    static List<Selection> profile(String name, boolean withDjl) {
        List<Selection> s = new ArrayList<>();
        switch (name) {
            case "quick" -> {
                int forks = Selection.PEAK_FORKS;
                s.add(Selection.of("FmaPeakBenchmark").forks(forks));
                s.add(Selection.of("GemmBenchmark.square", "n", "256,512", "threads", "1", "backend", "scalar"));
                s.add(Selection.of("GemmBenchmark.square", "n", "256,512", "threads", "1", "backend", "simd").forks(forks));
                // n = 1024 for the one-thread peak and the two-thread scaling; scalar there takes seconds an operation.
                s.add(Selection.of("GemmBenchmark.square", "n", "1024", "threads", "1,all", "backend", "simd").forks(forks));
                s.add(Selection.of("GemmBenchmark.mnist", "dtype", "float32",
                        "shape", "32x784x100,784x32x100:TN,32x100x784:NT"));
                s.add(Selection.of("ActivationBenchmark", "dtype", "float32", "op", "relu,tanh", "size", "25600"));
                int steps = Selection.STEP_WARMUPS;
                s.add(Selection.of("SoftmaxCrossEntropyBenchmark", "dtype", "float32", "batch", "256"));
                s.add(Selection.of(steps, "DenseBenchmark", "dtype", "float32"));
                s.add(Selection.of(steps, "MnistStepBenchmark", "dtype", "float32", "threads", "1"));
                // Both cores: SIMD only, the scalar reference gains nothing from a second run.
                s.add(Selection.of(steps, "MnistStepBenchmark", "dtype", "float32", "threads", "all", "backend", "simd"));
                s.add(Selection.of(steps, "ForwardNetBenchmark", "dtype", "float64"));
                s.add(Selection.of(steps, "BfgsBenchmark", "dtype", "float64"));
                s.add(Selection.cold("ColdStartBenchmark"));
                if (withDjl) {
                    s.add(Selection.of(steps, "DjlMnistStepBenchmark", "dtype", "float32"));
                    s.add(Selection.of(steps, "DjlForwardNetBenchmark"));
                }
            }
            case "full" -> {
                for (String b : List.of("FmaPeakBenchmark", "GemmBenchmark", "ActivationBenchmark",
                        "SoftmaxCrossEntropyBenchmark", "DenseBenchmark", "MnistStepBenchmark", "ForwardNetBenchmark",
                        "BfgsBenchmark", "FitBenchmark", "OptimizerBenchmark", "ColdStartBenchmark")) {
                    s.add(Selection.of(b));
                }
                if (withDjl) {
                    s.add(Selection.of("DjlMnistStepBenchmark"));
                    s.add(Selection.of("DjlForwardNetBenchmark"));
                }
            }
            default -> throw new IllegalArgumentException("profile must be quick or full, got \"" + name + "\"");
        }
        return s;
    }

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Suite quick|full OUTPUT_DIR [--peers FILE]... "
                    + "[--unavailable TEXT]... [--prof PROFILER]...; got " + args.length + " argument(s)");
        }
        String profileName = args[0];
        Path out = Path.of(args[1]);
        List<Path> peerFiles = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        List<String> profilers = new ArrayList<>();
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            switch (args[i]) {
                case "--peers" -> peerFiles.add(Path.of(args[i + 1]));
                case "--unavailable" -> unavailable.add(args[i + 1]);
                case "--prof" -> profilers.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + ": expected --peers, --unavailable or --prof");
            }
        }
        boolean withDjl = hasDjl();
        if (!withDjl) unavailable.add("DJL PyTorch: not in this jar (build with ./mvnw -Pdjl -pl benchmarks package)");
        List<Selection> selections = profile(profileName, withDjl);
        Files.createDirectories(out);

        List<Timing> timings = new ArrayList<>();
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < selections.size(); i++) {
            Path part = out.resolve("jmh-part-" + i + ".json");
            ChainedOptionsBuilder o = new OptionsBuilder().include(selections.get(i).pattern())
                    .result(part.toString()).resultFormat(ResultFormatType.JSON).shouldFailOnError(true);
            selections.get(i).params().forEach(o::param);
            if (profileName.equals("quick") && selections.get(i).cold()) {
                o.warmupIterations(0).measurementIterations(1).forks(selections.get(i).quickForks());
            } else if (profileName.equals("quick")) {
                o.warmupIterations(selections.get(i).quickWarmups()).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(700))
                        .forks(selections.get(i).quickForks());
            }
            for (String p : profilers) o.addProfiler(p);
            for (RunResult r : runWhenFree(new Runner(o.build()))) timings.add(timing(r));
            parts.add(part);
        }
        mergeJson(parts, out.resolve("jmh.json"));

        List<PeerResult> peers = new ArrayList<>();
        for (Path f : peerFiles) {
            if (Files.isRegularFile(f)) peers.addAll(PeerResult.parseAll(Files.readAllLines(f, StandardCharsets.UTF_8)));
        }
        BenchmarkReport report = new BenchmarkReport(timings, peers, unavailable, Runtime.getRuntime().availableProcessors());
        String md = "# nnlab benchmarks (" + profileName + ")\n\n" + report.markdown();
        AtomicFile.write(out.resolve("report.md"), md.getBytes(StandardCharsets.UTF_8));
        RatioChart.write(report.ratios(), out.resolve("simd-vs-scalar.png"));
        System.out.println();
        System.out.println(md);
        System.out.println("Written: " + out.resolve("jmh.json") + ", " + out.resolve("report.md") + ", "
                + out.resolve("simd-vs-scalar.png"));
    }

    /** Minutes to wait for another JMH run on this machine to release JMH's lock. */
    static final int LOCK_WAIT_MINUTES = 15;

    /**
     * Runs JMH, waiting while another JMH run on the machine holds its lock (a shared machine):
     * two runs at once would measure each other.
     */
    private static Collection<RunResult> runWhenFree(Runner runner) throws RunnerException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LOCK_WAIT_MINUTES);
        while (true) {
            try {
                return runner.run();
            } catch (RunnerException e) {
                boolean locked = e.getMessage() != null && e.getMessage().contains("JMH lock");
                if (!locked || System.nanoTime() > deadline) throw e;
                System.out.println("Another JMH run holds its lock; waiting 10 s (up to " + LOCK_WAIT_MINUTES + " min)");
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean hasDjl() {
        try {
            Class.forName("io.nnlab.bench.DjlMnistStepBenchmark", false, Suite.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A JMH result in seconds per operation, whatever mode and unit the benchmark declared. */
    static Timing timing(RunResult r) {
        BenchmarkParams p = r.getParams();
        String full = p.getBenchmark();
        String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String k : p.getParamsKeys()) params.put(k, p.getParam(k));
        double unit = TimeUnit.NANOSECONDS.convert(1, p.getTimeUnit()) / 1e9;
        boolean throughput = p.getMode() == Mode.Throughput;
        double score = r.getPrimaryResult().getScore();
        double seconds = throughput ? unit / score : score * unit;
        double error = throughput ? unit * r.getPrimaryResult().getScoreError() / (score * score)
                : r.getPrimaryResult().getScoreError() * unit;
        double best = Double.POSITIVE_INFINITY;
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                double s = ir.getPrimaryResult().getScore();
                best = Math.min(best, throughput ? unit / s : s * unit);
            }
        }
        return new Timing(name, params, seconds, error, best);
    }

    /** One JSON array of every part's results, as a single JMH run would have written it. */
    static void mergeJson(Collection<Path> parts, Path target) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (Path part : parts) {
            String s = Files.readString(part, StandardCharsets.UTF_8).trim();
            if (!s.startsWith("[") || !s.endsWith("]")) {
                throw new IOException(part + " is not a JMH JSON array (starts " + s.substring(0, Math.min(20, s.length()))
                        + "…)");
            }
            String body = s.substring(1, s.length() - 1).trim();
            if (!body.isEmpty()) bodies.add(body);
        }
        AtomicFile.write(target, ("[\n" + String.join(",\n", bodies) + "\n]\n").getBytes(StandardCharsets.UTF_8));
        for (Path part : parts) Files.delete(part);
    }
}
