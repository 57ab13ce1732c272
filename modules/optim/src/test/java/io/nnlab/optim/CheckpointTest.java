package io.nnlab.optim;

import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Safetensors;
import io.nnlab.tensor.io.SafetensorsFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @TempDir
    Path dir;

    private static final Tensor X = Tensor.normal(DType.FLOAT32, new Rng(1), 0, 1, 40, 3);
    private static final Tensor Y = Tensor.normal(DType.FLOAT32, new Rng(2), 0, 1, 40, 2);

    /** BatchNorm's moving statistics and a regulariser: state beyond the trainable weights. */
    private static Sequential model() {
        return Sequential.builder().input(3)
                .add(new Dense(6, Activation.RELU).name("hidden").kernelRegularizer(new L2(1e-3)))
                .add(new BatchNorm().momentum(0.8))
                .dense(2)
                .build(DType.FLOAT32, 9);
    }

    private static FitOptions.Builder options() { return FitOptions.builder().batchSize(16).seed(5); }

    private Path trainedCheckpoint(Sequential m, Optimizer opt, int epochs) throws IOException {
        new Trainer(m, new MeanSquaredError(), opt).fit(X, Y, options().epochs(epochs).build());
        Path file = dir.resolve("ck.safetensors");
        Checkpoint.save(file, m, opt, epochs);
        return file;
    }

    @Test
    void aResumedRunMeasuresItsProgressAndItsTimeLeftFromItsOwnEpochs() {
        // Resumed at epoch 2 of 5 with 3 batches an epoch: 9 steps of its own, the k-th of which
        // leaves k / 9 done (counting the 2 epochs before it, 1/9 would read (2 + 1/3) / 5).
        List<double[]> seen = new ArrayList<>();
        Callback record = new Callback() {
            @Override
            public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
                double before = run.elapsedSeconds();
                double eta = run.etaSeconds();
                double after = run.elapsedSeconds();
                seen.add(new double[]{run.fractionDone(), before, eta, after});
            }
        };
        new Trainer(model(), new MeanSquaredError(), new Adam())
                .fit(X, Y, options().epochs(5).initialEpoch(2).callbacks(record).build());
        assertEquals(9, seen.size());
        for (int k = 1; k <= 9; k++) {
            double[] s = seen.get(k - 1);
            assertEquals(k / 9.0, s[0], 1e-12, "fraction done after step " + k);
            double rest = (1 - s[0]) / s[0];
            assertTrue(s[2] >= s[1] * rest * (1 - 1e-12) && s[2] <= s[3] * rest * (1 + 1e-12),
                    "eta after step " + k + ": " + s[2] + " s, elapsed " + s[1] + " .. " + s[3] + " s");
        }
    }

    @Test
    void aResumedRunWithBatchNormAndRmsPropMatchesOneThatNeverStopped() throws IOException {
        Sequential straight = model();
        new Trainer(straight, new MeanSquaredError(), RmsProp.builder().momentum(0.5).centered(true).build())
                .fit(X, Y, options().epochs(5).build());

        Path file = trainedCheckpoint(model(), RmsProp.builder().momentum(0.5).centered(true).build(), 2);
        Checkpoint c = Checkpoint.load(file);
        assertEquals(2, c.epochsCompleted());
        assertEquals(6, c.iterations(), "3 batches per epoch");
        RmsProp resumed = RmsProp.builder().momentum(0.5).centered(true).build();
        c.restore(resumed);
        History h = new Trainer(c.model(), new MeanSquaredError(), resumed)
                .fit(X, Y, options().epochs(5).initialEpoch(2).build());
        assertEquals(3, h.epochs());
        for (int i = 0; i < straight.weights().size(); i++) {
            Parameter p = straight.weights().get(i);
            assertTrue(p.value().bitEquals(c.model().weights().get(i).value()), p.name());
        }
    }

    @Test
    void theFileHoldsTheModelTheStateAndThePosition() throws IOException {
        Adam adam = new Adam(0.01);
        Sequential m = model();
        Safetensors s = Safetensors.read(trainedCheckpoint(m, adam, 1));
        assertTrue(s.tensors().keySet().containsAll(List.of("hidden/kernel", "optimizer/hidden/kernel/m",
                "optimizer/hidden/kernel/v", "batch_normalization/moving_mean")));
        assertFalse(s.tensors().containsKey("optimizer/batch_normalization/moving_mean/m"), "not trainable");
        assertTrue(adam.state(m.weights().getFirst()).get("v").bitEquals(s.tensor("optimizer/hidden/kernel/v")));
        assertEquals("1", s.metadata().get("nnlab.epochs_completed"));
        assertTrue(s.metadata().get("nnlab.optimizer").contains("\"iterations\":3"), s.metadata().toString());
        // A checkpoint is also a model file for anyone who wants only the model: not with ModelFile.load,
        // which wants exactly the weights, but its weights load into the same architecture.
        Sequential fresh = model();
        Map<String, Tensor> weights = new LinkedHashMap<>(s.tensors());
        weights.keySet().removeIf(k -> k.startsWith("optimizer/"));
        ModelFile.assign(fresh, weights, "checkpoint", false);
        assertTrue(m.predict(X).bitEquals(fresh.predict(X)));
    }

    @Test
    void restoringIntoAnotherOptimiserIsRefusedAndChangesNothing() throws IOException {
        Checkpoint c = Checkpoint.load(trainedCheckpoint(model(), new Adam(0.01), 1));
        Adam otherBeta = Adam.builder().learningRate(0.01).beta1(0.8).build();
        var e = assertThrows(IllegalArgumentException.class, () -> c.restore(otherBeta));
        assertTrue(e.getMessage().contains("was saved from Adam") && e.getMessage().contains("beta_1=0.9"),
                e.getMessage());
        assertEquals(0, otherBeta.iterations());
        assertThrows(IllegalArgumentException.class, () -> c.restore(new Sgd(0.01)));
        assertThrows(IllegalArgumentException.class, () -> c.restore(AdamW.builder().learningRate(0.01).build()));

        Adam otherRate = new Adam(0.5);
        c.restore(otherRate);
        assertEquals(0.01, otherRate.learningRate(), "the learning rate is state a schedule may have changed");
        assertEquals(3, otherRate.iterations());
    }

    @Test
    void aModelFileIsNotACheckpoint() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(model(), file);
        var e = assertThrows(SafetensorsFormatException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("is not an nnlab checkpoint") && e.getMessage().contains("ModelFile.load"),
                e.getMessage());
    }

    @Test
    void tamperedCheckpointsAreRefused() throws IOException {
        Safetensors good = Safetensors.read(trainedCheckpoint(model(), new Adam(0.01), 1));

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(good.tensors());
        wrongShape.put("optimizer/hidden/bias/m", Tensor.zeros(DType.FLOAT32, 7));
        assertRefused(wrongShape, good.metadata(), "optimiser state 'optimizer/hidden/bias/m' is float32 [7], but its"
                + " weight is float32 [6]");

        Map<String, Tensor> halfState = new LinkedHashMap<>(good.tensors());
        halfState.remove("optimizer/hidden/bias/v");
        assertRefused(halfState, good.metadata(), "weight 'hidden/bias' has optimiser state [m] but the optimiser keeps"
                + " [m, v]");

        Map<String, Tensor> stray = new LinkedHashMap<>(good.tensors());
        stray.put("optimizer/ghost/kernel/m", Tensor.zeros(DType.FLOAT32, 1));
        assertRefused(stray, good.metadata(), "neither weights of the model nor optimiser state of them: "
                + "[optimizer/ghost/kernel/m]");

        Map<String, String> badEpochs = new LinkedHashMap<>(good.metadata());
        badEpochs.put("nnlab.epochs_completed", "-1");
        assertRefused(good.tensors(), badEpochs, "\"nnlab.epochs_completed\" must be a non-negative integer, got '-1'");

        Map<String, String> badOptimizer = new LinkedHashMap<>(good.metadata());
        badOptimizer.put("nnlab.optimizer", "{\"class\":\"Adam\"}");
        assertRefused(good.tensors(), badOptimizer, "\"nnlab.optimizer\" must be an object with \"class\"");

        Map<String, Tensor> nanState = new LinkedHashMap<>(good.tensors());
        Tensor nanWeight = good.tensor("dense/kernel").copy();
        nanWeight.setFlat(0, Double.NaN);
        nanState.put("dense/kernel", nanWeight);
        assertRefused(nanState, good.metadata(), "tensor 'dense/kernel' holds NaN at element 0");
    }

    @Test
    void aNanWeightStopsTrainingNamingItAndTheEpochOfTheWholeRun() throws IOException {
        Sequential m = model();
        m.layer("hidden").parameters().get(1).value().setFlat(2, Double.NaN);
        Path file = dir.resolve("nan.safetensors");
        ModelFile.save(m, file);
        Sequential loaded = ModelFile.load(file, true);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> new Trainer(loaded,
                new MeanSquaredError(), new Adam()).fit(X, Y, options().epochs(4).initialEpoch(2).build()));
        assertEquals("hidden/bias", e.parameter());
        assertEquals(3, e.epoch());
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("the loss is NaN at epoch 3, step 1 (iteration 1) because parameter "
                + "'hidden/bias' holds NaN at element 2"), e.getMessage());
    }

    @Test
    void initialEpochIsChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().epochs(2).initialEpoch(3).build());
        assertTrue(e.getMessage().contains("initialEpoch must not exceed epochs (2), got 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().initialEpoch(-1));
        History h = new Trainer(model(), new MeanSquaredError(), new Adam())
                .fit(X, Y, options().epochs(2).initialEpoch(2).build());
        assertEquals(0, h.epochs());
        assertEquals(0, h.iterations());
    }

    private void assertRefused(Map<String, Tensor> tensors, Map<String, String> meta, String expected)
            throws IOException {
        Path file = dir.resolve("tampered.safetensors");
        Safetensors.write(file, tensors, meta);
        var e = assertThrows(SafetensorsFormatException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
