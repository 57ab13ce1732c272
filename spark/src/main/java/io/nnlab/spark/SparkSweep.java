package io.nnlab.spark;

import io.nnlab.experiments.Report;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Sweep;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.io.Json;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * A seed sweep or hyper-parameter grid on Apache Spark: every (target, grid point, seed) is one Spark
 * task computing one run, exactly as the experiments' in-JVM runner would, and the driver writes the
 * same report as the experiments do.
 *
 * <pre>{@code
 * SweepSettings settings = SweepSettings.defaults();
 * SparkConf conf = SparkSweep.configure(new SparkConf().setAppName("grid"), settings);
 * try (JavaSparkContext sc = new JavaSparkContext(conf)) {
 *     SweepOutcome out = SparkSweep.builder()
 *             .target(Target.function("iris", (seed, p, dtype) -> train(seed, p.getDouble("lr"), dtype)))
 *             .grid(Grid.of("lr", 0.01, 0.1).and("hidden", 4, 8))
 *             .seeds(20)
 *             .settings(settings)
 *             .output(Path.of("sweeps/iris"))
 *             .build()
 *             .run(sc);
 * }
 * }</pre>
 *
 * <p>Nothing is lost: the driver keeps each run in the output folder the moment it arrives
 * ({@code runs/}, see the README), and a sweep run again into the same folder computes only the
 * runs not kept there. A run that throws is retried while Spark has attempts for it (a dead
 * executor's tasks are too) and is then kept as a failure, with its point, seed and exception, while
 * the other runs go on. Results depend on the vector width, so each run records its JVM's, and a
 * sweep whose SIMD runs disagree is refused; {@link SweepSettings#withVectorBits} fixes it.
 */
public final class SparkSweep {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSweep.class);
    private static final Pattern LOCAL_WITH_RETRIES = Pattern.compile("local\\[\\s*(?:\\d+|\\*)\\s*,\\s*(\\d+)\\s*]");

    private final List<Target> targets;
    private final Grid grid;
    private final List<Long> seeds;
    private final SweepSettings settings;
    private final Path output;

    private SparkSweep(Builder b) {
        this.targets = List.copyOf(b.targets);
        this.grid = b.grid;
        this.seeds = List.copyOf(b.seeds);
        this.settings = b.settings;
        this.output = b.output;
    }

    public static Builder builder() { return new Builder(); }

    /**
     * Adds to a Spark configuration what executor JVMs need for these settings (the vector width
     * fixed with {@code -XX:MaxVectorSize}, appended to {@code spark.executor.extraJavaOptions});
     * Spark adds the Vector API module itself. Call it before creating the context: an executor's
     * options are fixed when it starts.
     */
    public static SparkConf configure(SparkConf conf, SweepSettings settings) {
        List<String> options = settings.executorJavaOptions();
        if (options.isEmpty()) return conf;
        String key = "spark.executor.extraJavaOptions";
        String existing = conf.get(key, "").trim();
        return conf.set(key, (existing.isEmpty() ? "" : existing + " ") + String.join(" ", options));
    }

    /** The runs of the sweep, in its order: targets, then grid points, then seeds. */
    List<Task> tasks(int maxAttempts) {
        List<Task> tasks = new ArrayList<>();
        for (Target t : targets) {
            List<Point> points = t.isTutorialResult() ? Grid.none().points() : grid.points();
            List<Long> runSeeds = t.stochastic() ? seeds : seeds.subList(0, 1);
            for (Point p : points) for (long seed : runSeeds) tasks.add(new Task(t, p, seed, settings, maxAttempts));
        }
        return tasks;
    }

    /**
     * Runs the sweep on the context's cluster, resuming from the runs already in the output folder,
     * and writes the report there.
     *
     * @throws IllegalStateException before running anything when the output folder holds runs computed
     *                               with another backend or dtype, or the local JVM lacks a fixed vector
     *                               width; after running, when SIMD runs disagree on the width
     * @throws IOException           when the output folder cannot be written
     */
    public SweepOutcome run(JavaSparkContext sc) throws IOException {
        String master = sc.master();
        checkWidthSetUp(sc, master);
        List<Task> tasks = tasks(maxAttempts(sc.getConf(), master));
        RunStore store = new RunStore(output);
        Map<Task, RunRecord> kept = new LinkedHashMap<>();
        for (Task t : tasks) {
            RunRecord r = store.read(t.target().name(), t.point(), t.seed());
            if (r != null) kept.put(t, checkSettings(t, r, store));
        }
        Map<Task, RunRecord> records = new ConcurrentHashMap<>();
        List<Task> todo = new ArrayList<>();
        int movedAside = 0;
        for (Task t : tasks) {
            RunRecord r = kept.get(t);
            if (r != null && settings.vectorBits() != 0 && r.vectorBits() != settings.vectorBits()) {
                store.moveAside(r);
                movedAside++;
                r = null;
            }
            if (r != null) records.put(t, r);
            else todo.add(t);
        }
        if (movedAside > 0) {
            LOG.warn("sweep: moved {} runs computed at other vector widths to {}; this sweep fixes {} bits",
                    movedAside, output.resolve("other-widths"), settings.vectorBits());
        }
        LOG.info("sweep: {} runs ({}), {} already done in {}, {} to run on {}; {}", tasks.size(), shape(),
                records.size(), output.toAbsolutePath(), todo.size(), master, settings);
        int resumed = records.size();
        long start = System.nanoTime();
        if (!todo.isEmpty()) runOnSpark(sc, todo, store, records);
        Report.Compute compute = new Report.Compute(records.size() - resumed, sc.defaultParallelism(),
                (System.nanoTime() - start) / 1e6);
        return report(tasks, records, resumed, compute);
    }

    private void runOnSpark(JavaSparkContext sc, List<Task> todo, RunStore store, Map<Task, RunRecord> records) {
        Progress progress = new Progress(LOG, todo.size());
        JavaRDD<Task> rdd = sc.parallelize(todo, todo.size());
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) partitions.add(i);
        // Each result is handled on the driver as its task ends, not when the whole job has.
        Function2<Object, String, BoxedUnit> keep = (partition, json) -> {
            RunRecord r = RunRecord.parse(json);
            store.write(r);
            records.put(todo.get((Integer) partition), r);
            progress.finished(r);
            return BoxedUnit.UNIT;
        };
        try {
            sc.setJobDescription("nnlab sweep: " + todo.size() + " runs into " + output.toAbsolutePath());
            sc.sc().runJob(rdd.rdd(), new RunTask(), CollectionConverters.asScala(partitions).toSeq(), keep,
                    ClassTag$.MODULE$.apply(String.class));
        } catch (Exception e) { // Spark throws its (checked) SparkException undeclared when the job is aborted
            if (!(e instanceof SparkException)) throw e;
            throw new IllegalStateException("the sweep stopped after " + records.size() + " runs: " + e.getMessage()
                    + "\nThe runs it finished are kept in " + output.resolve("runs") + "; the same sweep run again resumes from them.", e);
        }
    }

    /** Puts the runs together per target and point, checks they agree on the vector width, and writes the report. */
    private SweepOutcome report(List<Task> tasks, Map<Task, RunRecord> records, int resumed, Report.Compute compute)
            throws IOException {
        Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
        for (Task t : tasks) {
            RunRecord r = records.get(t);
            if (r != null) groups.computeIfAbsent(t.target().resultId(t.point()), k -> new ArrayList<>()).add(r);
        }
        List<RunRecord> done = records.values().stream().filter(RunRecord::ok).toList();
        int bits = commonWidth(done);
        List<Result> results = new ArrayList<>();
        List<SweepFailure> failures = new ArrayList<>();
        Map<String, String> notComputed = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunRecord>> g : groups.entrySet()) {
            List<RunRecord> group = g.getValue();
            List<Result> runs = new ArrayList<>();
            List<Long> failedSeeds = new ArrayList<>();
            for (RunRecord r : group) {
                if (r.ok()) runs.add(r.result());
                else {
                    failures.add(r.failure());
                    failedSeeds.add(r.seed());
                }
            }
            if (runs.isEmpty()) {
                SweepFailure first = group.get(0).failure();
                notComputed.put(g.getKey(), "every run failed (see failures.json); seed " + first.seed() + ": "
                        + first.exception() + (first.message() == null ? "" : ": " + first.message()));
                continue;
            }
            Result head = runs.get(0);
            if (runs.size() > 1) head.sweep(new Sweep(runs.stream().map(Result::toRun).toList()));
            if (!failedSeeds.isEmpty()) {
                head.note(failedSeeds.size() + " of " + group.size() + " runs failed (seeds "
                        + failedSeeds.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + "; see failures.json); the spread is over the others.");
            }
            results.add(head);
        }
        Report.write(output, results, notComputed, compute,
                new Report.Setup(settings.backend().label(), bits, OptionalInt.of(seeds.size())));
        writeFailures(failures);
        LOG.info("sweep: report {}{}", output.resolve("REPORT.md").toAbsolutePath(),
                failures.isEmpty() ? "" : "; " + failures.size() + " runs failed, listed in " + output.resolve("failures.json"));
        return new SweepOutcome(List.copyOf(results), List.copyOf(failures), resumed, records.size() - resumed, output);
    }

    private void writeFailures(List<SweepFailure> failures) throws IOException {
        Path file = output.resolve("failures.json");
        if (failures.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        List<Object> list = new ArrayList<>();
        for (SweepFailure f : failures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", f.target());
            m.put("point", f.point());
            m.put("seed", f.seed());
            m.put("attempts", f.attempts());
            m.put("host", f.host());
            m.put("exception", f.exception());
            m.put("message", f.message());
            m.put("stack_trace", f.stackTrace());
            list.add(m);
        }
        RunStore.writeAtomically(file, Json.writeIndented(Map.of("failures", list)));
    }

    // ---------------------------------------------------------------- checks

    /** A fixed width must be this JVM's in local mode, and reach executors elsewhere. */
    private void checkWidthSetUp(JavaSparkContext sc, String master) {
        if (settings.vectorBits() == 0) return;
        if (master.startsWith("local[") || master.equals("local")) {
            if (Backend.vectorBits() != settings.vectorBits()) {
                throw new IllegalStateException("the sweep fixes vectors of " + settings.vectorBits() + " bits, and in "
                        + master + " its runs are computed in this JVM, whose vectors are " + Backend.vectorBits()
                        + " bits wide: start it with -XX:MaxVectorSize=" + settings.vectorBits() / 8
                        + " (from the build: -Dnnlab.sweep.jvm=-XX:MaxVectorSize=" + settings.vectorBits() / 8 + ")");
            }
        } else if (!sc.getConf().get("spark.executor.extraJavaOptions", "").contains(settings.executorJavaOptions().get(0))) {
            throw new IllegalStateException("the sweep fixes vectors of " + settings.vectorBits() + " bits, and executors "
                    + "are not started with " + settings.executorJavaOptions().get(0)
                    + ": create the context from SparkSweep.configure(conf, settings)");
        }
    }

    /** The kept run, when it was computed as this sweep computes; else the sweep stops, before running anything. */
    private RunRecord checkSettings(Task t, RunRecord r, RunStore store) {
        String dtype = settings.dtypeFor(t.target()).label();
        if (!r.backend().equals(settings.backend().label()) || !r.dtype().equals(dtype)) {
            throw new IllegalStateException(store.file(r.target(), r.point(), r.seed(), false) + " was computed on "
                    + r.backend() + " in " + r.dtype() + ", and this sweep computes on " + settings.backend().label() + " in "
                    + dtype + ": give this sweep another output folder, or delete " + output.resolve("runs"));
        }
        return r;
    }

    /** The one vector width of the SIMD runs; a sweep mixing widths is refused, naming where each ran. */
    private int commonWidth(List<RunRecord> done) {
        if (done.isEmpty()) return settings.vectorBits() != 0 ? settings.vectorBits() : Backend.vectorBits();
        Map<Integer, List<RunRecord>> byWidth = new TreeMap<>();
        for (RunRecord r : done) byWidth.computeIfAbsent(r.vectorBits(), k -> new ArrayList<>()).add(r);
        if (byWidth.size() == 1 || !settings.backend().equals(Backend.SIMD)) return done.get(0).vectorBits();
        String detail = byWidth.entrySet().stream().map(e -> e.getKey() + " bits: " + e.getValue().size() + " runs on "
                + e.getValue().stream().map(RunRecord::host).distinct().collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        throw new IllegalStateException("the sweep's runs were computed with vectors of different widths (" + detail
                + "), and SIMD results depend on the width. Fix one for the whole sweep (SweepSettings.withVectorBits, "
                + "--vector-bits on the command line) and run it again: runs at other widths are moved aside and recomputed. "
                + "Every run is kept in " + output.resolve("runs") + ".");
    }

    /** How many attempts Spark gives a task: local[N,F] gives F, local[N] one, a cluster spark.task.maxFailures. */
    static int maxAttempts(SparkConf conf, String master) {
        Matcher m = LOCAL_WITH_RETRIES.matcher(master);
        if (m.matches()) return Integer.parseInt(m.group(1));
        if (master.equals("local") || master.startsWith("local[")) return 1;
        return conf.getInt("spark.task.maxFailures", 4);
    }

    private String shape() {
        return targets.size() + (targets.size() == 1 ? " target" : " targets") + (grid.size() > 1 ? " x " + grid.size()
                + " grid points" : "") + " x " + seeds.size() + (seeds.size() == 1 ? " seed" : " seeds");
    }

    /** Builds a sweep: at least one target, the seeds, the output folder; a grid and settings if wanted. */
    public static final class Builder {
        private final List<Target> targets = new ArrayList<>();
        private Grid grid = Grid.none();
        private List<Long> seeds = List.of(1L);
        private SweepSettings settings;
        private Path output;

        private Builder() {}

        public Builder target(Target t) {
            targets.add(t);
            return this;
        }

        public Builder targets(List<Target> ts) {
            targets.addAll(ts);
            return this;
        }

        /** The hyper-parameter grid of the training functions (tutorial results take none). */
        public Builder grid(Grid g) {
            this.grid = g;
            return this;
        }

        /**
         * Seeds 1 to n, as the in-JVM runner's {@code -Dnnlab.seeds=n}; a deterministic result runs with
         * seed 1 alone. Run again with a larger n into the same folder, a sweep computes only the new seeds.
         */
        public Builder seeds(int n) {
            if (n < 1) throw new IllegalArgumentException("seeds: expected a count >= 1, got " + n);
            this.seeds = LongStream.rangeClosed(1, n).boxed().toList();
            return this;
        }

        /** Defaults to {@link SweepSettings#defaults()}. */
        public Builder settings(SweepSettings s) {
            this.settings = s;
            return this;
        }

        /** The folder the report and the runs go to; a sweep run again into it resumes. */
        public Builder output(Path dir) {
            this.output = dir;
            return this;
        }

        /** @throws IllegalArgumentException when no target or output is given, a target is given twice, or a tutorial result is given a grid */
        public SparkSweep build() {
            if (targets.isEmpty()) throw new IllegalArgumentException("sweep: no target; give a tutorial result or a training function");
            if (output == null) throw new IllegalArgumentException("sweep: no output folder");
            if (targets.stream().map(Target::name).distinct().count() != targets.size()) {
                throw new IllegalArgumentException("sweep: a target is given twice in " + targets);
            }
            if (grid.size() > 1 || !grid.names().isEmpty()) {
                for (Target t : targets) {
                    if (t.isTutorialResult()) {
                        throw new IllegalArgumentException("sweep: " + t.name() + " is a tutorial result, which takes no "
                                + "hyper-parameters; a grid needs a training function (Target.function)");
                    }
                }
            }
            if (settings == null) settings = SweepSettings.defaults();
            return new SparkSweep(this);
        }
    }
}
