package io.nnlab.spark;

import io.nnlab.experiments.Catalog;
import io.nnlab.experiments.Experiment;
import io.nnlab.experiments.Result;
import io.nnlab.tensor.DType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a sweep runs: a tutorial result of the experiments module, by its id, or a researcher's
 * {@link TrainingFunction} under a name of their choosing. Either way a run is what the experiments'
 * in-JVM runner makes of it ({@link io.nnlab.experiments.Runner#runOnce}): the same {@link Result},
 * with the same metrics.
 */
public final class Target implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final String name;
    private final TrainingFunction function;

    private Target(String name, TrainingFunction function) {
        this.name = name;
        this.function = function;
    }

    /**
     * A tutorial result, e.g. {@code "t3.mnist-mlp"}: run over the sweep's seeds when it is
     * stochastic, else once, with the sweep's first seed, as the in-JVM runner does.
     *
     * @throws IllegalArgumentException naming the known ids when there is no such result
     */
    public static Target result(String id) {
        Catalog.experiment(id);
        return new Target(id, null);
    }

    /** The tutorial results a selection names: "all", tutorials ("t3") or result ids, as the experiments' command line takes them. */
    public static List<Target> results(String... selection) {
        return Catalog.select(Arrays.asList(selection)).stream().map(e -> new Target(e.id(), null)).toList();
    }

    /**
     * A training function under a name (lower-case letters, digits and '-', e.g. "mnist-grid"): its
     * runs are reported as {@code name.<point>}, e.g. {@code mnist-grid.lr=0.01,hidden=4}.
     */
    public static Target function(String name, TrainingFunction function) {
        if (name == null || !NAME.matcher(name).matches() || name.equals("runs")) {
            throw new IllegalArgumentException("a training function's name uses lower-case letters, digits and '-', "
                    + "starts with a letter and is not 'runs', got '" + name + "'");
        }
        if (function == null) throw new IllegalArgumentException("training function '" + name + "' is null");
        return new Target(name, function);
    }

    /** The result's id, or the function's name. */
    public String name() { return name; }

    /** Whether this is a tutorial result (which takes no hyper-parameters) rather than a training function. */
    public boolean isTutorialResult() { return function == null; }

    boolean stochastic() { return function != null || Catalog.experiment(name).stochastic(); }

    DType defaultType() { return function != null ? DType.FLOAT32 : Catalog.experiment(name).defaultType(); }

    /** The id of the result a run at this point makes. */
    String resultId(Point point) {
        if (function == null) return name;
        return name + "." + (point.key().isEmpty() ? "run" : point.key());
    }

    /** The experiment a run at this point is: the tutorial result itself, or the function wrapped as one. */
    Experiment experiment(Point point) {
        if (function == null) return Catalog.experiment(name);
        String id = resultId(point);
        return new Experiment(id, true, DType.FLOAT32, (seed, dtype) -> {
            Map<String, Double> metrics = function.train(seed, point, dtype);
            if (metrics == null || metrics.isEmpty() || metrics.values().stream().anyMatch(v -> v == null)) {
                throw new IllegalStateException("training function '" + name + "' at " + point + ", seed " + seed
                        + ": expected metrics by name, got " + metrics);
            }
            Result r = new Result(id);
            metrics.forEach(r::metric);
            return r;
        });
    }

    @Override
    public String toString() { return name; }
}
