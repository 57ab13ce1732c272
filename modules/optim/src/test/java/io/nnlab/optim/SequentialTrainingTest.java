package io.nnlab.optim;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.fullbatch.Bfgs;
import io.nnlab.optim.fullbatch.MinimizationResult;
import io.nnlab.optim.fullbatch.MinimizerOptions;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimisers, the fit loop and the full-batch objective driving nn's Sequential. */
class SequentialTrainingTest {

    /** Points in the plane labelled by the side of the line x1 + 2·x2 = 0.2 they fall on. */
    private static Tensor[] halfPlane(DType dtype, int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.uniform(-1, 1);
            x[2 * i + 1] = rng.uniform(-1, 1);
            y[i] = x[2 * i] + 2 * x[2 * i + 1] > 0.2 ? 1 : 0;
        }
        return new Tensor[] {Tensor.of(dtype, x, n, 2), Tensor.of(dtype, y, n, 1)};
    }

    @Test
    void adamTrainsALogisticRegressionWithValidationAndEarlyStopping() {
        Tensor[] train = halfPlane(DType.FLOAT32, 200, 1);
        Tensor[] val = halfPlane(DType.FLOAT32, 100, 2);
        Sequential model = Sequential.builder().input(2).dense(1, Activation.SIGMOID).build(DType.FLOAT32, 3);
        assertEquals(model.weights(), Trainable.of(model).parameters(), "non-trainable weights are restored too");
        EarlyStopping stop = new EarlyStopping("val_loss").patience(3).restoreBestWeights(true);
        History h = new Trainer(model, new BinaryCrossEntropy(), new Adam(0.05), Accuracy.binary())
                .fit(train[0], train[1], FitOptions.builder().epochs(15).batchSize(20).seed(4)
                        .validation(val[0], val[1]).callbacks(stop).build());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());
        assertTrue(h.last("val_accuracy") >= 0.95, h.toString());
        assertTrue(h.get("val_loss")[0] > h.get("val_loss")[stop.bestEpoch()], h.toString());
    }

    @Test
    void bfgsFitsASequentialThroughTheFlatParameterVector() {
        Tensor x = Tensor.linspace(DType.FLOAT64, -1, 1, 20).reshape(20, 1);
        double[] g = new double[20];
        for (int i = 0; i < 20; i++) g[i] = Math.sin(2 * x.getFlat(i));
        Tensor y = Tensor.of(DType.FLOAT64, g, 20, 1);
        Sequential model = Sequential.builder().input(1).dense(5, Activation.TANH).dense(1).build(DType.FLOAT64, 7);
        FullBatchObjective f = new FullBatchObjective(model, new MeanSquaredError(), x, y);
        assertEquals(5 + 5 + 5 + 1, f.dimension());
        double before = f.value(f.initialPoint());
        MinimizationResult r = Bfgs.minimize(f, f.initialPoint(), MinimizerOptions.defaults().withMaxIterations(100));
        f.parameters().set(r.x());
        double after = new Trainer(model, new MeanSquaredError(), new Sgd()).evaluate(x, y).get("loss");
        assertEquals(r.fun(), after, 1e-12);
        assertTrue(after < 1e-3 && after < before / 100, "mse " + before + " -> " + after);
    }
}
