package io.nnlab.experiments.t3;

import io.nnlab.data.CorruptDataException;
import io.nnlab.data.DataLocation;
import io.nnlab.data.Dataset;
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
                    d = new Data(scaled(mnist.train()), mnist.train().labelTensor(dtype), mnist.train().labels(),
                            scaled(mnist.test()), mnist.test().labelTensor(dtype), mnist.test().labels());
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

        History fit(Data data, int epochs, Callback... callbacks) {
            return Keras.fit(model, new SparseCategoricalCrossEntropy(), LEARNING_RATE, data.trainX(), data.trainY(),
                    epochs, shuffleSeed, callbacks);
        }
    }

    /** The tutorial's run: 5 epochs, or 0 for the untrained net. */
    static Result run(long seed, DType dtype, int epochs) throws IOException {
        Data data = Data.get(dtype);
        Start start = Start.of(seed, dtype);
        Rng rng = start.rng();
        Sequential model = start.model();
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        History history = start.fit(data, epochs);

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
                .metric("epoch_seconds", epochs == 0 ? Double.NaN : elapsed[elapsed.length - 1] / elapsed.length)
                .trace("loss", Keras.losses(history))
                .trace("epoch_seconds", perEpoch)
                .printed("test_accuracy", 0.977, 5e-4);

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
        Classification.lossCurve(r, "t3/mnist-loss.png", "MNIST: training loss", history, false);
        r.note("Flatten -> Dense(100, relu) -> Dense(10, softmax), Adam (Keras defaults), sparse categorical "
                + "cross-entropy from the logits, 5 epochs of batches of 32 over the 60000 training images, pixels / 255. "
                + "train_accuracy is measured over all training images after training (Keras prints the running mean "
                + "over the last epoch's batches, a little lower); test_loss and test_accuracy are evaluate() on the "
                + "10000 test images. epoch_seconds is the mean wall time of the 5 training epochs in this JVM, "
                + "JIT warm-up included, with no other run going. Initial weights and batch order come from nnlab's "
                + "seeded generator (TensorFlow's stream is not reproduced). The tutorial gives no run of its own, "
                + "only that this model typically reaches about 0.977.");
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
     * MNIST from the data location, missing files downloaded first with -Dnnlab.data.download=true (as
     * Keras's load_data does; the main job sets it). Where the files are neither there nor fetched, one
     * {@link MissingDataException} says where nnlab looked and how to provide them.
     */
    static Mnist load(DType dtype) throws IOException {
        try {
            return Mnist.load(dtype);
        } catch (MissingDataException | CorruptDataException e) {
            throw e;
        } catch (IOException e) {
            DataLocation where = DataLocation.current();
            throw new MissingDataException("MNIST: the files are not in " + where.dataset(Mnist.FOLDER)
                    + " and fetching them failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "\nLooked for the data root in this order:\n"
                    + where.describe() + "\nTo provide them, put the four files " + String.join(", ", Mnist.FILES)
                    + " (each .gz or not) in a folder " + Mnist.FOLDER + "/ under a data root and point "
                    + DataLocation.ENV + " or -D" + DataLocation.PROPERTY + " at that root, or retry the download"
                    + " (-D" + DataLocation.DOWNLOAD_PROPERTY + "=true, -D" + DataLocation.URL_PROPERTY
                    + "=BASE for a mirror of " + Mnist.DEFAULT_URL + ").");
        }
    }
}
