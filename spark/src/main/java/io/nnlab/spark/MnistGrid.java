package io.nnlab.spark;

import io.nnlab.data.Dataset;
import io.nnlab.data.Mnist;
import io.nnlab.data.Scaling;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Accuracy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A training function to sweep, and an example of one: a one-hidden-layer MLP on MNIST
 * (Flatten, Dense(hidden, relu), Dense(10, softmax); Adam; sparse categorical cross-entropy), with
 * the grid's parameters {@code lr}, {@code batch}, {@code hidden} and {@code epochs}:
 *
 * <pre>
 *   --function io.nnlab.spark.MnistGrid --grid lr=0.0003,0.001,0.003 --grid batch=32,128 --grid hidden=100,300 --grid epochs=5
 * </pre>
 * The seed draws the initial weights and the batch order. MNIST is read once per JVM from the data
 * location ({@code NNLAB_DATA} on each executor; see {@link io.nnlab.data.DataLocation}).
 */
public final class MnistGrid implements TrainingFunction {
    private static final long serialVersionUID = 1L;
    private static final Map<DType, Tensor[]> DATA = new ConcurrentHashMap<>();

    @Override
    public Map<String, Double> train(long seed, Point point, DType dtype) {
        Tensor[] d = data(dtype);
        Rng rng = new Rng(seed);
        Sequential model = Sequential.builder().input(28, 28).flatten()
                .dense(point.getInt("hidden"), Activation.RELU)
                .dense(Mnist.CLASSES, Activation.SOFTMAX)
                .build(dtype, rng.nextLong());
        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), new Adam(point.getDouble("lr")),
                Accuracy.auto());
        History h = trainer.fit(d[0], d[1], FitOptions.builder().epochs(point.getInt("epochs"))
                .batchSize(point.getInt("batch")).seed(rng.nextLong()).build());
        Map<String, Double> test = trainer.evaluate(d[2], d[3]);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", h.finalLoss());
        metrics.put("test_loss", test.get("loss"));
        metrics.put("test_accuracy", test.get("accuracy"));
        return metrics;
    }

    /** Training images, labels, test images, labels: pixels / 255, labels as the fit loop takes them. */
    private static Tensor[] data(DType dtype) {
        return DATA.computeIfAbsent(dtype, d -> {
            try {
                Mnist m = Mnist.load(d);
                return new Tensor[]{pixels(m.train()), m.train().labelTensor(d), pixels(m.test()), m.test().labelTensor(d)};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Tensor pixels(Dataset set) { return Scaling.divideBy(255).apply(set.features()); }
}
