package io.nnlab.examples;

import io.nnlab.data.Dataset;
import io.nnlab.nn.GradientCheck;
import io.nnlab.nn.Mode;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Registry;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.TensorCache;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.AbstractLayer;
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
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A layer of your own: {@link PReLU} on nnlab's {@link AbstractLayer}, checked against finite
 * differences with {@link GradientCheck}, trained in a model, saved with {@link ModelFile} and
 * {@link Checkpoint} (after registering it in the {@link Registry}) and loaded back bit for bit.
 *
 * <pre>./mvnw -pl examples compile exec:exec -Dexample=CustomLayer</pre>
 *
 * <p>The files go to {@code examples/target/custom-layer/} (or the folder given as the first
 * argument). The checkpoint is then used as it is meant to be: training resumed from it runs to
 * the same weights, bit for bit, as training that never stopped.
 */
public final class CustomLayer {

    /**
     * The parametric ReLU (He et al., 2015; Keras' and PyTorch's PReLU): x where x &gt; 0, else a·x,
     * with one slope a per feature that training learns. All a layer says is what it computes;
     * AbstractLayer names it, builds it once and checks shapes and dtypes with clear errors.
     */
    public static final class PReLU extends AbstractLayer {
        private final double initialSlope;
        private final TensorCache outputs = new TensorCache();      // a training step then allocates nothing
        private final TensorCache inputGradients = new TensorCache();
        private Parameter slope;
        private Tensor x;
        private Tensor y;

        public PReLU(double initialSlope) {
            super("prelu");
            this.initialSlope = initialSlope;
        }

        @Override
        public int[] outputShape(int[] inputShape) {
            requireFlat(inputShape);
            return inputShape.clone();
        }

        @Override
        protected void createParameters(int[] inputShape, DType dtype, Rng rng) {
            slope = new Parameter(name() + "/alpha", Tensor.full(dtype, initialSlope, inputShape[0]));
        }

        @Override
        public List<Parameter> parameters() { return isBuilt() ? List.of(slope) : List.of(); }

        @Override
        public Tensor forward(Tensor x, Mode mode) {
            checkInput(x);
            this.x = x;
            y = outputs.like(x);
            int features = x.cols();
            for (int i = 0; i < x.size(); i++) {
                double v = x.getFlat(i);
                y.setFlat(i, v > 0 ? v : slope.value().getFlat(i % features) * v);
            }
            return y;
        }

        /** dL/dx = g where x &gt; 0, else a·g; dL/da, summed over the batch, is g·x where x &lt;= 0. */
        @Override
        public Tensor backward(Tensor gradOut) {
            checkGradOut(gradOut, y);
            Tensor gradIn = inputGradients.like(x);
            Tensor slopeGrad = slope.grad();                          // gradients add up across backward calls
            int features = x.cols();
            for (int i = 0; i < x.size(); i++) {
                double v = x.getFlat(i), g = gradOut.getFlat(i);
                int f = i % features;
                if (v > 0) {
                    gradIn.setFlat(i, g);
                } else {
                    gradIn.setFlat(i, slope.value().getFlat(f) * g);
                    slopeGrad.setFlat(f, slopeGrad.getFlat(f) + v * g);
                }
            }
            return gradIn;
        }

        /** What the registered factory needs to rebuild the layer; the learnt slopes are saved as weights. */
        @Override
        public Map<String, Object> config() { return Map.of("initial_slope", initialSlope); }

        /** The slopes, one per feature. */
        public Tensor slopes() { return slope.value(); }
    }

    /**
     * What the run found: the layer's gradient check, the test accuracy before and after training,
     * whether the loaded model file and checkpoint predict exactly as the model did, whether
     * training resumed from the checkpoint ends bit for bit where uninterrupted training does, and
     * the files.
     */
    public record Outcome(GradientCheck.Result gradientCheck, double untrainedAccuracy, double testAccuracy,
                          boolean modelFileIdentical, boolean checkpointIdentical, boolean resumedIdentical,
                          Path modelFile, Path checkpoint) {}

    private static final long SEED = 7;
    private static final int EPOCHS = 30;

