package io.nnlab.experiments;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes the report from every result the tests computed, once the test run ends: into the full
 * results folder when the run computed (or failed) every result of the catalogue, as the main job
 * does; else into the runs folder's {@code tests/}, as Main writes a selection of its own, so that a
 * run of a few tests never replaces the full report.
 */
public class WriteReportAtEnd implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        var results = Runner.results();
        var failures = Runner.failures();
        if (results.isEmpty() && failures.isEmpty()) return;
        Set<String> done = new HashSet<>(failures.keySet());
        for (Result r : results) done.add(r.id());
        Path dir = reportDir(done, Report.defaultDir(), Main.runsDir());
        try {
            Report.write(dir, results, failures, Report.Compute.ofRunner());
            System.out.println("nnlab report: " + dir.resolve("REPORT.md").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report to " + dir, e);
        }
    }

    /** resultsDir when the ids done cover the whole catalogue, else runsDir/tests. */
    static Path reportDir(Set<String> done, Path resultsDir, Path runsDir) {
        boolean all = Catalog.experiments().stream().allMatch(e -> done.contains(e.id()));
        return all ? resultsDir : runsDir.resolve("tests");
    }
}
