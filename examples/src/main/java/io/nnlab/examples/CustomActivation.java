package io.nnlab.examples;

import io.nnlab.data.Dataset;
import io.nnlab.nn.GradientCheck;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Registry;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Accuracy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.Checkpoint;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An activation of your own: {@link Mish} on nnlab's {@link Activation} interface, used as a
 * {@link Dense} layer's activation and as a layer of its own ({@link ActivationLayer}), checked
 * against finite differences in both places, and saved with {@link ModelFile} and
 * {@link Checkpoint} once registered in the {@link Registry}.
 *
 * <pre>./mvnw -pl examples compile exec:exec -Dexample=CustomActivation</pre>
 *
 * <p>The files go to {@code examples/target/custom-activation/} (or the folder given as the
 * first argument).
 */
public final class CustomActivation {

    /**
     * Mish (Misra, 2019): x·tanh(softplus(x)), smooth and unbounded above like SiLU, as PyTorch's
     * {@code nn.Mish} defines it. An activation is two loops: the function, and its derivative
     * times the gradient that comes back. A record, so that two Mish are equal.
     */
    public record Mish() implements Activation {

        /** The name the model file records, and the one it is registered under. */
        @Override
        public String name() { return "mish"; }

        @Override
        public void forward(Tensor z, Tensor out) {
            for (int i = 0; i < z.size(); i++) out.setFlat(i, mish(z.getFlat(i)));
        }

        /** d/dx x·tanh(sp(x)) = tanh(sp(x)) + x·(1 - tanh²(sp(x)))·sigmoid(x), as sp'(x) = sigmoid(x). */
        @Override
        public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
            for (int i = 0; i < z.size(); i++) {
                double x = z.getFlat(i), t = Math.tanh(softplus(x)), sigmoid = 1 / (1 + Math.exp(-x));
                gradIn.setFlat(i, gradOut.getFlat(i) * (t + x * (1 - t * t) * sigmoid));
            }
        }

        public static double mish(double x) { return x * Math.tanh(softplus(x)); }

        /** log(1 + e^x), without overflow for large x. */
        private static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
    }

    /**
     * What the run found: the gradient checks of Mish in a Dense layer and as an ActivationLayer,
     * the test accuracy before and after training, whether the model file and the checkpoint load
     * back to a model that predicts exactly as the trained one, and the files.
     */
    public record Outcome(GradientCheck.Result denseCheck, GradientCheck.Result layerCheck, double untrainedAccuracy,
                          double testAccuracy, boolean modelFileIdentical, boolean checkpointIdentical, Path modelFile,
                          Path checkpoint) {}

    private static final long SEED = 3;
    private static final int EPOCHS = 40;

    private CustomActivation() {}

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Path.of(args[0]) : Path.of("target", "custom-activation"));
    }

    /** Checks Mish, trains a model with it, saves and loads the model, writing the files into {@code folder}. */
    public static Outcome run(Path folder) throws IOException {
        // Once per JVM, before saving or loading: Mish has no parameters, so the factory needs no config.
        Registry.registerActivation("mish", Mish.class, config -> new Mish());
        Mish mish = new Mish();
        System.out.printf(Locale.ROOT, "mish(-1) = %.6f, mish(0) = %.6f, mish(1) = %.6f%n", Mish.mish(-1), Mish.mish(0),
                Mish.mish(1));

        // Its derivative against central differences, in float64, in both places it can serve.
        Dense dense = new Dense(6, mish);
        dense.build(new int[]{4}, DType.FLOAT64, new Rng(SEED));
        GradientCheck.Result denseCheck = new GradientCheck().check(dense, randomInput(8, 4));
        ActivationLayer layer = new ActivationLayer(mish);
        layer.build(new int[]{6}, DType.FLOAT64, new Rng(SEED));
        GradientCheck.Result layerCheck = new GradientCheck().check(layer, randomInput(8, 6));
        System.out.println("gradient check of Dense(6, mish):\n" + denseCheck);
        System.out.println("gradient check of ActivationLayer(mish):\n" + layerCheck);

        Dataset.Split flowers = IrisMlp.standardizedSplit(DType.FLOAT64, SEED);
        Sequential model = Sequential.builder().input(4)
                .dense(16, mish)                    // Keras' Dense(16, activation=mish)
                .dense(16)
                .activation(mish)                   // Keras' Activation(mish): the same function as a layer
                .dense(3, Activation.SOFTMAX)
                .build(DType.FLOAT64, SEED);
        Adam adam = new Adam(0.01);
        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), adam, Accuracy.sparseCategorical());
        double untrained = trainer.evaluate(flowers.test()).get("accuracy");
        trainer.fit(flowers.train(), FitOptions.builder().epochs(EPOCHS).batchSize(16).seed(SEED).build());
        double accuracy = trainer.evaluate(flowers.test()).get("accuracy");
        System.out.printf(Locale.ROOT, "test accuracy %.3f (untrained %.3f)%n", accuracy, untrained);

        // The architecture records the activation by its name: "activation":"mish" in both layers.
        System.out.println("architecture: " + ModelFile.architecture(model));
        Files.createDirectories(folder);
        Path modelFile = folder.resolve("mish-mlp.safetensors");
        Path checkpointFile = folder.resolve("mish-mlp-checkpoint.safetensors");
        ModelFile.save(model, modelFile);
        Checkpoint.save(checkpointFile, model, adam, EPOCHS);
        Tensor testX = flowers.test().features();
        Tensor predictions = model.predict(testX);
        boolean fromModelFile = ModelFile.load(modelFile).predict(testX).bitEquals(predictions);
        boolean fromCheckpoint = Checkpoint.load(checkpointFile).model().predict(testX).bitEquals(predictions);
        System.out.println(modelFile + " loaded back: predictions " + (fromModelFile ? "identical" : "DIFFERENT"));
        System.out.println(checkpointFile + " loaded back: predictions " + (fromCheckpoint ? "identical" : "DIFFERENT"));
        return new Outcome(denseCheck, layerCheck, untrained, accuracy, fromModelFile, fromCheckpoint, modelFile,
                checkpointFile);
    }

    private static Tensor randomInput(int rows, int cols) {
        return Tensor.normal(DType.FLOAT64, new Rng(SEED), 0, 1, rows, cols);
    }
}
