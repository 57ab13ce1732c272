package com.example.research;

import io.nnlab.nn.GradientCheck;
import io.nnlab.nn.Mode;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Registry;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Layer;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Json;
import io.nnlab.tensor.io.Safetensors;
import io.nnlab.tensor.io.SafetensorsFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nnlab's extension points used as a researcher's own project uses them, from a package of its own:
 * a layer on AbstractLayer, an activation, a loss on AbstractLoss, each with the checks, naming,
 * buffers and gradient checks nnlab's own get, and the Registry's errors.
 */
class ExtensionTest {
    private static final DType F64 = DType.FLOAT64;

    @TempDir
    Path dir;

    @BeforeAll
    static void register() { UserCode.register(); }

    private static Tensor randn(long seed, int... shape) { return Tensor.normal(F64, new Rng(seed), 0, 1, shape); }

    @Test
    void aUserLayerGetsTheChecksTheBuildGuardAndTheBuffers() {
        Scale s = new Scale(0.5);
        assertEquals("scale", s.name(), "named from its class, as Keras names layers");
        var notBuilt = assertThrows(IllegalStateException.class, () -> s.forward(randn(1, 2, 3), Mode.TRAIN));
        assertEquals("scale: not built; build it (or the Sequential holding it) before forward", notBuilt.getMessage());
        s.build(new int[]{3}, F64, new Rng(0));
        var twice = assertThrows(IllegalStateException.class, () -> s.build(new int[]{3}, F64, new Rng(0)));
        assertTrue(twice.getMessage().startsWith("scale: already built for input shape [3]"), twice.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> s.forward(randn(1, 2, 4), Mode.TRAIN));
        assertEquals("scale: expected input of shape [batch, 3], got [2, 4]", shape.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class,
                () -> s.forward(Tensor.zeros(DType.FLOAT32, 2, 3), Mode.TRAIN));
        assertTrue(dtype.getMessage().startsWith("scale: expected float64 input, got float32 [2, 3]"), dtype.getMessage());
        var early = assertThrows(IllegalStateException.class, () -> s.backward(randn(1, 2, 3)));
        assertTrue(early.getMessage().startsWith("scale: backward called before forward"), early.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> new Scale(1).build(new int[]{2, 2}, F64, new Rng(0)));
        assertEquals("scale: expected a flat input shape [features], got [2, 2] (add a Flatten before it)",
                flat.getMessage());

        Tensor x = randn(2, 4, 3);
        Tensor y = s.forward(x, Mode.TRAIN);
        assertEquals(0.5 * x.getFlat(5), y.getFlat(5), 0);
        assertSame(y, s.forward(randn(3, 4, 3), Mode.TRAIN), "the buffer of a batch size is reused");
        assertNotSame(y, s.forward(randn(3, 5, 3), Mode.TRAIN), "another batch size gets its own");
        var wrongGrad = assertThrows(IllegalArgumentException.class, () -> s.backward(randn(1, 4, 3)));
        assertEquals("scale: gradOut must be float64 [5, 3] like the last output, got float64 [4, 3]",
                wrongGrad.getMessage());
        assertTrue(new GradientCheck().check(s, randn(4, 6, 3)).maxRelativeError() < 1e-8);
    }

    @Test
    void sequentialNumbersUserLayersAsItsOwn() {
        Sequential m = Sequential.builder().input(3).add(new Scale(1)).dense(3).add(new Scale(2))
                .add(new Scale(3).name("out_scale")).add(new Scale(4)).build(F64, 1);
        assertEquals(List.of("scale", "dense", "scale_1", "out_scale", "scale_2"),
                m.layers().stream().map(Layer::name).toList());
        assertEquals("scale_1/scale", m.layer(2).parameters().getFirst().name());
    }

    @Test
    void aUserActivationWorksInDenseAndAsALayerWithItsGradient() {
        Swish swish = new Swish(1.7);
        Dense d = new Dense(4, swish);
        d.build(new int[]{3}, F64, new Rng(2));
        assertTrue(new GradientCheck().check(d, randn(5, 6, 3)).maxRelativeError() < 1e-8);
        Layer layer = new ActivationLayer(swish);
        assertEquals("swish_beta", layer.name());
        layer.build(new int[]{5}, F64, new Rng(0));
        assertTrue(new GradientCheck().check(layer, randn(6, 4, 5)).maxRelativeError() < 1e-8);
        // swish with β = 1 is silu.
        Tensor z = randn(7, 3, 5), a = Tensor.zerosLike(z), b = Tensor.zerosLike(z);
        new Swish(1).forward(z, a);
        Activation.SILU.forward(z, b);
        assertTrue(a.allClose(b, 1e-15, 0));
    }

