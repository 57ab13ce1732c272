package io.nnlab.experiments;

import java.util.ArrayList;
import java.util.List;
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
