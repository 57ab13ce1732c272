package io.nnlab.spark;

import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.tensor.DType;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark retries a failed task: local[2,2] gives each task two attempts, as a cluster gives a task
 * whose executor died another one elsewhere. One context for the class.
 */
class RetryTest {
    private static JavaSparkContext sc;
    private static final Grid GRID = Grid.of("lr", 0.1).and("hidden", 3);

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("RetryTest").set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void aTaskWhoseFirstAttemptDiesIsRetriedAndGivesTheSameRun(@TempDir Path out) throws IOException {
        TrainingFunction dyingOnce = (seed, p, dtype) -> {
            if (seed == 2 && TaskContext.get().attemptNumber() == 0) throw new IllegalStateException("executor lost");
            return new IrisGrid().train(seed, p, dtype);
        };
        Target target = Target.function("iris", dyingOnce);
        SweepOutcome o = SparkSweep.builder().target(target).grid(GRID).seeds(3).output(out).build().run(sc);
        assertEquals(List.of(), o.failures());
        assertEquals(2, RunRecord.parse(Files.readString(out.resolve("runs/iris/lr=0.1,hidden=3/seed-2.json"))).attempts());
        assertEquals(1, RunRecord.parse(Files.readString(out.resolve("runs/iris/lr=0.1,hidden=3/seed-1.json"))).attempts());
        Point p = GRID.points().get(0);
        for (int s = 0; s < 3; s++) {
            Result inJvm = Runner.runOnce(Target.function("iris", new IrisGrid()).experiment(p), s + 1, DType.FLOAT32);
            SameRun.assertSameRun(inJvm.toRun(), o.results().get(0).sweep().runs().get(s));
        }
    }

    @Test
    void aRunThatFailsEveryAttemptIsKeptAsAFailureAfterTheLast(@TempDir Path out) throws IOException {
        TrainingFunction broken = (seed, p, dtype) -> {
            if (seed == 3) throw new UnsupportedOperationException("attempt " + TaskContext.get().attemptNumber());
            return new IrisGrid().train(seed, p, dtype);
        };
        SweepOutcome o = SparkSweep.builder().target(Target.function("iris", broken)).grid(GRID).seeds(3).output(out).build().run(sc);
        assertEquals(1, o.failures().size());
        SweepFailure f = o.failures().get(0);
        assertEquals(List.of(3L, 2), List.of(f.seed(), f.attempts()));
        assertTrue(f.message().contains("attempt 1"), f.toString());
        assertEquals(2, o.results().get(0).sweep().size());
    }
}
