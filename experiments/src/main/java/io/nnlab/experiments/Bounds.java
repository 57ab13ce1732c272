package io.nnlab.experiments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an {@link Experiment.Check} states about a result, collected: each bound that fails is kept
 * with the value that missed it, so that one look at a failed check shows all that is wrong.
 *
 * <p>Built with the experiment's untrained result as a baseline, the clauses in
 * {@link #againstUntrained} compare with it (the trained result must beat it by a stated margin);
 * built without one, those clauses are skipped and only the absolute bounds are checked, which is how
 * an untrained result is shown to fail them.
 */
public final class Bounds {
    private final String id;
    private final Result untrained;
    private final List<String> failures = new ArrayList<>();
    private int comparisons;

    /** Bounds for the result {@code id}; {@code untrained} is the baseline, or null for none. */
    public Bounds(String id, Result untrained) {
        this.id = id;
        this.untrained = untrained;
    }

    /** Requires lo <= actual <= hi. */
    public void within(double lo, double hi, double actual, String what) {
        if (!(actual >= lo && actual <= hi)) fail(what + " = " + actual + ", expected within [" + lo + ", " + hi + "]");
    }

    /** Requires |actual - expected| <= tolerance. */
    public void near(double expected, double tolerance, double actual, String what) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + " = " + actual + ", expected " + expected + " ± " + tolerance);
        }
    }

    /** Requires actual <= limit. */
    public void atMost(double limit, double actual, String what) {
        if (!(actual <= limit)) fail(what + " = " + actual + ", expected at most " + limit);
    }

    /** Requires actual >= limit. */
    public void atLeast(double limit, double actual, String what) {
        if (!(actual >= limit)) fail(what + " = " + actual + ", expected at least " + limit);
    }

    /** Requires the condition; {@code what} says what should hold, with the values involved. */
    public void that(boolean condition, String what) {
        if (!condition) fail(what);
    }

    /** Requires lo <= metric <= hi in every run of the result, naming the seed of each that misses. */
    public void eachWithin(Result r, String metric, double lo, double hi) {
        for (Run run : r.runs()) within(lo, hi, run.metric(metric), "seed " + run.seed() + ": " + metric);
    }

    /**
     * A loss training must bring within [lo, hi] in every run, cutting the same seed's untrained loss to at
     * most {@code factor} of it: {@link #eachWithin} and {@link #eachCutsToAtMost} on one metric.
     */
    public void eachLoss(Result r, String metric, double lo, double hi, double factor) {
        eachWithin(r, metric, lo, hi);
        eachCutsToAtMost(r, metric, factor);
    }

    /**
     * Comparisons with the untrained result: run with it when these bounds have one, skipped otherwise.
     * Typically the trained metric must be below a stated fraction of the untrained one.
     */
    public void againstUntrained(Consumer<Result> clauses) {
        if (untrained == null) return;
        comparisons++;
        clauses.accept(untrained);
    }

    /** Requires {@code trained <= factor * untrained} for a metric's median, a loss that training must cut. */
    public void cutsToAtMost(Result trained, String metric, double factor) {
        againstUntrained(u -> {
            double before = u.median(metric), after = trained.median(metric);
            atMost(factor * before, after, String.format(Locale.ROOT, "median %s (untrained %.6g; required at most %s of it)",
                    metric, before, factor));
        });
    }

    /**
     * Requires {@code trained <= factor * untrained} for the metric in every run, each against the untrained
     * run of the same seed: the same net before training.
     */
    public void eachCutsToAtMost(Result trained, String metric, double factor) {
        eachAgainstUntrained(trained, metric, (seed, after, before) -> atMost(factor * before, after,
                String.format(Locale.ROOT, "seed %d: %s (untrained %.6g; required at most %s of it)", seed, metric, before,
                        factor)));
    }

    /** Requires {@code trained >= untrained + margin} for the metric in every run, against the same seed's untrained run. */
    public void eachGainsAtLeast(Result trained, String metric, double margin) {
        eachAgainstUntrained(trained, metric, (seed, after, before) -> atLeast(before + margin, after,
                String.format(Locale.ROOT, "seed %d: %s (untrained %.6g; required %s more)", seed, metric, before, margin)));
    }

    private interface Pair {
        void check(long seed, double trained, double untrained);
    }

    private void eachAgainstUntrained(Result trained, String metric, Pair pair) {
        againstUntrained(u -> {
            Map<Long, Double> before = new HashMap<>();
            for (Run run : u.runs()) before.put(run.seed(), run.metric(metric));
            for (Run run : trained.runs()) {
                Double start = before.get(run.seed());
                if (start == null) fail("seed " + run.seed() + ": no untrained run to compare " + metric + " with");
                else pair.check(run.seed(), run.metric(metric), start);
            }
        });
    }

    /** The bounds missed so far, each with its value. */
    public List<String> failures() { return List.copyOf(failures); }

    /** How many {@link #againstUntrained} blocks ran. */
    public int untrainedComparisons() { return comparisons; }

    /** Throws an AssertionError listing every bound missed, if any. */
    public void assertPassed() {
        if (!failures.isEmpty()) {
            throw new AssertionError(id + ": " + failures.size() + " bound" + (failures.size() == 1 ? "" : "s")
                    + " missed:\n  " + String.join("\n  ", failures));
        }
    }

    private void fail(String message) {
        failures.add(message);
    }
}
