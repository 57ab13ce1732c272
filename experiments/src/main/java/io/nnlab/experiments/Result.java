package io.nnlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What one tutorial result reproduced: its metrics (named exactly as the tutorials' result list
 * names them: tools read results.json by those names), the values the tutorial printed, traces,
 * figures and notes. Experiments build it; tests assert it; the report renders it.
 */
public final class Result {
    /** A value the tutorial printed, with the tolerance its printed digits allow. */
    public record Printed(double value, double tolerance) {}

    private final String id;
    private final String tutorial;
    private String dtype = "float64";
    private boolean stochastic;
    private long seed;
    private double wallMs;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, Printed> printed = new LinkedHashMap<>();
    private final Map<String, double[]> traces = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Sweep sweep;

    public Result(String id) {
        this.id = id;
        this.tutorial = id.substring(0, id.indexOf('.'));
    }

    public String id() { return id; }

    public String tutorial() { return tutorial; }

    public Result dtype(String d) {
        this.dtype = d;
        return this;
    }

    public String dtype() { return dtype; }

    /** Whether the result was computed in float32: its checks then allow for float32's rounding. */
    public boolean float32() { return dtype.equals("float32"); }

    public Result seed(long s) {
        this.seed = s;
        return this;
    }

    public long seed() { return seed; }

    /** Marks the result as depending on its seed: the report then judges it by its spread over seeds. */
    public Result stochastic(boolean s) {
        this.stochastic = s;
        return this;
    }

    public boolean stochastic() { return stochastic; }

    public void wallMs(double ms) { this.wallMs = ms; }

    public double wallMs() { return wallMs; }

    public Result metric(String name, double value) {
        metrics.put(name, value);
        return this;
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) throw new IllegalArgumentException(id + ": no metric '" + name + "'; has " + metrics.keySet());
        return v;
    }

    public Map<String, Double> metrics() { return metrics; }

    /** Records what the tutorial printed for a metric; its last printed digit sets the tolerance. */
    public Result printed(String metric, double value, double tolerance) {
        printed.put(metric, new Printed(value, tolerance));
        return this;
    }

    public Map<String, Printed> printed() { return printed; }

    public Result trace(String name, double[] values) {
        traces.put(name, values);
        return this;
    }

    public Map<String, double[]> traces() { return traces; }

    public Result figure(Figure f) {
        figures.add(f);
        return this;
    }

    public List<Figure> figures() { return figures; }

    public Result note(String n) {
        notes.add(n);
        return this;
    }

    public List<String> notes() { return notes; }

    /** Makes this result the head of a sweep: its figures, traces and notes stand for the sweep's runs. */
    public void sweep(Sweep s) {
        String of = s.runs().get(0).id();
        if (!of.equals(id)) throw new IllegalArgumentException(id + " cannot head a sweep of " + of);
        this.sweep = s;
    }

    /** The seed sweep this result headed, or null when it ran once. */
    public Sweep sweep() { return sweep; }

    /** This result as one run: its id, seed, dtype, time and metrics. */
    public Run toRun() { return new Run(id, seed, dtype, wallMs, metrics); }

    /** The runs behind this result: the sweep's, or this result alone when it ran once. */
    public List<Run> runs() { return sweep != null ? sweep.runs() : List.of(toRun()); }

    /** The metric's median over the runs: over the sweep, or the value itself when the result ran once. */
    public double median(String metric) {
        if (sweep == null) return metric(metric);
        Sweep.Spread s = sweep.spread(metric);
        if (s == null) throw new IllegalArgumentException(id + ": no metric '" + metric + "'; has " + metrics.keySet());
        return s.median();
    }

    /** The metric's median over the runs that pass the filter, e.g. those that escaped a plateau (NaN for none). */
    public double median(String metric, Predicate<Run> which) {
        return Sweep.Spread.of(runs().stream().filter(which).mapToDouble(r -> r.metric(metric)).toArray()).median();
    }

    /** The share of the runs that pass the filter. */
    public double share(Predicate<Run> which) {
        List<Run> runs = runs();
        return runs.stream().filter(which).count() / (double) runs.size();
    }
}
