package io.nnlab.spark;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two results of the same run are equal in everything but the time it took, bit for bit. */
final class SameRun {
    private SameRun() {}

    static void assertSameRun(Result expected, Result actual) {
        String id = expected.id() + " seed " + expected.seed();
        assertEquals(expected.id(), actual.id(), id);
        assertEquals(expected.seed(), actual.seed(), id);
        assertEquals(expected.dtype(), actual.dtype(), id);
        assertEquals(expected.metrics(), actual.metrics(), id); // Double.equals: bit for bit, NaN included
        assertEquals(expected.printed(), actual.printed(), id);
        assertEquals(expected.notes(), actual.notes(), id);
        assertEquals(expected.traces().keySet(), actual.traces().keySet(), id);
        expected.traces().forEach((k, v) -> assertArrayEquals(v, actual.traces().get(k), id + " trace " + k));
        assertEquals(expected.figures().size(), actual.figures().size(), id);
        for (int i = 0; i < expected.figures().size(); i++) {
            Figure e = expected.figures().get(i), a = actual.figures().get(i);
            assertEquals(e.file() + e.title() + e.kind() + e.xLabel() + e.yLabel() + e.isLogY(),
                    a.file() + a.title() + a.kind() + a.xLabel() + a.yLabel() + a.isLogY(), id);
            assertEquals(e.series().size(), a.series().size(), id + " " + e.file());
            for (int s = 0; s < e.series().size(); s++) {
                assertEquals(e.series().get(s).name() + e.series().get(s).style(), a.series().get(s).name() + a.series().get(s).style());
                assertArrayEquals(e.series().get(s).x(), a.series().get(s).x(), id + " " + e.file());
                assertArrayEquals(e.series().get(s).y(), a.series().get(s).y(), id + " " + e.file());
            }
            assertEquals(e.image() == null, a.image() == null, id + " " + e.file());
            if (e.image() != null) for (int r = 0; r < e.image().length; r++) assertArrayEquals(e.image()[r], a.image()[r]);
        }
    }
}
