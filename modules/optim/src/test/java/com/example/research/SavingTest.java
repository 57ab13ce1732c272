package com.example.research;

import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.Adam;
import io.nnlab.optim.Checkpoint;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model built from a user layer (Scale), a user activation (Swish, in a Dense and as a layer of its
 * own) and nnlab's layers round-trips through ModelFile and Checkpoint: the loaded model predicts
 * bit for bit what the saved one did, and training resumed from a checkpoint takes the same steps as
 * training that never stopped.
 */
class SavingTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void register() { UserCode.register(); }

    private static Sequential model(DType dtype, long seed) {
        return Sequential.builder().input(3)
                .add(new Scale(0.5).name("gain"))
                .add(new Dense(8, new Swish(1.5)))
                .add(new Scale(2))
                .add(new ActivationLayer(new Swish(0.7)))
                .dense(1)
                .build(dtype, seed);
    }

    private static Tensor[] data(DType dtype) {
        Tensor x = Tensor.normal(dtype, new Rng(11), 0, 1, 96, 3);
        Tensor y = Tensor.zeros(dtype, 96, 1);
        for (int i = 0; i < 96; i++) {
            y.setFlat(i, Math.sin(x.getFlat(3 * i)) + 0.5 * x.getFlat(3 * i + 1) * x.getFlat(3 * i + 2));
        }
        return new Tensor[]{x, y};
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aModelWithUserPartsRoundTripsThroughModelFile(DType dtype) throws IOException {
        Tensor[] d = data(dtype);
        Sequential trained = model(dtype, 4);
        new Trainer(trained, new MeanSquaredError(), new Adam(0.01)).fit(d[0], d[1],
                FitOptions.builder().epochs(3).batchSize(32).build());
        Path file = dir.resolve("user.safetensors");
        ModelFile.save(trained, file);

        Sequential loaded = ModelFile.load(file);
        assertEquals(ModelFile.architecture(trained), ModelFile.architecture(loaded));
        assertTrue(trained.predict(d[0]).bitEquals(loaded.predict(d[0])), "the same predictions, bit for bit");
        Layer gain = loaded.layer("gain");
        assertInstanceOf(Scale.class, gain);
        assertEquals(new Swish(1.5), ((Dense) loaded.layer(1)).activation());
        assertEquals(new Swish(0.7), ((ActivationLayer) loaded.layer("swish_beta")).activation());
        assertEquals("scale", loaded.layer(2).name());
        assertFalse(model(dtype, 9).predict(d[0]).bitEquals(loaded.predict(d[0])), "not what a fresh model predicts");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void trainingResumesFromACheckpointAsIfItNeverStopped(DType dtype) throws IOException {
        Tensor[] d = data(dtype);
        FitOptions.Builder options = FitOptions.builder().batchSize(16).seed(5);

        Sequential straight = model(dtype, 4);
        History all = new Trainer(straight, new MeanSquaredError(), new Adam(0.01))
                .fit(d[0], d[1], options.epochs(4).build());

        Sequential first = model(dtype, 4);
        Adam adam = new Adam(0.01);
        new Trainer(first, new MeanSquaredError(), adam).fit(d[0], d[1], options.epochs(2).build());
        Path file = dir.resolve("run.safetensors");
        Checkpoint.save(file, first, adam, 2);

        Checkpoint c = Checkpoint.load(file);
        assertInstanceOf(Scale.class, c.model().layer("gain"));
        Adam resumed = new Adam(0.01);
        c.restore(resumed);
        History rest = new Trainer(c.model(), new MeanSquaredError(), resumed)
                .fit(d[0], d[1], options.epochs(4).initialEpoch(c.epochsCompleted()).build());

        assertArrayEquals(new double[]{all.loss()[2], all.loss()[3]}, rest.loss(), 0.0);
        assertTrue(straight.predict(d[0]).bitEquals(c.model().predict(d[0])), "the same weights after 4 epochs");
        assertTrue(all.finalLoss() < all.loss()[0], "it trained: " + all);
    }
}
