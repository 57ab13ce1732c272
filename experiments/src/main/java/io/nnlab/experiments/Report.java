package io.nnlab.experiments;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.io.AtomicFile;
import io.nnlab.tensor.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Writes the results folder: results.json (one entry per result, metric names as the tutorials' result list gives them),
 * REPORT.md (a count of the verdicts per tutorial, then per tutorial, metric by metric: the tutorial's value, nnlab's
 * and a {@link Verdict}, figures embedded), the figures as PNG and the traces as CSV.
 */
public final class Report {
    public static final String VERSION = "0.1.0-SNAPSHOT";

    /**
     * How the results were computed, for the report's account of time.
     *
     * @param runs    how many (result, seed) runs were made, untrained ones and those only the tests asked for included
     * @param workers how many ran at once at most
     * @param wallMs  the compute's wall time: the time during which at least one run was going
     */
    public record Compute(int runs, int workers, double wallMs) {
        /** This JVM's runner so far. */
        public static Compute ofRunner() {
            return new Compute(Runner.runsFinished(), Runner.workers(), Runner.computeWallMs());
        }
    }

    /**
     * What the results were computed with, for the report's head.
     *
     * @param backend    "simd" or "scalar"
     * @param vectorBits the width of the vectors the SIMD kernels ran on: SIMD results depend on it
     * @param seeds      the n of seeds 1..n that every stochastic result ran over, when one count was set
     *                   for all; else each result ran over its own default
     */
    public record Setup(String backend, int vectorBits, OptionalInt seeds) {
        /** This JVM's: its backend and vector width, and -Dnnlab.seeds. */
        public static Setup ofRunner() {
            return new Setup(Runner.backend(), Backend.vectorBits(), Runner.seedsOverride());
        }
    }

    private Report() {}

    /** The folder results go to: -Dnnlab.results.dir, else experiments/target/nnlab-results. */
    public static Path defaultDir() {
        String d = System.getProperty("nnlab.results.dir", "").trim();
        return d.isEmpty() ? Path.of("experiments", "target", "nnlab-results") : Path.of(d);
    }

    /** Writes the folder for these results, as this JVM's runner computed them, with nothing failed. */
    public static void write(Path dir, List<Result> results) throws IOException {
        write(dir, results, Map.of(), Compute.ofRunner());
    }

    /**
     * Writes the folder: results.json, REPORT.md, figures and traces.
     *
     * @param results     the results, each with its sweep if it headed one; written in the catalogue's order
     * @param notComputed results that failed, by id, with the reason; listed at the head of REPORT.md
     * @param compute     how the results were computed, for the report's account of time
     */
    public static void write(Path dir, List<Result> results, Map<String, String> notComputed, Compute compute)
            throws IOException {
        write(dir, results, notComputed, compute, Setup.ofRunner());
    }

    /**
     * Writes the folder for results computed elsewhere (a sweep on a cluster, say), as {@code setup} says.
     * Results outside the tutorials' catalogue (a grid's points) follow the tutorials', in the order given.
     */
    public static void write(Path dir, List<Result> results, Map<String, String> notComputed, Compute compute,
                             Setup setup) throws IOException {
        List<Result> sorted = new ArrayList<>(results);
        List<String> order = Catalog.experiments().stream().map(Experiment::id).toList();
        sorted.sort(Comparator.comparingInt((Result r) -> {
            int i = order.indexOf(r.id());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        Files.createDirectories(dir);
        for (Result r : sorted) {
            for (Figure f : r.figures()) f.plot().save(dir.resolve(f.file()));
            writeTraces(dir, r);
        }
        writeText(dir.resolve("results.json"), json(sorted, compute, setup));
        writeText(dir.resolve("REPORT.md"), markdown(sorted, notComputed, compute, setup));
    }

    // ------------------------------------------------------------------ results.json

    static String json(List<Result> results, Compute compute, Setup setup) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("nnlab_version", VERSION);
        root.put("backend", setup.backend());
        root.put("vector_bits", setup.vectorBits());
        OptionalInt override = setup.seeds();
        root.put("seeds", override.isPresent() ? (Object) override.getAsInt() : null);
        root.put("default_sweep_seeds", Experiment.SWEEP);
        root.put("runs", compute.runs());
        root.put("workers", compute.workers());
        root.put("compute_wall_ms", Math.round(compute.wallMs() * 10) / 10.0);
        List<Object> entries = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.id());
            e.put("tutorial", r.tutorial());
            e.put("dtype", r.dtype());
            e.put("stochastic", r.stochastic());
            e.put("seed", r.seed());
            e.put("wall_ms", Math.round(r.wallMs() * 10) / 10.0);
            Map<String, Object> metrics = new LinkedHashMap<>();
            r.metrics().forEach((k, v) -> metrics.put(k, number(v)));
            e.put("metrics", metrics);
            Map<String, Object> printed = new LinkedHashMap<>();
            r.printed().forEach((k, p) -> printed.put(k, number(p.value())));
            e.put("printed", printed);
            e.put("notes", String.join(" ", r.notes()));
            e.put("figures", r.figures().stream().map(Figure::file).toList());
            e.put("traces", r.traces().keySet().stream().map(t -> traceFile(r, t)).toList());
            if (r.sweep() != null) {
                Map<String, Object> sweep = new LinkedHashMap<>();
                sweep.put("seeds", r.sweep().size());
                sweep.put("wall_ms", Math.round(r.sweep().wallMs() * 10) / 10.0);
                Map<String, Object> per = new LinkedHashMap<>();
                r.sweep().spreads().forEach((k, s) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("median", number(s.median()));
                    m.put("p5", number(s.p5()));
                    m.put("p95", number(s.p95()));
                    m.put("min", number(s.min()));
                    m.put("max", number(s.max()));
                    per.put(k, m);
                });
                sweep.put("metrics", per);
                e.put("sweep", sweep);
            }
            entries.add(e);
        }
        root.put("results", entries);
        return Json.writeIndented(root);
    }

    /** JSON has no NaN or infinity: null says "no finite value". */
    private static Double number(double d) {
        return Double.isFinite(d) ? d : null;
    }

    // ------------------------------------------------------------------ REPORT.md

    static String markdown(List<Result> results, Map<String, String> notComputed, Compute compute) {
        return markdown(results, notComputed, compute, Setup.ofRunner());
    }

    static String markdown(List<Result> results, Map<String, String> notComputed, Compute compute, Setup setup) {
        Map<String, List<Result>> byTutorial = new LinkedHashMap<>();
        for (Result r : results) byTutorial.computeIfAbsent(r.tutorial(), k -> new ArrayList<>()).add(r);

        StringBuilder sb = new StringBuilder();
        sb.append("# nnlab: the tutorials reproduced\n\n");
        sb.append("Backend `").append(setup.backend()).append('`')
                .append(setup.backend().equals("simd") ? " (" + setup.vectorBits() + "-bit vectors)" : "")
                .append(", nnlab ").append(VERSION).append(". ");
        OptionalInt override = setup.seeds();
        if (override.isPresent()) {
            sb.append("Every stochastic result ran over seeds 1–").append(override.getAsInt()).append('.');
        } else {
            sb.append("Stochastic results ran over seeds 1–").append(Experiment.SWEEP)
                    .append(", the costly ones over seed 1 alone (`-Dnnlab.seeds=N` runs every one over N seeds).");
        }
        sb.append("\n\n");
        counts(sb, byTutorial);
        sb.append("\nA deterministic result matches when it agrees with the printed value to the printed digits. A stochastic "
                + "result is one draw among many, for the tutorial as for nnlab, so the printed value is placed in nnlab's "
                + "spread over the seeds: inside the 5–95 % range (at its percentile there) or outside it; nnlab's "
                + "column gives the median and that range. One run of a stochastic result has no spread and is not "
                + "judged.\n\n");
        sb.append(String.format(Locale.ROOT, "Compute: %d runs, up to %d at once, took %.1f s of wall time (from the first "
                        + "run's start to the last one's end, less the time no run was going). The times beside each result "
                        + "are its runs' own elapsed times: where runs overlapped, a run's time includes waiting for a core "
                        + "while others ran, so the times add up to more than the wall time. `wall_ms` in results.json is the "
                        + "seed-1 run's time; `sweep.wall_ms` all of its runs' together.%n%n",
                compute.runs(), compute.workers(), compute.wallMs() / 1000));
        if (!notComputed.isEmpty()) {
            sb.append("**Not computed:**\n\n");
            notComputed.forEach((id, why) -> sb.append("- `").append(id).append("`: ")
                    .append(why == null ? "failed" : why.strip().replaceAll("\\s+", " ")).append('\n'));
            sb.append('\n');
        }

        for (Map.Entry<String, List<Result>> t : byTutorial.entrySet()) {
            int runs = 0;
            double ms = 0;
            for (Result r : t.getValue()) {
                runs += r.runs().size();
                ms += r.sweep() == null ? r.wallMs() : r.sweep().wallMs();
            }
            sb.append("## ").append(t.getKey()).append(" — ").append(Catalog.title(t.getKey()))
                    .append(String.format(Locale.ROOT, " (%d runs, %.0f ms)%n%n", runs, ms));
            sb.append("| result | metric | tutorial | nnlab | verdict |\n|---|---|---|---|---|\n");
            for (Result r : t.getValue()) {
                for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                    Result.Printed p = r.printed().get(m.getKey());
                    Sweep.Spread s = r.sweep() == null ? null : r.sweep().spread(m.getKey());
                    String value = s == null ? fmt(m.getValue()) : String.format(Locale.ROOT,
                            "%s (5–95 %%: %s – %s, %d seeds)", fmt(s.median()), fmt(s.p5()), fmt(s.p95()), r.sweep().size());
                    sb.append("| `").append(r.id()).append("` | ").append(m.getKey()).append(" | ")
                            .append(p == null ? "" : fmt(p.value())).append(" | ").append(value).append(" | ")
                            .append(Verdict.of(r, m.getKey()).text()).append(" |\n");
                }
            }
            sb.append('\n');
            for (Result r : t.getValue()) {
                if (r.notes().isEmpty() && r.figures().isEmpty()) continue;
                sb.append("**").append(r.id()).append("** (").append(r.dtype()).append(", seed ").append(r.seed())
                        .append(String.format(Locale.ROOT, ", %.1f ms", r.wallMs()));
                if (r.sweep() != null) {
                    sb.append(String.format(Locale.ROOT, "; seeds 1–%d, %.0f ms in all", r.sweep().size(),
                            r.sweep().wallMs()));
                }
                sb.append("). ").append(String.join(" ", r.notes())).append("\n\n");
                for (Figure f : r.figures()) sb.append("![").append(f.title()).append("](").append(f.file()).append(")\n");
                if (!r.figures().isEmpty()) sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The verdicts counted per tutorial, and over all: the report's first table. */
    private static void counts(StringBuilder sb, Map<String, List<Result>> byTutorial) {
        Verdict.Kind[] kinds = Verdict.Kind.values();
        sb.append("| tutorial | printed |");
        for (Verdict.Kind k : kinds) sb.append(' ').append(k.heading()).append(" |");
        sb.append("\n|---|---|");
        for (int i = 0; i < kinds.length; i++) sb.append("---|");
        sb.append('\n');
        int[] total = new int[kinds.length];
        for (Map.Entry<String, List<Result>> t : byTutorial.entrySet()) {
            int[] count = new int[kinds.length];
            for (Result r : t.getValue()) {
                for (String metric : r.metrics().keySet()) count[Verdict.of(r, metric).kind().ordinal()]++;
            }
            countRow(sb, t.getKey() + " — " + Catalog.title(t.getKey()), count);
            for (int i = 0; i < kinds.length; i++) total[i] += count[i];
        }
        countRow(sb, "all", total);
    }

    private static void countRow(StringBuilder sb, String name, int[] count) {
        int printed = 0;
        for (int i = 0; i < count.length; i++) if (i != Verdict.Kind.NOT_PRINTED.ordinal()) printed += count[i];
        sb.append("| ").append(name).append(" | ").append(printed).append(" |");
        for (int c : count) sb.append(' ').append(c).append(" |");
        sb.append('\n');
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "nan";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format(Locale.ROOT, "%.0f", v);
        double a = Math.abs(v);
        // Six significant digits without trailing zeros: 0.0117, not 0.0117000.
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toString();
        if (a >= 1e-3 && a < 1e6) return new java.math.BigDecimal(s).toPlainString();
        return s.replace("E", "e");
    }

    // ------------------------------------------------------------------ traces

    private static String traceFile(Result r, String trace) {
        return r.tutorial() + "/" + r.id().substring(r.id().indexOf('.') + 1) + "-" + trace + ".csv";
    }

    private static void writeTraces(Path dir, Result r) throws IOException {
        for (Map.Entry<String, double[]> t : r.traces().entrySet()) {
            Path p = dir.resolve(traceFile(r, t.getKey()));
            Files.createDirectories(p.getParent());
            StringBuilder sb = new StringBuilder("step,").append(t.getKey()).append('\n');
            double[] v = t.getValue();
            for (int i = 0; i < v.length; i++) sb.append(i).append(',').append(v[i]).append('\n');
            writeText(p, sb.toString());
        }
    }

    /** A text file written whole or not at all, as every file nnlab writes. */
    private static void writeText(Path file, String text) throws IOException {
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
