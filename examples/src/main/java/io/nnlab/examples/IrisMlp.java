package io.nnlab.examples;

import io.nnlab.data.Dataset;
import io.nnlab.data.Iris;
import io.nnlab.data.Scaling;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Accuracy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.Progress;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

import java.util.Locale;
import java.util.Map;

/**
 * A first program: a small multi-layer perceptron learns the three Iris species from four
 * measurements of a flower, trains on 105 of the 150 flowers and is tested on the other 45.
 *
 * <pre>./mvnw -pl examples compile exec:exec -Dexample=IrisMlp</pre>
 *
 * <p>It shows the steps every nnlab program takes: load a dataset and split it, standardise the
 * features with the training part's statistics, build a {@link Sequential} model, train it with a
 * {@link Trainer}, and evaluate it on data it has not seen.
 */
public final class IrisMlp {

    /** Accuracy on the 45 test flowers before and after training. */
    public record Outcome(double untrainedAccuracy, double testAccuracy) {}

    private IrisMlp() {}

    public static void main(String[] args) {
        run(42);
    }

    /** Trains and tests the model from one seed (the split, the initial weights, the batch order), printing as it goes. */
    public static Outcome run(long seed) {
        Dataset.Split flowers = standardizedSplit(DType.FLOAT32, seed);

        Sequential model = Sequential.builder().input(4)
                .dense(16, Activation.RELU)
                .dense(3, Activation.SOFTMAX)       // one probability per species
                .build(DType.FLOAT32, seed);
        System.out.print(model.summary());

        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), new Adam(0.01),
                Accuracy.sparseCategorical());
        double untrained = trainer.evaluate(flowers.test()).get("accuracy");
        trainer.fit(flowers.train(), FitOptions.builder().epochs(60).batchSize(16).seed(seed)
                .progress(Progress.lines(System.out).everyEpochs(20))
                .build());

        Map<String, Double> test = trainer.evaluate(flowers.test());
        System.out.printf(Locale.ROOT, "test: loss %.4f, accuracy %.3f on %d flowers (untrained: %.3f)%n",
                test.get("loss"), test.get("accuracy"), flowers.test().size(), untrained);

        Tensor probabilities = model.predict(flowers.test().features());
        int[] predicted = Ops.rowArgmax(probabilities);
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "  test flower %d: %s with probability %.3f (it is a %s)%n", i,
                    Iris.CLASSES.get(predicted[i]), probabilities.get(i, predicted[i]),
                    Iris.CLASSES.get(flowers.test().labels()[i]));
        }
        return new Outcome(untrained, test.get("accuracy"));
    }

    /**
     * Iris split 70/30 from the seed, each feature standardised (mean 0, standard deviation 1) with
     * the training flowers' statistics alone, so that nothing about the test flowers leaks into
     * training. The species stay int labels, which fit and evaluate take as they are.
     */
    public static Dataset.Split standardizedSplit(DType dtype, long seed) {
        Dataset.Split split = Iris.load(Iris.Version.CURRENT, dtype).split(0.3, seed);
        Scaling scaling = Scaling.standardize(split.train().features());
        return new Dataset.Split(
                Dataset.of(scaling.apply(split.train().features()), split.train().labels()),
                Dataset.of(scaling.apply(split.test().features()), split.test().labels()));
    }
}
