package io.nnlab.experiments;

import io.nnlab.tensor.io.Json;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
            for (Figure f : r.figures()) render(dir.resolve(f.file()), f);
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

    // ------------------------------------------------------------------ traces and figures

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

    static void render(Path file, Figure f) throws IOException {
        Files.createDirectories(file.getParent());
        Chart<?, ?> chart = switch (f.kind()) {
            case XY -> xyChart(f);
            case BAR -> barChart(f);
            case IMAGE -> imageChart(f);
        };
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart xyChart(Figure f) {
        XYChart c = new XYChartBuilder().width(800).height(500).title(f.title())
                .xAxisTitle(f.xLabel()).yAxisTitle(f.yLabel()).build();
        c.getStyler().setYAxisLogarithmic(f.isLogY());
        c.getStyler().setLegendVisible(f.series().size() > 1);
        for (Figure.Series s : f.series()) {
            Figure.Series drawable = f.isLogY() ? positiveOnly(s) : s;
            if (drawable.x().length == 0) continue;
            XYSeries xs = c.addSeries(s.name(), drawable.x(), drawable.y());
            if (s.style() == Figure.Style.SCATTER) {
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                xs.setMarker(SeriesMarkers.CIRCLE);
            } else {
                xs.setMarker(SeriesMarkers.NONE);
            }
        }
        double start = evenStart(c);
        if (!Double.isNaN(start)) c.getStyler().setXAxisMin(start);
        return c;
    }

    /**
     * XChart labels x values that are evenly spaced (1, 2, …, 2000: any trace) at every k-th value, 1, 101,
     * 201, …, which run into each other once they are long; only when the axis bounds break the even spacing
     * does it take its own round steps (0, 250, 500, …). So for such data the axis starts half a spacing
     * before the first value (at least XChart's evenness tolerance, 1e-4). NaN when the values are uneven.
     */
    static double evenStart(XYChart c) {
        // XChart's test: the distinct values, its lower bound first and its upper bound last, step evenly.
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        Set<Double> values = new LinkedHashSet<>();
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double x : s.getXData()) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        values.add(lo);
        for (XYSeries s : c.getSeriesMap().values()) for (double x : s.getXData()) values.add(x);
        values.add(hi);
        if (values.size() < 2 || !(hi - lo > 1e-4)) return Double.NaN;
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double spacing = v[1] - v[0];
        for (int i = 2; i < v.length; i++) if (Math.abs(v[i] - v[i - 1] - spacing) >= 1e-4) return Double.NaN;
        return lo - Math.max(Math.abs(spacing) / 2, 2e-4);
    }

    /** A log axis cannot show y <= 0 (a cost of exactly 0, say): such points are left out of the plot. */
    private static Figure.Series positiveOnly(Figure.Series s) {
        int n = 0;
        for (double y : s.y()) if (y > 0) n++;
        if (n == s.y().length) return s;
        double[] x = new double[n], y = new double[n];
        for (int i = 0, j = 0; i < s.y().length; i++) {
            if (s.y()[i] > 0) {
                x[j] = s.x()[i];
                y[j++] = s.y()[i];
            }
        }
        return new Figure.Series(s.name(), x, y, s.style());
    }

    private static CategoryChart barChart(Figure f) {
        CategoryChart c = new CategoryChartBuilder().width(800).height(400).title(f.title())
                .xAxisTitle(f.xLabel()).yAxisTitle(f.yLabel()).build();
        c.getStyler().setLegendVisible(f.series().size() > 1);
        for (Figure.Series s : f.series()) {
            List<Number> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                xs.add(s.x()[i] == Math.rint(s.x()[i]) ? (Number) (int) s.x()[i] : s.x()[i]);
                ys.add(s.y()[i]);
            }
            c.addSeries(s.name(), xs, ys);
        }
        return c;
    }

    private static HeatMapChart imageChart(Figure f) {
        double[][] px = f.image();
        int rows = px.length, cols = px[0].length;
        HeatMapChart c = new HeatMapChartBuilder().width(520).height(500).title(f.title()).build();
        c.getStyler().setRangeColors(new Color[]{Color.WHITE, Color.BLACK});
        c.getStyler().setLegendVisible(false);
        c.getStyler().setShowValue(false);
        List<Integer> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < cols; i++) xs.add(i);
        for (int i = 0; i < rows; i++) ys.add(i);
        List<Number[]> heat = new ArrayList<>();
        // The chart's y axis points up; flip rows so the image is upright.
        for (int r = 0; r < rows; r++) for (int col = 0; col < cols; col++) heat.add(new Number[]{col, rows - 1 - r, px[r][col]});
        c.addSeries("pixels", xs, ys, heat);
        return c;
    }
}
