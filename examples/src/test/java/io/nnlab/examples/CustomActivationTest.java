package io.nnlab.examples;

import io.nnlab.examples.CustomActivation.Mish;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.Dense;
import io.nnlab.optim.Checkpoint;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomActivationTest {

    @TempDir
    Path dir;

    @Test
    void mishMatchesItsDefinitionComputedIndependently() {
        // x·tanh(ln(1 + e^x)) in 40-digit decimal arithmetic (Python's decimal module), rounded to double.
        double[] x = {-3, -1, -0.5, 0, 0.5, 1, 3, 20};
        double[] expected = {-0.14564746127562458, -0.3034014613741089, -0.22074377465173, 0, 0.37524521130489513,
                0.8650983882673103, 2.9865350049679575, 20.0};
        Tensor out = Tensor.zeros(DType.FLOAT64, x.length);
        new Mish().forward(Tensor.of(DType.FLOAT64, x, x.length), out);
        assertArrayEquals(expected, out.toDoubleArray(), 1e-15);
    }

    @Test
    void mishPassesItsGradientChecksTrainsAndRoundTripsBitForBit() throws IOException {
        CustomActivation.Outcome o = CustomActivation.run(dir);
        assertTrue(o.denseCheck().maxRelativeError() < 1e-8, o.denseCheck().toString());
        assertTrue(o.layerCheck().maxRelativeError() < 1e-8, o.layerCheck().toString());
        assertTrue(o.untrainedAccuracy() < 0.5, "untrained: " + o.untrainedAccuracy());
        assertTrue(o.testAccuracy() >= 0.85, "trained: " + o.testAccuracy());
        assertTrue(o.modelFileIdentical(), "the model file predicts as the model did");
        assertTrue(o.checkpointIdentical(), "the checkpoint predicts as the model did");

        // The files themselves: Mish comes back in both places, by its registered name.
        for (Sequential loaded : new Sequential[]{ModelFile.load(o.modelFile()), Checkpoint.load(o.checkpoint()).model()}) {
            assertEquals(new Mish(), assertInstanceOf(Dense.class, loaded.layer(0)).activation());
            assertEquals(new Mish(), assertInstanceOf(ActivationLayer.class, loaded.layer(2)).activation());
        }
    }
}