    @Test
    void aUserLossGetsTheChecksAndTrainsAModel() {
        CosineSimilarity cosine = new CosineSimilarity();
        var early = assertThrows(IllegalStateException.class, cosine::backward);
        assertEquals("cosine_similarity: backward() called before forward()", early.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> cosine.forward(randn(1, 4, 2), randn(1, 4, 3)));
        assertEquals("cosine_similarity: target must have the prediction's shape [4, 2], got [4, 3]", shape.getMessage());
        assertTrue(new GradientCheck().check(cosine, randn(2, 5, 3), randn(3, 5, 3)).maxRelativeError() < 1e-8);
        // Keras' CosineSimilarity docstring: y_true [[0, 1], [1, 1]], y_pred [[1, 0], [1, 1]] gives -0.5.
        assertEquals(-0.5, cosine.forward(Tensor.matrix(F64, new double[][]{{1, 0}, {1, 1}}),
                Tensor.matrix(F64, new double[][]{{0, 1}, {1, 1}})), 1e-15);

        // Targets that turn each input by 45°: a Scale and a Dense learn to point the same way.
        Tensor x = randn(4, 64, 2);
        Tensor y = Tensor.zeros(F64, 64, 2);
        for (int i = 0; i < 64; i++) {
            y.setFlat(2 * i, x.getFlat(2 * i) - x.getFlat(2 * i + 1));
            y.setFlat(2 * i + 1, x.getFlat(2 * i) + x.getFlat(2 * i + 1));
        }
        Sequential m = Sequential.builder().input(2).add(new Scale(1)).dense(2).build(F64, 3);
        History h = new Trainer(m, cosine, new Adam(0.05)).fit(x, y, FitOptions.builder().epochs(60).batchSize(16).build());
        assertTrue(h.loss()[0] > -0.9 && h.finalLoss() < -0.999, "trains: " + h);
    }

    @Test
    void theRegistryNamesWhatIsMissing() throws IOException {
        Layer unregistered = new ActivationLayer(Activation.RELU) {};   // a subclass is a type of its own
        Sequential m = Sequential.builder().input(2).add(unregistered).build(F64, 0);
        var save = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(m, dir.resolve("x")));
        assertTrue(save.getMessage().startsWith("ModelFile: cannot describe layer relu: layer relu "
                + "(com.example.research.ExtensionTest$1) has no registered type"), save.getMessage());

        record Cube() implements Activation {
            public String name() { return "cube"; }

            public void forward(Tensor z, Tensor out) {}

            public void backward(Tensor z, Tensor a, Tensor g, Tensor gi) {}
        }
        Sequential withCube = Sequential.builder().input(2).add(new Dense(1, new Cube())).build(F64, 0);
        var act = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(withCube, dir.resolve("y")));
        assertTrue(act.getMessage().contains("activation 'cube' (com.example.research.ExtensionTest$1Cube) is not "
                + "registered, so it cannot be saved; register it first with Registry.registerActivation(\"cube\""),
                act.getMessage());

        // A file naming a type this JVM has not registered: the error names it.
        Sequential fine = Sequential.builder().input(2).add(new Scale(1)).build(F64, 0);
        String arch = ModelFile.architecture(fine).replace("\"Scale\"", "\"Warp\"");
        Path file = dir.resolve("warp.safetensors");
        Safetensors.write(file, ModelFile.weights(fine), Map.of("format", "nnlab", ModelFile.ARCHITECTURE, arch));
        var load = assertThrows(SafetensorsFormatException.class, () -> ModelFile.load(file));
        assertTrue(load.getMessage().startsWith(file + ": layer 0 config: unknown layer type 'Warp'; the types "
                + "registered are [Activation, BatchNorm, Dense, Dropout, Flatten, Scale]"), load.getMessage());
        assertTrue(load.getMessage().contains("Registry.registerLayer(\"Warp\", YourLayer.class"), load.getMessage());

        var taken = assertThrows(IllegalArgumentException.class,
                () -> Registry.registerLayer("Dense", Scale.class, c -> new Scale(1)));
        assertEquals("Registry: layer type 'Dense' is nnlab's; choose another name", taken.getMessage());
        var other = assertThrows(IllegalArgumentException.class,
                () -> Registry.registerActivation("swish_beta", Cube.class, c -> new Cube()));
        assertTrue(other.getMessage().startsWith("Registry: activation 'swish_beta' is registered for "
                + "com.example.research.Swish"), other.getMessage());
        UserCode.register();   // the same names for the same classes again: allowed
    }

    @Test
    void theSavedArchitectureIsTheLayersConfig() throws IOException {
        Sequential m = Sequential.builder().input(3).add(new Scale(0.25).name("gain")).add(new Dense(2, new Swish(2)))
                .build(F64, 1);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(m, file);
        Map<?, ?> a = (Map<?, ?>) Json.parse(Safetensors.read(file).metadata().get(ModelFile.ARCHITECTURE));
        List<?> layers = (List<?>) a.get("layers");
        assertEquals("{\"class\":\"Scale\",\"config\":{\"name\":\"gain\",\"init\":0.25}}", Json.write(layers.get(0)));
        assertEquals("{\"class\":\"swish_beta\",\"config\":{\"beta\":2.0}}",
                Json.write(((Map<?, ?>) ((Map<?, ?>) layers.get(1)).get("config")).get("activation")));
    }
}
