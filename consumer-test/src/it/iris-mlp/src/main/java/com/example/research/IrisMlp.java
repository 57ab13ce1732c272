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
import io.nnlab.tensor.Tensor;

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
        Tensor xTrain = scaling.apply(split.train().features());
        Tensor xTest = scaling.apply(split.test().features());
        Tensor yTrain = labels(split.train());
        Tensor yTest = labels(split.test());

        Sequential model = Sequential.builder().input(4).dense(16, Activation.RELU).dense(3, Activation.SOFTMAX)
                .build(DType.FLOAT32, seed);
        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), new Adam(0.01),
                Accuracy.sparseCategorical());
        double untrained = trainer.evaluate(xTest, yTest).get("accuracy");
        History history = trainer.fit(xTrain, yTrain, FitOptions.builder().epochs(60).batchSize(16).seed(seed)
                .validation(xTest, yTest).build());
        return new Outcome(untrained, trainer.evaluate(xTest, yTest).get("accuracy"), history);
    }

    /** Class labels as the [samples] tensor the sparse loss and accuracy take. */
    private static Tensor labels(Dataset d) {
        int[] l = d.labels();
        double[] v = new double[l.length];
        for (int i = 0; i < l.length; i++) v[i] = l[i];
        return Tensor.of(DType.FLOAT32, v, l.length);
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
