package io.nnlab.examples;

import io.nnlab.examples.CustomLayer.PReLU;
import io.nnlab.nn.Mode;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Sequential;
import io.nnlab.optim.Checkpoint;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomLayerTest {

    @TempDir
    Path dir;

    @Test
    void preluComputesKerasDefinition() {
        // Keras' PReLU: max(0, x) + alpha·min(0, x), one alpha per feature.
        PReLU prelu = new PReLU(0.25);
        prelu.build(new int[]{3}, DType.FLOAT64, new Rng(0));
        Tensor y = prelu.forward(Tensor.matrix(DType.FLOAT64, new double[][]{{-2, 0, 3}, {4, -0.5, -8}}), Mode.TRAIN);
        assertArrayEquals(new double[]{-0.5, 0, 3, 4, -0.125, -2}, y.toDoubleArray(), 0);
    }

    @Test
    void theLayerPassesItsGradientCheckTrainsAndRoundTripsBitForBit() throws IOException {
        CustomLayer.Outcome o = CustomLayer.run(dir);
        assertTrue(o.gradientCheck().maxRelativeError() < 1e-8, o.gradientCheck().toString());
        assertTrue(o.untrainedAccuracy() < 0.5, "untrained: " + o.untrainedAccuracy());
        assertTrue(o.testAccuracy() >= 0.85, "trained: " + o.testAccuracy());
        assertTrue(o.modelFileIdentical(), "the model file predicts as the model did");
        assertTrue(o.checkpointIdentical(), "the checkpoint predicts as the model did");
        assertTrue(o.resumedIdentical(), "training resumed from the checkpoint ends where uninterrupted training does");

        // The files themselves: the registered type comes back as a PReLU with its trained slopes.
        Sequential loaded = ModelFile.load(o.modelFile());
        PReLU prelu = assertInstanceOf(PReLU.class, loaded.layer(1));
        assertEquals(Map.of("initial_slope", 0.25), prelu.config());
        assertTrue(Arrays.stream(prelu.slopes().toDoubleArray()).anyMatch(a -> a != 0.25),
                "the slopes were trained before saving: " + prelu.slopes());
        Checkpoint c = Checkpoint.load(o.checkpoint());
        assertEquals(30, c.epochsCompleted());
        assertTrue(assertInstanceOf(PReLU.class, c.model().layer(1)).slopes().bitEquals(prelu.slopes()));
    }
}
