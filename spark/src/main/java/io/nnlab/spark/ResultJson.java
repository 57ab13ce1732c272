package io.nnlab.spark;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.plots.Plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Result} as JSON values and back, whole: metrics, printed values, notes, traces and the
 * figures' data, every double exact (NaN and the infinities, which JSON cannot write, as the strings
 * "NaN", "Infinity" and "-Infinity"). This is how a run travels from an executor and how it is kept
 * on disk, so that a resumed sweep reports exactly what the first one computed.
 */
final class ResultJson {
    private ResultJson() {}

    static Map<String, Object> write(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("dtype", r.dtype());
        m.put("stochastic", r.stochastic());
        m.put("seed", r.seed());
        m.put("wall_ms", number(r.wallMs()));
        Map<String, Object> metrics = new LinkedHashMap<>();
        r.metrics().forEach((k, v) -> metrics.put(k, number(v)));
        m.put("metrics", metrics);
        Map<String, Object> printed = new LinkedHashMap<>();
        r.printed().forEach((k, p) -> printed.put(k, List.of(number(p.value()), number(p.tolerance()))));
        m.put("printed", printed);
        m.put("notes", List.copyOf(r.notes()));
        Map<String, Object> traces = new LinkedHashMap<>();
        r.traces().forEach((k, v) -> traces.put(k, numbers(v)));
        m.put("traces", traces);
        List<Object> figures = new ArrayList<>();
        for (Figure f : r.figures()) figures.add(write(f));
        m.put("figures", figures);
        return m;
    }

    static Result read(Map<String, Object> m) {
        Result r = new Result(string(m, "id"));
        r.dtype(string(m, "dtype")).seed(whole(m, "seed")).stochastic(Boolean.TRUE.equals(m.get("stochastic")));
        r.wallMs(number(m.get("wall_ms"), "wall_ms"));
        map(m, "metrics").forEach((k, v) -> r.metric(k, number(v, "metric " + k)));
        map(m, "printed").forEach((k, v) -> {
            List<Object> p = list(v, "printed " + k);
            r.printed(k, number(p.get(0), "printed " + k), number(p.get(1), "printed " + k));
        });
        for (Object note : list(m.get("notes"), "notes")) r.note((String) note);
        map(m, "traces").forEach((k, v) -> r.trace(k, doubles(v, "trace " + k)));
        for (Object f : list(m.get("figures"), "figures")) r.figure(figure(cast(f, "figure")));
        return r;
    }

    private static Map<String, Object> write(Figure f) {
        Plot p = f.plot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.file());
        m.put("title", p.title());
        m.put("kind", p.kind().name());
        m.put("size", List.of(p.width(), p.height()));
        m.put("x_label", p.xLabel());
        m.put("y_label", p.yLabel());
        m.put("log_y", p.isLogY());
        List<Object> series = new ArrayList<>();
        for (Plot.Series s : p.series()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("name", s.name());
            sm.put("style", s.style().name());
            sm.put("x", numbers(s.x()));
            sm.put("y", numbers(s.y()));
            series.add(sm);
        }
        m.put("series", series);
        if (p.image() != null) {
            List<Object> rows = new ArrayList<>();
            for (double[] row : p.image()) rows.add(numbers(row));
            m.put("image", rows);
        }
        return m;
    }

    private static Figure figure(Map<String, Object> m) {
        String file = string(m, "file"), title = string(m, "title");
        Figure f = switch (Plot.Kind.valueOf(string(m, "kind"))) {
            case XY -> Figure.xy(file, title);
            case BAR -> Figure.bar(file, title);
            case IMAGE -> {
                List<Object> rows = list(m.get("image"), "image");
                double[][] px = new double[rows.size()][];
                for (int i = 0; i < px.length; i++) px[i] = doubles(rows.get(i), "image row " + i);
                yield Figure.image(file, title, px);
            }
        };
        List<Object> size = list(m.get("size"), "size");
        f.plot().size((int) number(size.get(0), "size"), (int) number(size.get(1), "size"));
        f.labels(string(m, "x_label"), string(m, "y_label"));
        if (Boolean.TRUE.equals(m.get("log_y"))) f.logY();
        for (Object o : list(m.get("series"), "series")) {
            Map<String, Object> s = cast(o, "series");
            String name = string(s, "name");
            double[] x = doubles(s.get("x"), "series " + name), y = doubles(s.get("y"), "series " + name);
            switch (Plot.Style.valueOf(string(s, "style"))) {
                case LINE -> f.line(name, x, y);
                case SCATTER -> f.scatter(name, x, y);
                case BARS -> f.bars(name, x, y);
            }
        }
        return f;
    }

    // ---------------------------------------------------------------- numbers, exactly

    /** A double as JSON can hold it: itself when finite (written in its shortest exact form), else its name. */
    static Object number(double d) {
        return Double.isFinite(d) ? (Object) d : Double.toString(d);
    }

    static double number(Object o, String what) {
        return switch (o) {
            case Number n -> n.doubleValue();
            case String s when s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") -> Double.parseDouble(s);
            case null, default -> throw new IllegalArgumentException(what + ": expected a number, got " + o);
        };
    }

    private static List<Object> numbers(double[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (double d : v) out.add(number(d));
        return out;
    }

    private static double[] doubles(Object o, String what) {
        List<Object> l = list(o, what);
        double[] v = new double[l.size()];
        for (int i = 0; i < v.length; i++) v[i] = number(l.get(i), what);
        return v;
    }

    // ---------------------------------------------------------------- typed reads with errors that say what

    static String string(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s) return s;
        throw new IllegalArgumentException("'" + key + "': expected a string, got " + m.get(key));
    }

    static long whole(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Long l) return l;
        throw new IllegalArgumentException("'" + key + "': expected a whole number, got " + m.get(key));
    }

    static Map<String, Object> map(Map<String, Object> m, String key) { return cast(m.get(key), "'" + key + "'"); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(what + ": expected an object, got " + o);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new IllegalArgumentException(what + ": expected an array, got " + o);
    }
}
