package io.nnlab.examples;

import io.nnlab.data.Dataset;
import io.nnlab.data.Mnist;
import io.nnlab.data.Scaling;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Accuracy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainer;
import io.nnlab.optim.schedules.CosineDecay;
import io.nnlab.optim.schedules.LearningRateSchedule;
import io.nnlab.plots.Plot;
import io.nnlab.tensor.DType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Handwritten digits end to end: MNIST with a validation split, a progress bar, a learning-rate
 * schedule, the training curves drawn to PNG and SVG, and the model saved, loaded back and
 * checked to predict exactly as the trained one.
 *
 * <pre>./mvnw -pl examples compile exec:exec -Dexample=MnistMlp</pre>
 *
 * <p>The model is TensorFlow's beginner MLP (Flatten, Dense(128, relu), Dropout(0.2), Dense(10,
 * softmax)), trained with Adam for 5 epochs on 54000 images while 6000 held out report
 * val_loss and val_accuracy after each epoch; the learning rate warms up linearly over the first
 * 5 % of the steps and then follows a cosine down to zero. The files go to
 * {@code examples/target/mnist-mlp/} (or the folder given as the first argument): the model
 * ({@code mnist-mlp.safetensors}), {@code loss.svg} and {@code accuracy.png}.
 *
 * <p>MNIST is read from the data location ({@code NNLAB_DATA}, {@code -Dnnlab.data.dir} or
 * {@code ~/.nnlab/data}, a folder {@code mnist/} below it); the command above fetches missing
 * files there first.
 */
public final class MnistMlp {

    /** The fraction of the training images held out for validation: the last 10 %, as Keras takes them. */
    public static final double VALIDATION_SPLIT = 0.1;
    public static final int BATCH_SIZE = 32;
    private static final double PEAK_LEARNING_RATE = 0.002;
    private static final long SEED = 1;

    /**
     * What a run made: the model, its history, the images it saw (pixels scaled to [0, 1]), the
     * learning rate the schedule ended at, the test accuracy of the trained model and of the one
     * loaded back, whether the two predict exactly alike, and the files written.
     */
    public record Outcome(Sequential model, History history, Dataset train, Dataset test, double finalLearningRate,
                          double testAccuracy, double reloadedTestAccuracy, boolean identicalPredictions,
                          Path modelFile, Path lossPlot, Path accuracyPlot) {}

    private MnistMlp() {}

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Path.of(args[0]) : Path.of("target", "mnist-mlp"), 60_000, 5);
    }

    /**
     * Trains on the first {@code samples} training images (the last 10 % of them held out) for
     * {@code epochs}, tests on all 10000 test images, and writes the model and the plots into
     * {@code folder}.
     *
     * @throws io.nnlab.data.MissingDataException when MNIST is not at the data location
     */
    public static Outcome run(Path folder, int samples, int epochs) throws IOException {
        if (samples < 100 || samples > 60_000) {
            throw new IllegalArgumentException("MnistMlp: samples must be in [100, 60000], got " + samples);
        }
        Mnist mnist = Mnist.load(DType.FLOAT32);
        Dataset train = mnist.train().subset(IntStream.range(0, samples).toArray());
        Dataset test = mnist.test();
        Scaling pixels = Scaling.divideBy(255);              // 0..255 to 0..1
        pixels.applyInPlace(train.features());
        pixels.applyInPlace(test.features());

        Sequential model = Sequential.builder().input(28, 28)
                .flatten()
                .dense(128, Activation.RELU)
                .dropout(0.2)
                .dense(10, Activation.SOFTMAX)
                .build(DType.FLOAT32, SEED);
        System.out.print(model.summary());

        // The schedule counts optimiser steps: the batches of the rows fit trains on, every epoch.
        int trainedRows = (int) Math.floor(samples * (1 - VALIDATION_SPLIT));
        long steps = (long) epochs * Math.ceilDiv(trainedRows, BATCH_SIZE);
        long warmup = Math.max(1, steps / 20);
        LearningRateSchedule schedule = new CosineDecay(0, Math.max(1, steps - warmup))
                .warmup(PEAK_LEARNING_RATE, warmup);

        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), new Adam(),
                Accuracy.sparseCategorical());
        History history = trainer.fit(train, FitOptions.builder()
                .epochs(epochs).batchSize(BATCH_SIZE).seed(SEED)
                .validationSplit(VALIDATION_SPLIT)
                .learningRateSchedule(schedule, LearningRateSchedule.Interval.STEP)
                .progress(System.out)                        // a bar on a terminal, a line per epoch elsewhere
                .build());
        double testAccuracy = trainer.evaluate(test).get("accuracy");
        double finalLearningRate = trainer.optimizer().learningRate();
        System.out.printf(Locale.ROOT, "test accuracy %.4f on %d images; learning rate at the end %.2e%n",
                testAccuracy, test.size(), finalLearningRate);

        Files.createDirectories(folder);
        Path lossPlot = folder.resolve("loss.svg");
        Path accuracyPlot = folder.resolve("accuracy.png");
        Plot.history(history, "loss", "val_loss").save(lossPlot);
        Plot.history(history, "accuracy", "val_accuracy").save(accuracyPlot);

        Path modelFile = folder.resolve("mnist-mlp.safetensors");
        ModelFile.save(model, modelFile);
        Sequential reloaded = ModelFile.load(modelFile);
        boolean identical = reloaded.predict(test.features()).bitEquals(model.predict(test.features()));
        double reloadedAccuracy = new Trainer(reloaded, new SparseCategoricalCrossEntropy(), new Adam(),
                Accuracy.sparseCategorical()).evaluate(test).get("accuracy");
        System.out.printf(Locale.ROOT, "%s loaded back: test accuracy %.4f, predictions %s%n", modelFile,
                reloadedAccuracy, identical ? "identical to the trained model's" : "DIFFERENT from the trained model's");
        System.out.println("plots: " + lossPlot + ", " + accuracyPlot);
        return new Outcome(model, history, train, test, finalLearningRate, testAccuracy, reloadedAccuracy, identical,
                modelFile, lossPlot, accuracyPlot);
    }
}
