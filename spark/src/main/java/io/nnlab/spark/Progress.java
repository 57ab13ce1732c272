package io.nnlab.spark;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Locale;

/**
 * The sweep's progress in the log: runs done of the total, elapsed time and the time left at the rate
 * so far. A line at most every few seconds, and one for the last run; a failed run at once, as a warning.
 */
final class Progress {
    private static final long EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final Logger log;
    private final int total;
    private final long start = System.nanoTime();
    private long lastLine = start;
    private int done;
    private int failed;

    Progress(Logger log, int total) {
        this.log = log;
        this.total = total;
    }

    synchronized void finished(RunRecord r) {
        done++;
        if (!r.ok()) {
            failed++;
            log.warn("run failed: {}", r.failure());
        }
        long now = System.nanoTime();
        if (done == total || now - lastLine >= EVERY_NANOS) {
            lastLine = now;
            log.info("{}", line(now));
        }
    }

    String line(long now) {
        double elapsed = (now - start) / 1e9;
        String eta = done == total ? "done" : "ETA " + clock(elapsed / done * (total - done));
        return String.format(Locale.ROOT, "sweep: %d/%d runs (%d %%)%s, %s elapsed, %s", done, total, 100 * done / total,
                failed == 0 ? "" : ", " + failed + " failed", clock(elapsed), eta);
    }

    /** 0:07, 12:34, 1:02:03. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
