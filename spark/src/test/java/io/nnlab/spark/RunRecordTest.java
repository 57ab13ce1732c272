package io.nnlab.spark;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRecordTest {

    static Result sample() {
        Result r = new Result("t9.sample").dtype("float32").seed(7)
                .metric("loss", 0.1 + 0.2).metric("nan", Double.NaN).metric("inf", Double.NEGATIVE_INFINITY)
                .metric("neg_zero", -0.0).metric("tiny", Double.MIN_VALUE).metric("big", 1e300)
                .printed("loss", 0.3, 5e-5)
                .trace("loss", new double[]{1, 0.5, 1.0 / 3})
                .note("first note").note("second, with \"quotes\" and é")
                .figure(Figure.xy("t9/fit.png", "Fit").labels("x", "y").logY().line("model", new double[]{1, 2}, new double[]{3, 4})
                        .scatter("data", new double[]{1.5}, new double[]{Math.PI}))
                .figure(Figure.bar("t9/bars.png", "Bars").bars("p", new double[]{0, 1}, new double[]{0.25, 0.75}))
                .figure(Figure.image("t9/img.png", "Image", new double[][]{{0, 0.5}, {1, 0.125}}));
        r.wallMs(12.345);
        return r;
    }

    @Test
    void aRunRecordKeepsItsResultExactly() {
        Point point = Grid.of("lr", 0.001).and("hidden", 4).points().get(0);
        RunRecord rec = new RunRecord("t9", point, 7, "simd", "float32", 256, "node-1", "3", 2, sample(), null);
        RunRecord back = RunRecord.parse(rec.toJson());
        assertEquals(point, back.point());
        assertEquals(List.of("t9", 7L, "simd", "float32", 256, "node-1", "3", 2),
                List.of(back.target(), back.seed(), back.backend(), back.dtype(), back.vectorBits(), back.host(),
                        back.executor(), back.attempts()));
        assertNull(back.failure());
        SameRun.assertSameRun(sample(), back.result());
        assertEquals(sample().wallMs(), back.result().wallMs());
        assertEquals(rec.toJson(), back.toJson());
    }

    @Test
    void aFailedRunKeepsWhereItWasAndWhatItThrew() {
        Point point = Grid.of("lr", 0.5).points().get(0);
        SweepFailure f = new SweepFailure("iris", point.key(), 3, 2, "node-2", "java.lang.ArithmeticException", "/ by zero", "trace");
        RunRecord back = RunRecord.parse(new RunRecord("iris", point, 3, "scalar", "float64", 512, "node-2", "1", 2, null, f).toJson());
        assertNull(back.result());
        assertEquals(f, back.failure());
        assertEquals("iris {lr=0.5} seed 3: java.lang.ArithmeticException: / by zero (2 attempts, on node-2)", f.toString());
    }

    @Test
    void anUnreadableRunFileIsNamedWithWhatIsWrong(@TempDir Path dir) throws IOException {
        RunStore store = new RunStore(dir);
        Point none = Grid.none().points().get(0);
        Path file = store.file("t9.sample", none, 1, false);
        RunStore.writeAtomically(file, "{\"format\": \"nnlab-sweep-run/1\", \"target\": 5}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.read("t9.sample", none, 1));
        assertTrue(e.getMessage().startsWith(file + ": not a readable run record ('target': expected a string, got 5)"), e.getMessage());
        RunStore.writeAtomically(file, new RunRecord("t9.sample", none, 2, "simd", "float32", 256, "h", "1", 1, sample(), null).toJson());
        e = assertThrows(IllegalStateException.class, () -> store.read("t9.sample", none, 1));
        assertTrue(e.getMessage().contains("holds t9.sample {} seed 2, expected t9.sample {} seed 1"), e.getMessage());
        assertNull(store.read("t9.sample", none, 9));
    }

    @Test
    void keepingARunLeavesOneWholeFileAndClearsAnEarlierFailure(@TempDir Path dir) throws IOException {
        RunStore store = new RunStore(dir);
        Point p = Grid.of("lr", 0.1).points().get(0);
        SweepFailure f = new SweepFailure("iris", p.key(), 1, 1, "h", "E", "m", "t");
        store.write(new RunRecord("iris", p, 1, "simd", "float32", 256, "h", "1", 1, null, f));
        assertTrue(Files.isRegularFile(dir.resolve("runs/iris/lr=0.1/seed-1.failed.json")));
        store.write(new RunRecord("iris", p, 1, "simd", "float32", 256, "h", "1", 1, sample(), null));
        try (Stream<Path> files = Files.list(dir.resolve("runs/iris/lr=0.1"))) {
            assertEquals(List.of("seed-1.json"), files.map(x -> x.getFileName().toString()).toList());
        }
        SameRun.assertSameRun(sample(), store.read("iris", p, 1).result());
    }
}
