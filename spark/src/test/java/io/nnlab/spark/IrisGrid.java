package io.nnlab.spark;

import io.nnlab.data.Dataset;
import io.nnlab.data.Iris;
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

import java.util.LinkedHashMap;
import java.util.Map;

/** A small training function for the tests: Iris, 4-hidden-3 tanh MLP, Adam, a few epochs; grid parameters lr and hidden. */
public final class IrisGrid implements TrainingFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Double> train(long seed, Point point, DType dtype) {
        Dataset iris = Iris.load(Iris.Version.UCI, dtype);
        Tensor x = Scaling.columnMax(iris.features()).apply(iris.features());
        int[] labels = iris.labels();
        Tensor y = Tensor.zeros(dtype, labels.length);
        for (int i = 0; i < labels.length; i++) y.setFlat(i, labels[i]);
        Rng rng = new Rng(seed);
        Sequential model = Sequential.builder().input(4).dense(point.getInt("hidden"), Activation.TANH)
                .dense(3, Activation.SOFTMAX).build(dtype, rng.nextLong());
        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), new Adam(point.getDouble("lr")), Accuracy.auto());
        History h = trainer.fit(x, y, FitOptions.builder().epochs(15).batchSize(16).seed(rng.nextLong()).build());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("final_loss", h.finalLoss());
        metrics.put("accuracy", trainer.evaluate(x, y).get("accuracy"));
        return metrics;
    }
}
