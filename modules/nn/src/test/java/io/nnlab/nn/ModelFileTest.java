package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.regularizers.L1;
import io.nnlab.nn.regularizers.L1L2;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.nn.regularizers.Regularizer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Json;
import io.nnlab.tensor.io.Safetensors;
import io.nnlab.tensor.io.SafetensorsFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    @TempDir
    Path dir;

    /** Every layer kind the architecture covers, with regularisers of each kind and user-chosen names. */
    static Sequential everyLayer(DType dtype, long seed) {
        return Sequential.builder().name("mix")
                .input(2, 3)
                .flatten()
                .add(new Dense(8).useBias(false).kernelRegularizer(new L2(0.01)))
                .add(new BatchNorm().momentum(0.9).epsilon(1e-4).name("bn"))
                .activation(Activation.SIGMOID)
                .dropout(0.25)
                .add(new Dense(7, Activation.TANH).kernelRegularizer(new L1(0.005)).biasRegularizer(new L1L2(1e-3, 2e-3)))
                .activation(Activation.IDENTITY)
                .add(new Dense(5, Activation.RELU).name("hidden"))
                .add(new Dense(3, Activation.SOFTMAX))
                .build(dtype, seed);
    }

    /** A few plain gradient steps, so the weights and BatchNorm's moving statistics are no longer initial. */
    static void train(Sequential model, int steps) {
        Rng rng = new Rng(11);
        Tensor x = Tensor.normal(model.dtype(), rng, 0, 1, 16, 2, 3);
        Tensor y = Tensor.uniform(model.dtype(), rng, 0, 1, 16, 3);
        for (int s = 0; s < steps; s++) {
            model.computeGradients(x, y, new MeanSquaredError());
            for (Parameter p : model.parameters()) Ops.axpy(-0.5, p.grad(), p.value());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aTrainedModelLoadsBackPredictingTheSameBits(DType dtype) throws IOException {
        Sequential model = everyLayer(dtype, 5);
        train(model, 20);
        Path file = dir.resolve("mix.safetensors");
        ModelFile.save(model, file);

        Sequential loaded = ModelFile.load(file);
        Tensor x = Tensor.normal(dtype, new Rng(99), 0, 1, 9, 2, 3);
        assertTrue(model.predict(x).bitEquals(loaded.predict(x)));
        assertEquals(ModelFile.architecture(model), ModelFile.architecture(loaded));
        assertEquals(model.summary(), loaded.summary());
        assertEquals(model.regularizationLoss(), loaded.regularizationLoss());
        assertEquals(model.parameters().size(), loaded.parameters().size(), "BatchNorm's statistics stay non-trainable");
        for (int i = 0; i < model.weights().size(); i++) {
            assertTrue(model.weights().get(i).value().bitEquals(loaded.weights().get(i).value()),
                    model.weights().get(i).name());
        }
    }

    @Test
    void theArchitectureIsReadableJson() throws IOException {
        Sequential model = everyLayer(DType.FLOAT32, 1);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(model, file);
        Map<String, String> meta = Safetensors.read(file).metadata();
        assertEquals("nnlab", meta.get("format"));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) Json.parse(meta.get(ModelFile.ARCHITECTURE));
        assertEquals("float32", a.get("dtype"));
        assertEquals(List.of(2L, 3L), a.get("input_shape"));
        List<?> layers = (List<?>) a.get("layers");
        assertEquals(9, layers.size());
        assertEquals("{\"class\":\"Dense\",\"config\":{\"name\":\"dense_1\",\"units\":7,\"activation\":\"tanh\","
                + "\"use_bias\":true,\"kernel_regularizer\":{\"class\":\"L1\",\"l1\":0.005},\"bias_regularizer\":"
                + "{\"class\":\"L1L2\",\"l1\":0.001,\"l2\":0.002}}}", Json.write(layers.get(5)));
        assertEquals("{\"class\":\"BatchNorm\",\"config\":{\"name\":\"bn\",\"momentum\":0.9,\"epsilon\":1.0E-4}}",
                Json.write(layers.get(2)));
    }

    @Test
    void weightsLoadIntoAModelBuiltWithTheSameLayers() throws IOException {
        Sequential trained = everyLayer(DType.FLOAT64, 5);
        train(trained, 5);
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, ModelFile.weights(trained), Map.of());
        Sequential fresh = everyLayer(DType.FLOAT64, 6);
        Tensor x = Tensor.normal(DType.FLOAT64, new Rng(1), 0, 1, 4, 2, 3);
        assertFalse(trained.predict(x).bitEquals(fresh.predict(x)));
        ModelFile.loadWeights(fresh, file);
        assertTrue(trained.predict(x).bitEquals(fresh.predict(x)));
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("has no nnlab architecture"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed() throws IOException {
        Sequential model = everyLayer(DType.FLOAT32, 5);
        model.layer("hidden").parameters().get(1).value().setFlat(3, Double.NaN);
        Path file = dir.resolve("nan.safetensors");
        ModelFile.save(model, file);
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("tensor 'hidden/bias' holds NaN at element 3"), e.getMessage());
        Sequential target = everyLayer(DType.FLOAT32, 7);
        Tensor before = target.layer("dense").parameters().getFirst().value().copy();
        assertThrows(SafetensorsFormatException.class, () -> ModelFile.loadWeights(target, file));
        assertTrue(before.bitEquals(target.layer("dense").parameters().getFirst().value()),
                "a refused file changes no weight, not even those checked before the bad one");
        Sequential allowed = ModelFile.load(file, true);
        assertTrue(Double.isNaN(allowed.layer("hidden").parameters().get(1).value().getFlat(3)));
    }

    @Test
    void weightsThatDoNotFitTheModelAreRefusedNamingThem() throws IOException {
        Sequential model = everyLayer(DType.FLOAT32, 5);
        Map<String, Tensor> w = new LinkedHashMap<>(ModelFile.weights(model));
        Map<String, String> meta = ModelFile.metadata(model);

        Map<String, Tensor> missing = new LinkedHashMap<>(w);
        missing.remove("hidden/kernel");
        missing.put("hidden/kernal", w.get("hidden/kernel"));
        assertRefused(missing, meta, "missing [hidden/kernel]; unexpected [hidden/kernal]");

        Map<String, Tensor> reshaped = new LinkedHashMap<>(w);
        reshaped.put("hidden/kernel", w.get("hidden/kernel").reshape(5, 7));
        assertRefused(reshaped, meta, "tensor 'hidden/kernel' is float32 [5, 7], but the model's weight is "
                + "float32 [7, 5]");

        Map<String, Tensor> wider = new LinkedHashMap<>(w);
        wider.put("bn/gamma", w.get("bn/gamma").astype(DType.FLOAT64));
        assertRefused(wider, meta, "tensor 'bn/gamma' is float64 [8], but the model's weight is float32 [8]");
    }

    @Test
    void architecturesThatLieAreRefused() throws IOException {
        Sequential model = Sequential.builder().input(4).dense(3, Activation.TANH).dense(1).build(DType.FLOAT64, 1);
        Map<String, Tensor> w = ModelFile.weights(model);
        String a = ModelFile.architecture(model);
        assertRefused(w, arch(a.replace("\"units\":3", "\"units\":1000000000")),
                "the architecture needs 6000000001 weight values, but the file holds 19");
        assertRefused(w, arch(a.replace("\"Dense\"", "\"Conv2D\"")),
                "layer 0 config: unknown layer type 'Conv2D'; the types registered are [Activation, BatchNorm, Dense,");
        assertRefused(w, arch(a.replace("\"tanh\"", "\"swash\"")), "layer 0 config: \"activation\" must be one of [elu, gelu,");
        assertRefused(w, arch(a.replace("\"units\":3", "\"units\":3.5")), "\"units\" must be an integer, got 3.5");
        assertRefused(w, arch(a.replace("\"units\":3", "\"units\":-3")), "units must be >= 1, got -3");
        assertRefused(w, arch(a.replace("\"input_shape\":[4]", "\"input_shape\":[0]")),
                "\"input_shape\" must be an array of positive integers");
        assertRefused(w, arch(a.replace("float64", "float16")), "\"dtype\" must be float32 or float64, got 'float16'");
        assertRefused(w, arch(a.substring(1)), "the architecture is not valid JSON");
        assertRefused(w, Map.of("format", "numpy", ModelFile.ARCHITECTURE, a), "\"format\" is 'numpy'");
    }

    @Test
    void aLayerOutsideTheArchitectureCannotBeSavedButItsWeightsCan() {
        Regularizer custom = new Regularizer() {
            @Override
            public double loss(Tensor weights) { return 0; }

            @Override
            public void addGradient(Tensor weights, Tensor grad) {}
        };
        Sequential model = Sequential.builder().input(2).add(new Dense(1).kernelRegularizer(custom))
                .build(DType.FLOAT32, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(model, dir.resolve("x")));
        assertTrue(e.getMessage().startsWith("ModelFile: cannot describe layer dense: cannot describe the regulariser "
                + "io.nnlab.nn.ModelFileTest$1; model files cover L1, L2 and L1L2"), e.getMessage());
        assertEquals(List.of("dense/kernel", "dense/bias"), List.copyOf(ModelFile.weights(model).keySet()));
    }

    @Test
    void aFlippedByteInTheWeightsIsRefusedNamingTheWeight() throws IOException {
        Sequential m = everyLayer(DType.FLOAT32, 3);
        Path file = dir.resolve("mix.safetensors");
        ModelFile.save(m, file);
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x10; // inside the last weight: the output layer's bias
        java.nio.file.Files.write(file, bytes);
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'dense_2/bias' is corrupt: its 12 bytes at file offsets ["),
                e.getMessage());
        assertTrue(e.getMessage().contains("have CRC32C "), e.getMessage());
    }

    @Test
    void loadingAFolderNamesIt() throws IOException {
        Path folder = java.nio.file.Files.createDirectory(dir.resolve("model.safetensors"));
        var e = assertThrows(java.nio.file.FileSystemException.class, () -> ModelFile.load(folder));
        assertEquals(folder + ": is a folder, not a safetensors file", e.getMessage());
    }

    @Test
    void savingTwiceGivesTheSameBytes() throws IOException {
        Sequential model = everyLayer(DType.FLOAT64, 3);
        byte[] a = Safetensors.toBytes(ModelFile.weights(model), ModelFile.metadata(model));
        byte[] b = Safetensors.toBytes(ModelFile.weights(model), ModelFile.metadata(model));
        assertEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(b));
        train(model, 1);
        assertNotEquals(java.util.Arrays.hashCode(a),
                java.util.Arrays.hashCode(Safetensors.toBytes(ModelFile.weights(model), ModelFile.metadata(model))));
    }

    private static Map<String, String> arch(String architecture) {
        return Map.of("format", "nnlab", ModelFile.ARCHITECTURE, architecture);
    }

    private void assertRefused(Map<String, Tensor> tensors, Map<String, String> meta, String expected)
            throws IOException {
        Path file = dir.resolve("lie.safetensors");
        Safetensors.write(file, tensors, meta);
        var e = assertThrows(SafetensorsFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
