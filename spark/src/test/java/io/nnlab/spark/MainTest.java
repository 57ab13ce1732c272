package io.nnlab.spark;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.nnlab.spark.GridTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MainTest {

    @Test
    void tutorialResultsOverSeeds() {
        Main.Options o = Main.Options.parse(new String[]{"--seeds", "4", "--dtype", "float32", "--backend", "scalar",
                "--vector-bits", "256", "--threads", "2", "t1.linear-fit,t4", "--out", "/tmp/x"});
        assertEquals(new SweepSettings(Backend.SCALAR, DType.FLOAT32, 256, 2), o.settings);
        assertEquals("t1.linear-fit+t4", o.name);
        List<Task> tasks = o.sweep.settings(o.settings).build().tasks(1);
        // t1.linear-fit over four seeds; t4's three exact results once each, with the first seed.
        assertEquals(4 + 3, tasks.size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 1L, 1L, 1L), tasks.stream().map(Task::seed).toList());
    }

    @Test
    void aFunctionOverAGrid() {
        Main.Options o = Main.Options.parse(new String[]{"--function", IrisGrid.class.getName(), "--grid", "lr=0.01,0.1",
                "--grid", "hidden=3", "--seeds", "2"});
        assertEquals("iris-grid", o.name);
        List<Task> tasks = o.sweep.settings(o.settings).build().tasks(1);
        assertEquals(List.of("lr=0.01,hidden=3 1", "lr=0.01,hidden=3 2", "lr=0.1,hidden=3 1", "lr=0.1,hidden=3 2"),
                tasks.stream().map(t -> t.point().key() + " " + t.seed()).toList());
    }

    @Test
    void aBadCommandLineSaysWhatIsWrong() {
        assertMessage("nothing to run", () -> Main.Options.parse(new String[]{"--seeds", "3"}));
        assertMessage("--seeds: expected a whole number, got 'x'", () -> Main.Options.parse(new String[]{"--seeds", "x", "all"}));
        assertMessage("--grid needs --function", () -> Main.Options.parse(new String[]{"--grid", "lr=1", "all"}));
        assertMessage("not both", () -> Main.Options.parse(new String[]{"--function", IrisGrid.class.getName(), "t1"}));
        assertMessage("expected a class implementing io.nnlab.spark.TrainingFunction",
                () -> Main.Options.parse(new String[]{"--function", "java.lang.String"}));
        assertMessage("no tutorial 't9'", () -> Main.Options.parse(new String[]{"t9"}));
        assertMessage("expected auto, scalar or simd, got 'gpu'", () -> Main.Options.parse(new String[]{"--backend", "gpu", "all"}));
        assertMessage("unknown option --sede", () -> Main.Options.parse(new String[]{"--sede", "3", "all"}));
        assertMessage("--out needs a value", () -> Main.Options.parse(new String[]{"all", "--out"}));
        assertMessage("a tutorial result, which takes no hyper-parameters",
                () -> SparkSweep.builder().targets(Target.results("t1.linear-fit")).grid(Grid.of("lr", 1)).output(Path.of("x")).build());
    }
}
