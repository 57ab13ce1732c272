package com.example.research;

import io.nnlab.data.Dataset;
import io.nnlab.data.Iris;
import io.nnlab.data.Scaling;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Accuracy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainer;
import io.nnlab.plots.Plot;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** A researcher's own program on nnlab: a 4-16-3 MLP trained on 70 % of Iris, tested on the rest. */
public final class IrisMlp {

    /** Test accuracy before and after training, and the training history. */
    public record Outcome(double untrainedAccuracy, double testAccuracy, History history) {}

    private IrisMlp() {}

    public static Outcome train(long seed) {
        Dataset.Split split = Iris.load(Iris.Version.CURRENT, DType.FLOAT32).split(0.3, seed);
        Scaling scaling = Scaling.standardize(split.train().features());
        // Scaled features with the int labels as they came: fit and evaluate take Datasets as they are.
        Dataset train = Dataset.of(scaling.apply(split.train().features()), split.train().labels());
        Dataset test = Dataset.of(scaling.apply(split.test().features()), split.test().labels());

        Sequential model = Sequential.builder().input(4).dense(16, Activation.RELU).dense(3, Activation.SOFTMAX)
                .build(DType.FLOAT32, seed);
        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), new Adam(0.01),
                Accuracy.sparseCategorical());
        double untrained = trainer.evaluate(test).get("accuracy");
        History history = trainer.fit(train, FitOptions.builder().epochs(60).batchSize(16).seed(seed)
                .validation(test).build());
        return new Outcome(untrained, trainer.evaluate(test).get("accuracy"), history);
    }

    public static void main(String[] args) throws IOException {
        Outcome o = train(42);
        Path plot = Path.of("target", "iris-loss.svg");
        Plot.history(o.history(), "loss", "val_loss").save(plot);
        System.out.printf(Locale.ROOT, "Iris MLP on the %s backend: test accuracy %.3f (untrained %.3f); loss plot %s%n",
                Backend.current().label(), o.testAccuracy(), o.untrainedAccuracy(), plot);
        if (o.testAccuracy() < 0.85) System.exit(1);
    }
}
