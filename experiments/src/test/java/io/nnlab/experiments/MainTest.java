package io.nnlab.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: a selection gets a report folder of its own and leaves the full report alone. */
class MainTest {

    @Test
    void aSelectionWritesItsOwnFolderAndKeepsTheFullReport(@TempDir Path tmp) throws Exception {
        Path results = tmp.resolve("nnlab-results"), runs = tmp.resolve("nnlab-runs");
        Files.createDirectories(results);
        Files.writeString(results.resolve("results.json"), "the full report\n");

        // Two cheap deterministic results, named twice and out of the catalogue's order.
        Path dir = Main.run(new String[]{"t5.numerical-derivative,t4.backprop-worked-example", "t5.numerical-derivative"},
                results, runs);

        assertEquals(runs.resolve("t5.numerical-derivative+t4.backprop-worked-example"), dir);
        assertEquals("the full report\n", Files.readString(results.resolve("results.json")), "full report untouched");
        String json = Files.readString(dir.resolve("results.json"));
        int t4 = json.indexOf("\"id\": \"t4.backprop-worked-example\""), t5 = json.indexOf("\"id\": \"t5.numerical-derivative\"");
        assertTrue(t4 >= 0 && t5 > t4, "both results, in the catalogue's order: " + json);
        assertEquals(t5, json.lastIndexOf("\"id\": \"t5.numerical-derivative\""), "one entry per id: " + json);
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("`t4.backprop-worked-example`"));
    }

    @Test
    void allGoesToTheFullReportAndASelectionToAFolderNamedForIt() {
        Path results = Path.of("r"), runs = Path.of("runs");
        assertEquals(results, Main.reportDir(List.of("all"), results, runs));
        assertEquals(results, Main.reportDir(List.of("t1", "all"), results, runs));
        assertEquals(runs.resolve("t3"), Main.reportDir(List.of("t3"), results, runs));
        assertEquals(runs.resolve("t1.bfgs-ripple+t2"), Main.reportDir(List.of("t1.bfgs-ripple", "t2", "t1.bfgs-ripple"),
                results, runs));
    }

    /** The tests' report replaces the full one only when the run computed every result of the catalogue. */
    @Test
    void aTestRunOfSomeResultsWritesItsReportBesideTheFullOne() {
        Path results = Path.of("r"), runs = Path.of("runs");
        Set<String> done = new HashSet<>();
        Catalog.experiments().forEach(e -> done.add(e.id()));
        assertEquals(results, WriteReportAtEnd.reportDir(done, results, runs));
        done.remove("t3.mnist-mlp");
        assertEquals(runs.resolve("tests"), WriteReportAtEnd.reportDir(done, results, runs));
    }

    @Test
    void helpAndListWriteNothing(@TempDir Path tmp) throws Exception {
        assertNull(Main.run(new String[]{"--help"}, tmp.resolve("r"), tmp.resolve("runs")));
        assertNull(Main.run(new String[]{"--list"}, tmp.resolve("r"), tmp.resolve("runs")));
        assertFalse(Files.exists(tmp.resolve("r")) || Files.exists(tmp.resolve("runs")));
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes(@TempDir Path tmp) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[]{"t9"}, tmp.resolve("r"), tmp.resolve("runs")));
        assertTrue(e.getMessage().contains("no tutorial 't9'") && e.getMessage().contains("t1 t2 t3 t4 t5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[]{"t1.nope"}, tmp.resolve("r"), tmp.resolve("runs")));
        assertTrue(e.getMessage().contains("no experiment 't1.nope'"), e.getMessage());
    }
}
