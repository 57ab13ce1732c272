package io.nnlab.spark;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Run;
import io.nnlab.plots.Plot;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two results of the same run are equal in everything but the time it took, bit for bit. */
final class SameRun {
    private SameRun() {}

    /** The same head, the same runs behind it, the same spreads. */
    static void assertSameSweep(Result expected, Result actual) {
        assertSameRun(expected, actual);
        assertEquals(expected.runs().size(), actual.runs().size(), expected.id());
        for (int i = 0; i < expected.runs().size(); i++) assertSameRun(expected.runs().get(i), actual.runs().get(i));
        if (expected.sweep() != null) assertEquals(expected.sweep().spreads(), actual.sweep().spreads(), expected.id());
    }

    static void assertSameRun(Run expected, Run actual) {
        String id = expected.id() + " seed " + expected.seed();
        assertEquals(List.of(expected.id(), expected.seed(), expected.dtype()), List.of(actual.id(), actual.seed(), actual.dtype()), id);
        assertEquals(expected.metrics(), actual.metrics(), id); // Double.equals: bit for bit, NaN included
    }

    static void assertSameRun(Result expected, Result actual) {
        String id = expected.id() + " seed " + expected.seed();
        assertEquals(expected.id(), actual.id(), id);
        assertEquals(expected.seed(), actual.seed(), id);
        assertEquals(expected.dtype(), actual.dtype(), id);
        assertEquals(expected.stochastic(), actual.stochastic(), id);
        assertEquals(expected.metrics(), actual.metrics(), id); // Double.equals: bit for bit, NaN included
        assertEquals(expected.printed(), actual.printed(), id);
        assertEquals(expected.notes(), actual.notes(), id);
        assertEquals(expected.traces().keySet(), actual.traces().keySet(), id);
        expected.traces().forEach((k, v) -> assertArrayEquals(v, actual.traces().get(k), id + " trace " + k));
        assertEquals(expected.figures().size(), actual.figures().size(), id);
        for (int i = 0; i < expected.figures().size(); i++) {
            Figure ef = expected.figures().get(i), af = actual.figures().get(i);
            Plot e = ef.plot(), a = af.plot();
            String where = id + " " + ef.file();
            assertEquals(List.of(ef.file(), e.title(), e.kind(), e.width(), e.height(), e.xLabel(), e.yLabel(), e.isLogY()),
                    List.of(af.file(), a.title(), a.kind(), a.width(), a.height(), a.xLabel(), a.yLabel(), a.isLogY()), where);
            assertEquals(e.seriesNames(), a.seriesNames(), where);
            for (int s = 0; s < e.series().size(); s++) {
                Plot.Series es = e.series().get(s), as = a.series().get(s);
                assertEquals(es.style(), as.style(), where);
                assertArrayEquals(es.x(), as.x(), where);
                assertArrayEquals(es.y(), as.y(), where);
            }
            assertEquals(e.image() == null, a.image() == null, where);
            if (e.image() != null) for (int r = 0; r < e.image().length; r++) assertArrayEquals(e.image()[r], a.image()[r], where);
        }
    }
}
