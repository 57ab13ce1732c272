package io.nnlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every tutorial nnlab reproduces, in order. */
public final class Catalog {
    private Catalog() {}

    public static List<Tutorial> tutorials() {
        return List.of(new io.nnlab.experiments.t1.LinearRegressionToNeuralNets(),
                new io.nnlab.experiments.t2.DiyNeuralNetwork(), new io.nnlab.experiments.t3.PerceptronToMlp(),
                new io.nnlab.experiments.t4.NeuronsAndBackpropagation(), new io.nnlab.experiments.t5.NeuralNetworksDemystified());
    }

    public static List<Experiment> experiments() {
        List<Experiment> all = new ArrayList<>();
        for (Tutorial t : tutorials()) all.addAll(t.experiments());
        return all;
    }

    /**
     * The experiments a selection names, each once, in the order named: "all", a tutorial's id ("t3")
     * or a result's id ("t1.bfgs-ripple").
     *
     * @throws IllegalArgumentException naming an unknown tutorial or result, or when nothing is named
     */
    public static List<Experiment> select(List<String> names) {
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (String name : names) {
            List<Experiment> named;
            if (name.equals("all")) named = experiments();
            else if (!name.contains(".")) {
                named = tutorial(name).orElseThrow(() -> new IllegalArgumentException(
                        "no tutorial '" + name + "'; known: t1 t2 t3 t4 t5")).experiments();
            } else named = List.of(experiment(name));
            for (Experiment e : named) byId.putIfAbsent(e.id(), e);
        }
        if (byId.isEmpty()) throw new IllegalArgumentException("no result selected by " + names);
        return List.copyOf(byId.values());
    }

    public static Optional<Tutorial> tutorial(String id) {
        return tutorials().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public static Experiment experiment(String id) {
        return experiments().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no experiment '" + id + "'; known: "
                        + experiments().stream().map(Experiment::id).toList()));
    }

    public static String title(String tutorialId) {
        return tutorial(tutorialId).map(Tutorial::title).orElse(tutorialId);
    }
}
