package io.nnlab.spark;

import io.nnlab.experiments.Result;
import io.nnlab.experiments.Runner;
import io.nnlab.tensor.Backend;
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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Executors in JVMs of their own: Spark's local-cluster mode starts a master and a worker in this
 * JVM and each executor as a process, as on a cluster. Its executors know nothing of this JVM's
 * settings, so what a run computes with must come in its task. One context for the class.
 */
class ClusterTest {
    /** Not this JVM's: the scalar backend, and executors capped at 256-bit vectors. */
    private static final SweepSettings SETTINGS = SweepSettings.defaults().withBackend(Backend.SCALAR).withVectorBits(256);
    private static final Grid GRID = Grid.of("lr", 0.1).and("hidden", 3);
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() throws IOException {
        // The worker builds each executor's command from SPARK_HOME (the build points it here): it needs a jars
        // folder and a sign of the Scala version; the classes come from this JVM's classpath.
        Path home = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
        SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("ClusterTest")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executorEnv.JAVA_HOME", System.getProperty("java.home"));
        sc = new JavaSparkContext(SparkSweep.configure(conf, SETTINGS));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void executorJvmsComputeWithTheSettingsTheTasksCarry(@TempDir Path out) throws IOException {
        SweepOutcome o = SparkSweep.builder().target(Target.function("iris", new IrisGrid())).grid(GRID).seeds(3)
                .settings(SETTINGS).output(out).build().run(sc);
        assertEquals(List.of(), o.failures());
        for (long seed = 1; seed <= 3; seed++) {
            RunRecord r = RunRecord.parse(Files.readString(out.resolve("runs/iris/lr=0.1,hidden=3/seed-" + seed + ".json")));
            assertNotEquals("driver", r.executor());
            assertEquals(List.of("scalar", 256), List.of(r.backend(), r.vectorBits()));
        }
        // Scalar kernels do not depend on the width, so this JVM computes the same runs on its scalar backend.
        List<Result> here = inThisJvm(Backend.SCALAR, 3);
        for (int s = 0; s < 3; s++) SameRun.assertSameRun(here.get(s).toRun(), o.results().get(0).sweep().runs().get(s));
    }

    @Test
    void theTaskOfAnExecutorThatDiedIsRetriedElsewhere(@TempDir Path out) throws IOException {
        TrainingFunction killsItsExecutor = (seed, p, dtype) -> {
            if (seed == 2 && TaskContext.get().attemptNumber() == 0) Runtime.getRuntime().halt(1);
            return new IrisGrid().train(seed, p, dtype);
        };
        SweepOutcome o = SparkSweep.builder().target(Target.function("iris", killsItsExecutor)).grid(GRID).seeds(3)
                .settings(SETTINGS).output(out).build().run(sc);
        assertEquals(List.of(), o.failures());
        RunRecord retried = RunRecord.parse(Files.readString(out.resolve("runs/iris/lr=0.1,hidden=3/seed-2.json")));
        assertEquals(2, retried.attempts());
        SameRun.assertSameRun(inThisJvm(Backend.SCALAR, 3).get(1), retried.result());
    }

    private static List<Result> inThisJvm(Backend backend, int seeds) {
        Backend before = Backend.current();
        Backend.use(backend);
        try {
            List<Result> runs = new ArrayList<>();
            Target t = Target.function("iris", new IrisGrid());
            for (long seed = 1; seed <= seeds; seed++) runs.add(Runner.runOnce(t.experiment(GRID.points().get(0)), seed, DType.FLOAT32));
            return runs;
        } finally {
            Backend.use(before);
        }
    }
}
