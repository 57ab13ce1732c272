package io.nnlab.experiments;

import io.nnlab.tensor.Backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Runs tutorial results from the command line and writes the report.
 *
 * <pre>
 *   Main all              every result
 *   Main t3               one tutorial
 *   Main t1.bfgs-ripple   one result (several ids may follow each other)
 *   Main --list           the ids
 * </pre>
 * Settings are the same system properties the tests read: nnlab.seeds, nnlab.dtype,
 * nnlab.backend, nnlab.threads, nnlab.data.dir, nnlab.results.dir.
 *
 * <p>{@code all} writes the full report to the results folder, as the test run does. Any other
 * selection writes a report of its own to {@code <nnlab.runs.dir>/<selection>} (for example
 * {@code nnlab-runs/t1.bfgs-ripple}), so that trying one result never replaces the full report.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        run(args, Report.defaultDir(), runsDir());
    }

    /** The folder a selection's own report goes under: -Dnnlab.runs.dir, else experiments/target/nnlab-runs. */
    static Path runsDir() {
        String d = System.getProperty("nnlab.runs.dir", "").trim();
        return d.isEmpty() ? Path.of("experiments", "target", "nnlab-runs") : Path.of(d);
    }

    /** The full results folder when "all" is among the names, else runsDir/name+name+… (each name once). */
    static Path reportDir(List<String> names, Path resultsDir, Path runsDir) {
        if (names.contains("all")) return resultsDir;
        return runsDir.resolve(String.join("+", new LinkedHashSet<>(names)));
    }

    /** Runs the selection in args and writes its report; returns the folder written, or null when nothing ran. */
    static Path run(String[] args, Path resultsDir, Path runsDir) throws Exception {
        if (args.length == 0 || args[0].isBlank() || args[0].equals("--help")) {
            System.out.println("usage: Main all | t1..t5 | <result id>... | --list");
            return null;
        }
        if (args[0].equals("--list")) {
            for (Experiment e : Catalog.experiments()) System.out.println(e.id());
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String a : args) for (String arg : a.split("[,\\s]+")) if (!arg.isEmpty()) names.add(arg);
        List<Experiment> selected = Catalog.select(names);
        Set<String> ids = new HashSet<>();
        for (Experiment e : selected) ids.add(e.id());
        OptionalInt override = Runner.seedsOverride();
        System.out.println("backend " + Backend.current().label() + " (" + Backend.reason() + "), seeds "
                + (override.isPresent() ? override.getAsInt() + " for every stochastic result" : "per result (default)")
                + ", " + Runner.workers() + " runs at once");
        List<Result> results = Runner.results(selected);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-34s %8.1f ms  %s%n", r.id(), r.wallMs(), r.metrics());
        }
        Map<String, String> failures = new LinkedHashMap<>();
        Runner.failures().forEach((id, why) -> {
            if (ids.contains(id)) failures.put(id, why);
        });
        failures.forEach((id, why) -> System.out.println(id + " FAILED: " + why));
        Path dir = reportDir(names, resultsDir, runsDir);
        Report.write(dir, results, failures, Report.Compute.ofRunner());
        System.out.printf(Locale.ROOT, "compute: %d runs, %.1f s wall%n", Runner.runsFinished(), Runner.computeWallMs() / 1000);
        System.out.println("report: " + dir.resolve("REPORT.md").toAbsolutePath());
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + selected.size() + " results failed: " + failures.keySet());
        }
        return dir;
    }
}