    private CustomLayer() {}

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Path.of(args[0]) : Path.of("target", "custom-layer"));
    }

    /** Checks, trains, saves and loads the layer, writing the files into {@code folder}. */
    public static Outcome run(Path folder) throws IOException {
        // Once per JVM, before saving or loading: the type name in the file, and how to rebuild the layer.
        Registry.registerLayer("PReLU", PReLU.class, config -> new PReLU(config.number("initial_slope")));

        // The backward pass against central differences, in float64 (float32 differences are too coarse).
        PReLU alone = new PReLU(0.25);
        alone.build(new int[]{5}, DType.FLOAT64, new Rng(SEED));
        Tensor x = Tensor.normal(DType.FLOAT64, new Rng(SEED), 0, 1, 8, 5);
        GradientCheck.Result check = new GradientCheck().check(alone, x);
        System.out.println("gradient check of PReLU:\n" + check);

        Dataset.Split flowers = IrisMlp.standardizedSplit(DType.FLOAT64, SEED);
        Sequential model = Sequential.builder().input(4)
                .dense(16)                                             // linear: the PReLU is its activation
                .add(new PReLU(0.25))
                .dense(3, Activation.SOFTMAX)
                .build(DType.FLOAT64, SEED);
        System.out.print(model.summary());
        Adam adam = new Adam(0.01);
        Trainer trainer = new Trainer(model, new SparseCategoricalCrossEntropy(), adam, Accuracy.sparseCategorical());
        double untrained = trainer.evaluate(flowers.test()).get("accuracy");
        trainer.fit(flowers.train(), options().epochs(EPOCHS).build());
        double accuracy = trainer.evaluate(flowers.test()).get("accuracy");
        DoubleSummaryStatistics slopes = Arrays.stream(((PReLU) model.layer(1)).slopes().toDoubleArray())
                .summaryStatistics();
        System.out.printf(Locale.ROOT, "test accuracy %.3f (untrained %.3f); learnt slopes from %.3f to %.3f%n",
                accuracy, untrained, slopes.getMin(), slopes.getMax());

        // The architecture names the layer "PReLU" with its config; its slopes are weights like any other.
        Files.createDirectories(folder);
        Path modelFile = folder.resolve("prelu-mlp.safetensors");
        Path checkpointFile = folder.resolve("prelu-mlp-checkpoint.safetensors");
        ModelFile.save(model, modelFile);
        Checkpoint.save(checkpointFile, model, adam, EPOCHS);
        Tensor testX = flowers.test().features();
        Tensor predictions = model.predict(testX);
        boolean fromModelFile = ModelFile.load(modelFile).predict(testX).bitEquals(predictions);
        Checkpoint checkpoint = Checkpoint.load(checkpointFile);
        boolean fromCheckpoint = checkpoint.model().predict(testX).bitEquals(predictions);
        System.out.println(modelFile + " loaded back: predictions " + same(fromModelFile));
        System.out.println(checkpointFile + " loaded back: predictions " + same(fromCheckpoint));

        // Ten more epochs twice: the model as it is, and the checkpoint's model with Adam's state restored.
        trainer.fit(flowers.train(), options().initialEpoch(EPOCHS).epochs(EPOCHS + 10).build());
        Adam resumedAdam = new Adam(0.01);
        checkpoint.restore(resumedAdam);
        new Trainer(checkpoint.model(), new SparseCategoricalCrossEntropy(), resumedAdam)
                .fit(flowers.train(), options().initialEpoch(checkpoint.epochsCompleted()).epochs(EPOCHS + 10).build());
        boolean resumed = checkpoint.model().predict(testX).bitEquals(model.predict(testX));
        System.out.println("training resumed from the checkpoint: predictions " + same(resumed)
                + " to those of training that never stopped");
        return new Outcome(check, untrained, accuracy, fromModelFile, fromCheckpoint, resumed, modelFile, checkpointFile);
    }

    private static FitOptions.Builder options() { return FitOptions.builder().batchSize(16).seed(SEED); }

    private static String same(boolean identical) { return identical ? "identical" : "DIFFERENT"; }
}
