package io.nnlab.experiments;

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

/**
 * Writes the results folder: results.json (one entry per result, metric names as the tutorials' result list gives them),
 * REPORT.md (per tutorial, metric by metric: the tutorial's value, nnlab's and a verdict, figures
 * embedded), the figures as PNG and the traces as CSV.
 */
public final class Report {
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private Report() {}

    /** The folder results go to: -Dnnlab.results.dir, else experiments/target/nnlab-results. */
    public static Path defaultDir() {
        String d = System.getProperty("nnlab.results.dir", "").trim();
        return d.isEmpty() ? Path.of("experiments", "target", "nnlab-results") : Path.of(d);
    }

    public static void write(Path dir, List<Result> unsorted) throws IOException {
        List<Result> results = new ArrayList<>(unsorted);
        List<String> order = Catalog.experiments().stream().map(Experiment::id).toList();
        results.sort(Comparator.comparingInt((Result r) -> {
            int i = order.indexOf(r.id());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Result::id));
        Files.createDirectories(dir);
        for (Result r : results) {
            for (Figure f : r.figures()) f.plot().save(dir.resolve(f.file()));
            writeTraces(dir, r);
        }
        Files.writeString(dir.resolve("results.json"), json(results), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("REPORT.md"), markdown(results), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ results.json

    static String json(List<Result> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("nnlab_version", VERSION);
        root.put("backend", Runner.backend());
        root.put("seeds", Runner.seeds());
        List<Object> entries = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.id());
            e.put("tutorial", r.tutorial());
            e.put("dtype", r.dtype());
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

    static String markdown(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# nnlab: the tutorials reproduced\n\n");
        sb.append("Backend `").append(Runner.backend()).append("`, ")
                .append(Runner.seeds() == 1 ? "one seed per result" : Runner.seeds() + " seeds per stochastic result")
                .append(", nnlab ").append(VERSION).append(". Verdicts compare nnlab's value with the value the ")
                .append("tutorial printed, to the printed digits (for a seed sweep, the median).\n\n");
        Map<String, List<Result>> byTutorial = new LinkedHashMap<>();
        for (Result r : results) byTutorial.computeIfAbsent(r.tutorial(), k -> new ArrayList<>()).add(r);
        double totalMs = 0;
        for (Map.Entry<String, List<Result>> t : byTutorial.entrySet()) {
            double ms = t.getValue().stream().mapToDouble(Result::wallMs).sum();
            totalMs += ms;
            sb.append("## ").append(t.getKey()).append(" — ").append(Catalog.title(t.getKey()))
                    .append(String.format(Locale.ROOT, " (%.0f ms)%n%n", ms));
            sb.append("| result | metric | tutorial | nnlab | verdict |\n|---|---|---|---|---|\n");
            for (Result r : t.getValue()) {
                for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                    Result.Printed p = r.printed().get(m.getKey());
                    Sweep.Spread s = r.sweep() == null ? null : r.sweep().spread(m.getKey());
                    double ours = s == null ? m.getValue() : s.median();
                    String value = s == null ? fmt(ours) : String.format(Locale.ROOT, "%s (5–95 %%: %s – %s, %d seeds)",
                            fmt(s.median()), fmt(s.p5()), fmt(s.p95()), r.sweep().size());
                    String verdict = p == null ? "—" : (Math.abs(ours - p.value()) <= p.tolerance() ? "matches" : "differs");
                    sb.append("| `").append(r.id()).append("` | ").append(m.getKey()).append(" | ")
                            .append(p == null ? "" : fmt(p.value())).append(" | ").append(value).append(" | ")
                            .append(verdict).append(" |\n");
                }
            }
            sb.append('\n');
            for (Result r : t.getValue()) {
                if (r.notes().isEmpty() && r.figures().isEmpty()) continue;
                sb.append("**").append(r.id()).append("** (").append(r.dtype()).append(", seed ").append(r.seed())
                        .append(String.format(Locale.ROOT, ", %.1f ms", r.wallMs())).append("). ");
                sb.append(String.join(" ", r.notes())).append("\n\n");
                for (Figure f : r.figures()) sb.append("![").append(f.title()).append("](").append(f.file()).append(")\n");
                if (!r.figures().isEmpty()) sb.append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "Total compute: %.0f ms.%n", totalMs));
        return sb.toString();
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
            Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        }
    }
}
