package io.nnlab.spark;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridTest {

    @Test
    void pointsAreTheCartesianProductFirstAxisSlowest() {
        Grid g = Grid.of("lr", 0.01, 0.1).and("hidden", 4, 8).and("opt", "adam");
        assertEquals(4, g.size());
        assertEquals(List.of("lr=0.01,hidden=4,opt=adam", "lr=0.01,hidden=8,opt=adam", "lr=0.1,hidden=4,opt=adam",
                "lr=0.1,hidden=8,opt=adam"), g.points().stream().map(Point::key).toList());
        Point p = g.points().get(3);
        assertEquals(0.1, p.getDouble("lr"));
        assertEquals(8, p.getInt("hidden"));
        assertEquals(8.0, p.getDouble("hidden"));
        assertEquals("adam", p.getString("opt"));
        assertEquals(List.of(""), Grid.none().points().stream().map(Point::key).toList());
    }

    @Test
    void commandLineAxesReadNumbersBooleansAndWords() {
        Grid g = Grid.none().and("batch=32,128").and("lr=1e-3,0.01").and("bn=true,false").and("act=relu");
        Point p = g.points().get(0);
        assertEquals(Map.of("batch", 32L, "lr", 0.001, "bn", true, "act", "relu"), p.values());
        assertEquals("batch=32,lr=0.001,bn=true,act=relu", p.key());
    }

    @Test
    void badGridsAreRefusedSayingWhy() {
        assertMessage("has no values", () -> Grid.of("lr"));
        assertMessage("repeats the value", () -> Grid.of("lr", 0.1, 0.1));
        assertMessage("given twice", () -> Grid.of("lr", 0.1).and("lr", 0.2));
        assertMessage("has the value NaN", () -> Grid.of("lr", Double.NaN));
        assertMessage("got a/b", () -> Grid.of("opt", "a/b"));
        assertMessage("got 'l r'", () -> Grid.of("l r", 1));
        assertMessage("expected name=value", () -> Grid.none().and("lr"));
        Point p = Grid.of("lr", 0.1).points().get(0);
        assertMessage("has no parameter 'hidden'; it has [lr]", () -> p.getInt("hidden"));
        assertMessage("expected a whole number", () -> p.getInt("lr"));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
