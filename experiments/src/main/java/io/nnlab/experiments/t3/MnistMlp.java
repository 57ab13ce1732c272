package io.nnlab.experiments.t3;

import io.nnlab.data.DataLocation;
import io.nnlab.data.Dataset;
import io.nnlab.data.Download;
import io.nnlab.data.MissingDataException;
import io.nnlab.data.Mnist;
import io.nnlab.data.Scaling;
import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.nn.Mode;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Callback;
import io.nnlab.optim.History;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Section 7: a 784-100-10 perceptron on MNIST, Keras's first example. Flatten, Dense(100, relu),
 * Dense(10, softmax), Adam, sparse categorical cross-entropy, 5 epochs of batches of 32.
 */
final class MnistMlp {
    private MnistMlp() {}

    static final int EPOCHS = 5;
    private static final double LEARNING_RATE = 0.001;

    /** Pixels / 255 and labels as tensors of one dtype, loaded once per JVM and shared (read-only) by runs. */
    record Data(Tensor trainX, Tensor trainY, int[] trainLabels, Tensor testX, Tensor testY, int[] testLabels) {
        private static final Map<DType, Data> LOADED = new ConcurrentHashMap<>();

        static Data get(DType dtype) throws IOException {
            Data d = LOADED.get(dtype);
            if (d != null) return d;
            synchronized (LOADED) {
                d = LOADED.get(dtype);
                if (d == null) {
                    Mnist mnist = load(dtype);
                    d = new Data(scaled(mnist.train()), labels(mnist.train(), dtype), mnist.train().labels(),
                            scaled(mnist.test()), labels(mnist.test(), dtype), mnist.test().labels());
                    LOADED.put(dtype, d);
                }
                return d;
            }
        }

        private static Tensor scaled(Dataset set) {
            Tensor x = set.features();
            Scaling.divideBy(255).applyInPlace(x);
            return x;
        }

        /** The fit loop takes targets as a tensor of the inputs' dtype: class indices 0..9. */
        private static Tensor labels(Dataset set, DType dtype) {
            int[] l = set.labels();
            Tensor y = Tensor.zeros(dtype, l.length);
            for (int i = 0; i < l.length; i++) y.setFlat(i, l[i]);
            return y;
        }
    }

    /**
     * What a seed fixes before training: the initial weights and the seed of the batch order; rng goes
     * on to the draws made after training. A test trains numpy from the same start.
     */
    record Start(Rng rng, Sequential model, long shuffleSeed) {
        static Start of(long seed, DType dtype) {
            Rng rng = new Rng(seed);
            Sequential model = Sequential.builder().input(28, 28)
                    .flatten()
                    .dense(100, Activation.RELU)
                    .dense(10, Activation.SOFTMAX)
                    .build(dtype, rng.nextLong());
            return new Start(rng, model, rng.nextLong());
        }

        History fit(Data data, Callback... callbacks) {
            return Keras.fit(model, new SparseCategoricalCrossEntropy(), LEARNING_RATE, data.trainX(), data.trainY(),
                    EPOCHS, shuffleSeed, callbacks);
        }
    }

    static Result run(long seed, DType dtype) throws IOException {
        Data data = Data.get(dtype);
        Start start = Start.of(seed, dtype);
        Rng rng = start.rng();
        Sequential model = start.model();
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        History history = start.fit(data);

        double trainAccuracy = accuracy(model.forward(data.trainX(), Mode.INFERENCE), data.trainLabels());
        Tensor probabilities = model.forward(data.testX(), Mode.INFERENCE).copy();
        // Keras's evaluate computes the loss from the softmax's logits, as training does.
        double testLoss = loss.forwardFromLogits(((Dense) model.layer(2)).logits(), data.testY());
        double[] elapsed = history.elapsedSeconds();
        double[] perEpoch = new double[elapsed.length];
        for (int e = 0; e < elapsed.length; e++) perEpoch[e] = elapsed[e] - (e == 0 ? 0 : elapsed[e - 1]);

        Result r = new Result("t3.mnist-mlp")
                .metric("train_accuracy", trainAccuracy)
                .metric("test_accuracy", accuracy(probabilities, data.testLabels()))
                .metric("test_loss", testLoss)
                .metric("epoch_seconds", elapsed[elapsed.length - 1] / elapsed.length)
                .trace("loss", history.loss())
                .trace("epoch_seconds", perEpoch);

        int shown = rng.nextInt(data.testLabels().length);
        double[][] pixels = new double[28][28];
        for (int i = 0; i < 28; i++) for (int j = 0; j < 28; j++) pixels[i][j] = data.testX().get(shown, i, j);
        double[] p = new double[10];
        double[] digits = new double[10];
        for (int c = 0; c < 10; c++) {
            p[c] = probabilities.at(shown, c);
            digits[c] = c;
        }
        int predicted = Ops.rowArgmax(probabilities)[shown];
        r.figure(Figure.image("t3/mnist-digit.png", String.format(Locale.ROOT, "Test image %d (label %d)", shown,
                data.testLabels()[shown]), pixels));
        r.figure(Figure.bar("t3/mnist-probabilities.png", "Predicted probabilities: prediction " + predicted)
                .bars("probability", digits, p).labels("digit", "probability"));
        r.figure(Classification.lossCurve("t3/mnist-loss.png", "MNIST: training loss", history));
        r.note("Flatten -> Dense(100, relu) -> Dense(10, softmax), Adam (Keras defaults), sparse categorical "
                + "cross-entropy from the logits, 5 epochs of batches of 32 over the 60000 training images, pixels / 255. "
                + "train_accuracy is measured over all training images after training (Keras prints the running mean "
                + "over the last epoch's batches, a little lower); test_loss and test_accuracy are evaluate() on the "
                + "10000 test images. epoch_seconds is the mean wall time of the 5 training epochs in this JVM, "
                + "JIT warm-up included. Initial weights and batch order come from nnlab's seeded generator "
                + "(TensorFlow's stream is not reproduced).");
        return r;
    }

    static double accuracy(Tensor probabilities, int[] labels) {
        int[] predicted = Ops.rowArgmax(probabilities);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        return (double) correct / labels.length;
    }

    // ---------------------------------------------------------------- the data, fetched if missing

    /**
     * MNIST from the data location. Where files are missing they are downloaded through the data
     * module's checked download, as Keras's load_data does, unless -Dnnlab.data.download=false.
     */
    static Mnist load(DType dtype) throws IOException {
        Path dir = DataLocation.current().dataset(Mnist.FOLDER);
        boolean allowed = !"false".equalsIgnoreCase(System.getProperty(DataLocation.DOWNLOAD_PROPERTY, "").trim());
        if (allowed) {
            String base = DataLocation.downloadUrl(Mnist.DEFAULT_URL);
            if (!base.endsWith("/")) base += "/";
            for (String name : Mnist.FILES) {
                if (Files.isRegularFile(dir.resolve(name + ".gz")) || Files.isRegularFile(dir.resolve(name))) continue;
                String gz = name + ".gz";
                try {
                    Download.fetch(URI.create(base + gz), dir.resolve(gz), Mnist.SHA256.get(gz));
                } catch (IOException e) {
                    throw new MissingDataException("MNIST is not in " + dir + " and fetching " + base + gz
                            + " failed: " + e.getMessage() + ". Put the four MNIST .gz files in " + dir
                            + " (or point " + DataLocation.ENV + " / -D" + DataLocation.PROPERTY
                            + " at a folder holding mnist/), or retry the download.");
                }
            }
        }
        return Mnist.load(dtype);
    }
}
