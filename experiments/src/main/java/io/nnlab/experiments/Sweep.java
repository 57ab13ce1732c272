package io.nnlab.experiments;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stochastic result run over several seeds: per metric, the median and the 5–95 % range. */
public final class Sweep {
    public record Spread(double median, double p5, double p95, double min, double max) {}

    private final List<Result> runs;
    private final Map<String, Spread> spreads = new LinkedHashMap<>();

    public Sweep(List<Result> runs) {
        this.runs = List.copyOf(runs);
        for (String metric : runs.get(0).metrics().keySet()) {
            double[] v = runs.stream().mapToDouble(r -> r.metrics().getOrDefault(metric, Double.NaN)).toArray();
            spreads.put(metric, spread(v));
        }
    }

    public List<Result> runs() { return runs; }

    public int size() { return runs.size(); }

    public Map<String, Spread> spreads() { return spreads; }

    public Spread spread(String metric) { return spreads.get(metric); }

    /** Share of runs whose metric satisfies the test, e.g. escaped a plateau. */
    public double share(String metric, java.util.function.DoublePredicate test) {
        return runs.stream().filter(r -> test.test(r.metric(metric))).count() / (double) runs.size();
    }

    static Spread spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new Spread(quantile(v, 0.5), quantile(v, 0.05), quantile(v, 0.95), v[0], v[v.length - 1]);
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
