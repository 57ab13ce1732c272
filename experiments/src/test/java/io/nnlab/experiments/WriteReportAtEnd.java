package io.nnlab.experiments;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writes the report from every result the tests computed, once the test run ends. */
public class WriteReportAtEnd implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        var results = Runner.results();
        var failures = Runner.failures();
        if (results.isEmpty() && failures.isEmpty()) return;
        Path dir = Report.defaultDir();
        try {
            Report.write(dir, results, failures, Report.Compute.ofRunner());
            System.out.println("nnlab report: " + dir.resolve("REPORT.md").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report to " + dir, e);
        }
    }
}
