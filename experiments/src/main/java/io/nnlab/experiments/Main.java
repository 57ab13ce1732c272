package io.nnlab.experiments;

import io.nnlab.tensor.Backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].isBlank() || args[0].equals("--help")) {
            System.out.println("usage: Main all | t1..t5 | <result id>... | --list");
            return;
        }
        if (args[0].equals("--list")) {
            for (Experiment e : Catalog.experiments()) System.out.println(e.id());
            return;
        }
        List<Experiment> selected = new ArrayList<>();
        for (String a : args) {
            for (String arg : a.split("[,\\s]+")) {
                if (arg.isEmpty()) continue;
                if (arg.equals("all")) selected.addAll(Catalog.experiments());
                else if (!arg.contains(".")) {
                    selected.addAll(Catalog.tutorial(arg).orElseThrow(() -> new IllegalArgumentException(
                            "no tutorial '" + arg + "'; known: t1 t2 t3 t4 t5")).experiments());
                } else selected.add(Catalog.experiment(arg));
            }
        }
        System.out.println("backend " + Backend.current().label() + " (" + Backend.reason() + "), seeds " + Runner.seeds());
        List<Result> results = new ArrayList<>();
        for (Experiment e : selected) {
            Result r = Runner.result(e.id());
            results.add(r);
            System.out.printf(Locale.ROOT, "%-34s %8.1f ms  %s%n", r.id(), r.wallMs(), r.metrics());
        }
        Path dir = Report.defaultDir();
        Report.write(dir, results);
        System.out.println("report: " + dir.resolve("REPORT.md").toAbsolutePath());
    }
}
