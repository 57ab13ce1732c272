package io.nnlab.spark;

import io.nnlab.experiments.Catalog;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.io.Json;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps on Spark's local mode with two cores, against the experiments' in-JVM runner. One context for the class. */
class SparkSweepTest {
    private static JavaSparkContext sc;
    private static final Grid GRID = Grid.of("lr", 0.01, 0.1).and("hidden", 3, 6);

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkSweepTest")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static SparkSweep.Builder iris(Path out) {
        return SparkSweep.builder().target(Target.function("iris", new IrisGrid())).grid(GRID).seeds(3).output(out);
    }

    @Test
    void aGridSweepEqualsTheInJvmRunnerRunForRunAndWritesTheReport(@TempDir Path out) throws IOException {
        Target target = Target.function("iris", new IrisGrid());
        SweepOutcome o = SparkSweep.builder().target(target).grid(GRID).seeds(3).output(out).build().run(sc);

        assertEquals(List.of(), o.failures());
        assertEquals(12, o.ran());
        assertEquals(List.of("iris.lr=0.01,hidden=3", "iris.lr=0.01,hidden=6", "iris.lr=0.1,hidden=3", "iris.lr=0.1,hidden=6"),
                o.results().stream().map(Result::id).toList());
        for (int i = 0; i < 4; i++) {
            Result inJvm = Runner.result(target.experiment(GRID.points().get(i)), 3);
            Result swept = o.results().get(i);
            assertEquals(3, swept.sweep().size());
            SameRun.assertSameSweep(inJvm, swept);
        }
        // Training does something: the better learning rate separates the classes far better than chance.
        assertTrue(o.results().get(3).sweep().spread("accuracy").median() > 0.8, o.results().get(3).metrics().toString());

        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("results.json")));
        assertEquals(3L, json.get("seeds"));
        assertEquals((long) Backend.vectorBits(), json.get("vector_bits"));
        List<?> entries = (List<?>) json.get("results");
        assertEquals(4, entries.size());
        Map<?, ?> first = (Map<?, ?>) entries.get(0);
        assertEquals("iris.lr=0.01,hidden=3", first.get("id"));
        assertEquals(3L, ((Map<?, ?>) first.get("sweep")).get("seeds"));
        String report = Files.readString(out.resolve("REPORT.md"));
        assertTrue(report.contains("`iris.lr=0.1,hidden=6` | accuracy |"), report);
        try (Stream<Path> runs = Files.walk(out.resolve("runs"))) {
            assertEquals(12, runs.filter(p -> p.toString().endsWith(".json")).count());
        }
        RunRecord kept = RunRecord.parse(Files.readString(out.resolve("runs/iris/lr=0.1,hidden=6/seed-2.json")));
        assertEquals(List.of(Backend.current().label(), "float32", Backend.vectorBits(), 1),
                List.of(kept.backend(), kept.dtype(), kept.vectorBits(), kept.attempts()));
    }

    @Test
    void tutorialResultsSweepAsTheRunnerRunsThemWithTheirFigures(@TempDir Path out) throws IOException {
        SweepOutcome o = SparkSweep.builder().targets(Target.results("t1.linear-fit", "t2.weighted-sum-cost"))
                .seeds(3).output(out).build().run(sc);
        assertEquals(4, o.ran(), "three seeds of the stochastic result, one run of the exact one");
        Result fit = o.results().get(0), cost = o.results().get(1);
        SameRun.assertSameSweep(Runner.result(Catalog.experiment("t1.linear-fit"), 3), fit);
        SameRun.assertSameSweep(Runner.result(Catalog.experiment("t2.weighted-sum-cost"), 3), cost);
        assertEquals(null, cost.sweep());
        assertTrue(Files.size(out.resolve("t1/linear-fit.png")) > 1000);
        assertTrue(Files.readString(out.resolve("REPORT.md")).contains("![Least squares on a noisy line](t1/linear-fit.png)"));
    }

    @Test
    void aSweepRunAgainComputesOnlyTheRunsNotKept(@TempDir Path out) throws IOException {
        SweepOutcome first = iris(out).build().run(sc);
        SweepOutcome again = iris(out).build().run(sc);
        assertEquals(List.of(0, 12), List.of(again.ran(), again.resumed()));
        for (int i = 0; i < 4; i++) {
            for (int s = 0; s < 3; s++) {
                SameRun.assertSameRun(first.results().get(i).sweep().runs().get(s), again.results().get(i).sweep().runs().get(s));
            }
        }
        Files.delete(out.resolve("runs/iris/lr=0.1,hidden=3/seed-2.json"));
        SweepOutcome third = iris(out).build().run(sc);
        assertEquals(List.of(1, 11), List.of(third.ran(), third.resumed()));
        SameRun.assertSameRun(first.results().get(2).sweep().runs().get(1), third.results().get(2).sweep().runs().get(1));

        // Runs kept with other settings are not mixed in: the sweep refuses before running anything.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> iris(out)
                .settings(SweepSettings.defaults().withDtype(io.nnlab.tensor.DType.FLOAT64)).build().run(sc));
        assertTrue(e.getMessage().contains("seed-1.json was computed on " + Backend.current().label() + " in float32, and this sweep "
                + "computes on " + Backend.current().label() + " in float64"), e.getMessage());
    }

    @Test
    void aRunThatThrowsIsReportedWithItsPointAndSeedWhileTheOthersGoOn(@TempDir Path out) throws IOException {
        TrainingFunction diverges = (seed, p, dtype) -> {
            if (p.getDouble("lr") == 0.1 && p.getInt("hidden") == 6 && seed == 2) throw new ArithmeticException("loss is NaN");
            return new IrisGrid().train(seed, p, dtype);
        };
        SweepOutcome o = SparkSweep.builder().target(Target.function("iris", diverges)).grid(GRID).seeds(3).output(out).build().run(sc);
        assertEquals(1, o.failures().size());
        SweepFailure f = o.failures().get(0);
        assertEquals(List.of("iris", "lr=0.1,hidden=6", 2L, 1), List.of(f.target(), f.point(), f.seed(), f.attempts()));
        assertTrue(f.message().contains("loss is NaN") && f.stackTrace().contains("ArithmeticException"), f.toString());
        assertEquals(4, o.results().size());
        Result hurt = o.results().get(3);
        assertEquals(2, hurt.sweep().size());
        assertTrue(hurt.notes().contains("1 of 3 runs failed (seeds 2; see failures.json); the spread is over the others."));
        assertTrue(Files.readString(out.resolve("failures.json")).contains("loss is NaN"));
        assertTrue(Files.isRegularFile(out.resolve("runs/iris/lr=0.1,hidden=6/seed-2.failed.json")));

        // Fixed, the sweep runs again only the failed run.
        SweepOutcome fixed = iris(out).build().run(sc);
        assertEquals(List.of(1, 11, 0), List.of(fixed.ran(), fixed.resumed(), fixed.failures().size()));
        assertFalse(Files.exists(out.resolve("failures.json")));
        assertFalse(Files.exists(out.resolve("runs/iris/lr=0.1,hidden=6/seed-2.failed.json")));
    }

    @Test
    void runsOfDifferentVectorWidthsAreNotMixed(@TempDir Path out) throws IOException {
        SweepSettings simd = SweepSettings.defaults().withBackend(Backend.SIMD);
        int here = Backend.vectorBits();
        int other = here == 128 ? 256 : 128;
        SparkSweep.Builder sweep = SparkSweep.builder().target(Target.function("iris", new IrisGrid()))
                .grid(Grid.of("lr", 0.1).and("hidden", 3)).seeds(2).settings(simd).output(out);
        sweep.build().run(sc);
        Path seed2 = out.resolve("runs/iris/lr=0.1,hidden=3/seed-2.json");
        Files.writeString(seed2, Files.readString(seed2).replace("\"vector_bits\": " + here, "\"vector_bits\": " + other));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sweep.build().run(sc));
        assertTrue(e.getMessage().contains("different widths (" + Math.min(here, other) + " bits: 1 runs on "), e.getMessage());
        assertTrue(e.getMessage().contains("Fix one for the whole sweep"), e.getMessage());

        SweepOutcome fixed = sweep.settings(simd.withVectorBits(here)).build().run(sc);
        assertEquals(List.of(1, 1), List.of(fixed.ran(), fixed.resumed()));
        assertTrue(Files.isRegularFile(out.resolve("other-widths/" + other + "-bit/runs/iris/lr=0.1,hidden=3/seed-2.json")));
        assertEquals(here, RunRecord.parse(Files.readString(seed2)).vectorBits());

        IllegalStateException lacking = assertThrows(IllegalStateException.class,
                () -> sweep.settings(simd.withVectorBits(other)).output(out.resolve("elsewhere")).build().run(sc));
        assertTrue(lacking.getMessage().contains("start it with -XX:MaxVectorSize=" + other / 8), lacking.getMessage());
        assertFalse(Files.exists(out.resolve("elsewhere")));
    }
}
