package io.nnlab.experiments;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result run over several seeds: per metric, nnlab's spread (median and 5–95 % range) and where a
 * given value falls in it. Quantiles interpolate linearly between order statistics, as numpy's
 * {@code percentile} does by default, and {@link #position} is the exact inverse of that, so a value
 * lies inside the 5–95 % range exactly when its position is within [0.05, 0.95].
 */
public final class Sweep {

    /**
     * One metric's spread over the runs: median, 5th and 95th percentiles, smallest and largest value,
     * of the finite values (NaN when no run gave one).
     */
    public record Spread(double median, double p5, double p95, double min, double max) {

        /** The spread of the finite values among {@code values}. */
        public static Spread of(double[] values) {
            double[] v = finiteSorted(values);
            if (v.length == 0) return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            return new Spread(quantile(v, 0.5), quantile(v, 0.05), quantile(v, 0.95), v[0], v[v.length - 1]);
        }
    }

    private final List<Run> runs;
    private final Map<String, Spread> spreads = new LinkedHashMap<>();

    /** The sweep of these runs of one result (at least one), metrics in the first run's order. */
    public Sweep(List<Run> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one run");
        String id = runs.get(0).id();
        for (Run r : runs) {
            if (!r.id().equals(id)) throw new IllegalArgumentException("a sweep of " + id + " got a run of " + r.id());
        }
        this.runs = List.copyOf(runs);
        for (String metric : runs.get(0).metrics().keySet()) spreads.put(metric, Spread.of(values(metric)));
    }

    /** The runs, in the order given (seed 1 first, as the runner makes them). */
    public List<Run> runs() { return runs; }

    /** How many runs: the sweep's seeds. */
    public int size() { return runs.size(); }

    /** Every metric's spread, by name. */
    public Map<String, Spread> spreads() { return spreads; }

    /** One metric's spread, or null when the runs have no such metric. */
    public Spread spread(String metric) { return spreads.get(metric); }

    /** The metric's value in each run, in run order (NaN where a run lacks it). */
    public double[] values(String metric) {
        return runs.stream().mapToDouble(r -> r.metrics().getOrDefault(metric, Double.NaN)).toArray();
    }


    /** The runs' own times added up, in milliseconds. */
    public double wallMs() {
        return runs.stream().mapToDouble(Run::wallMs).sum();
    }

    /**
     * Where {@code value} falls among sorted finite values, from 0 (at or below the smallest) to 1
     * (at or above the largest): the inverse of {@link #quantile}, so {@code position(quantile(q)) == q}.
     * A value equal to several runs' takes the middle of their positions. NaN when there are none.
     */
    static double position(double[] sorted, double value) {
        int n = sorted.length;
        if (n == 0 || Double.isNaN(value)) return Double.NaN;
        if (value < sorted[0]) return 0;
        if (value > sorted[n - 1]) return 1;
        if (n == 1) return 0.5;
        int first = 0;
        while (sorted[first] < value) first++;
        if (sorted[first] == value) {
            int last = first;
            while (last + 1 < n && sorted[last + 1] == value) last++;
            return (first + last) / 2.0 / (n - 1);
        }
        // sorted[first - 1] < value < sorted[first]
        int lo = first - 1;
        return (lo + (value - sorted[lo]) / (sorted[first] - sorted[lo])) / (n - 1);
    }

    /** Linear interpolation between order statistics (numpy's default), q in [0, 1]. */
    public static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double[] finiteSorted(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(v);
        return v;
    }
}
