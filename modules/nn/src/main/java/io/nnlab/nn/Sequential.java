package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.AbstractLayer;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.Flatten;
import io.nnlab.nn.layers.HasLogits;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A model that is a chain of layers, as Keras' Sequential; its parameters are its layers'.
 *
 * <pre>{@code
 * Sequential model = Sequential.builder()
 *         .input(28, 28)
 *         .flatten()
 *         .dense(100, Activation.RELU)
 *         .dense(10, Activation.SOFTMAX)
 *         .build(DType.FLOAT32, 42);
 * double loss = model.computeGradients(x, y, new SparseCategoricalCrossEntropy());
 * }</pre>
 *
 * <p>{@link #computeGradients} is one training step's worth of work short of the update: an
 * optimiser then changes {@link #parameters()} from their grads. Once shapes are known it
 * allocates nothing.
 *
 * <p>A model is single-threaded: its layers keep each batch's activations for the backward pass, so
 * one thread at a time may run it. {@link #forward}, {@link #backward}, {@link #predict},
 * {@link #computeGradients} and {@link #evaluate} hold its {@link #guard()} (and the loss's) while they
 * run, and a call from a second thread meanwhile fails with a {@link ConcurrentUseException} naming
 * the model and both calls, before touching anything; the fit loop holds the guard for a whole fit.
 * Separate models in parallel threads are independent, and give the same bits as run one after another.
 *
 * <p>An empty batch (zero rows of the right shape) predicts an empty output; computing gradients or a
 * loss on one is an error, as the mean over no samples is not a number.
 *
 * <p>Sequential is final: what it adds to its layers is the chain itself, checked when it is built
 * (shapes, names, one model per layer). New behaviour goes into a layer ({@code AbstractLayer}), a
 * loss ({@code AbstractLoss}) or an activation; a model that is not a chain (two inputs, a skip
 * connection, a custom training step) implements the optimiser module's {@code Trainable}, which is
 * what the fit loop trains, as a Keras or PyTorch user would subclass Model or Module.
 */
public final class Sequential {
    private final String name;
    private final Layer[] layers;
    private final List<Layer> layerList;
    private final int[] inputShape;
    private final int[][] outputShapes;
    private final DType dtype;
    private final List<Parameter> weights;
    private List<Parameter> trainable;
    /** Layers below this one have no parameters, so backprop can stop here when dLoss/dx is not wanted. */
    private final int firstWithParameters;
    private Tensor inputGradient;
    private final UseGuard guard;
    private final String usesLoss; // the operation named on the loss's guard

    private Sequential(String name, List<Layer> layers, int[] inputShape, DType dtype, long seed) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential " + name + ": has no layers; add at least one");
        }
        this.name = name;
        this.guard = new UseGuard("Sequential '" + name + "'");
        this.usesLoss = "a loss computation of Sequential '" + name + "'";
        this.layers = layers.toArray(new Layer[0]);
        this.layerList = Collections.unmodifiableList(Arrays.asList(this.layers));
        this.inputShape = inputShape.clone();
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        for (Layer layer : this.layers) {
            if (layer.isBuilt()) {
                throw new IllegalArgumentException("Sequential " + name + ": layer " + layer.name()
                        + " is already built; a layer belongs to one model");
            }
        }
        nameLayers();
        Rng rng = new Rng(seed);
        this.outputShapes = new int[this.layers.length][];
        int[] shape = this.inputShape;
        for (int i = 0; i < this.layers.length; i++) {
            Layer layer = this.layers[i];
            layer.build(shape, dtype, rng.split());
            shape = layer.outputShape(shape);
            outputShapes[i] = shape;
        }
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : this.layers) all.addAll(layer.parameters());
        this.weights = List.copyOf(all);
        this.trainable = trainableOf(weights);
        int first = 0;
        while (first < this.layers.length && this.layers[first].parameters().isEmpty()) first++;
        this.firstWithParameters = first;
    }

    /**
     * Numbers the layers whose name was not chosen, nnlab's and users' alike ({@link AbstractLayer}s),
     * as Keras does (dense, dense_1, ...), and rejects duplicate names.
     */
    private void nameLayers() {
        Set<String> taken = new HashSet<>();
        for (Layer layer : layers) {
            if (!(layer instanceof AbstractLayer a) || a.hasChosenName()) taken.add(layer.name());
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Layer layer : layers) {
            if (layer instanceof AbstractLayer a && !a.hasChosenName()) {
                String base = a.name();
                int k = counts.getOrDefault(base, 0);
                String candidate = k == 0 ? base : base + "_" + k;
                while (taken.contains(candidate)) candidate = base + "_" + ++k;
                counts.put(base, k + 1);
                taken.add(candidate);
                a.assignName(candidate);
            }
        }
        Set<String> seen = new HashSet<>();
        for (Layer layer : layers) {
            if (!seen.add(layer.name())) {
                throw new IllegalArgumentException("Sequential " + name + ": two layers are named '" + layer.name()
                        + "'; layer names must be unique");
            }
        }
    }

    public static Builder builder() { return new Builder(); }

    // ---------------------------------------------------------------- structure

    public String name() { return name; }

    public List<Layer> layers() { return layerList; }

    public Layer layer(int index) { return layers[index]; }

    /** The layer of this name; an error lists the names there are. */
    public Layer layer(String layerName) {
        for (Layer l : layers) {
            if (l.name().equals(layerName)) return l;
        }
        List<String> names = new ArrayList<>();
        for (Layer l : layers) names.add(l.name());
        throw new IllegalArgumentException("Sequential " + name + ": no layer named '" + layerName + "'; layers are "
                + names);
    }

    public DType dtype() { return dtype; }

    /** The per-sample input shape, e.g. [784]. */
    public int[] inputShape() { return inputShape.clone(); }

    /** The per-sample output shape, e.g. [10]. */
    public int[] outputShape() { return outputShapes[layers.length - 1].clone(); }

    /**
     * The trainable parameters, in layer order: what an optimiser updates. Non-trainable ones
     * (BatchNorm's moving statistics, or any a user froze with {@code trainable(false)}) are left out;
     * {@link #weights()} has them all.
     */
    public List<Parameter> parameters() {
        // Rebuilt only when a trainable flag changed, so an optimiser may call this every step.
        int i = 0;
        boolean same = true;
        for (int k = 0; k < weights.size(); k++) {
            Parameter p = weights.get(k);
            if (p.trainable()) {
                if (i >= trainable.size() || trainable.get(i) != p) same = false;
                i++;
            }
        }
        if (!same || i != trainable.size()) trainable = trainableOf(weights);
        return trainable;
    }

    private static List<Parameter> trainableOf(List<Parameter> all) {
        List<Parameter> t = new ArrayList<>();
        for (Parameter p : all) {
            if (p.trainable()) t.add(p);
        }
        return List.copyOf(t);
    }

    /** Every parameter, trainable or not (Keras' weights). */
    public List<Parameter> weights() { return weights; }

    /** The guard that keeps this model to one thread at a time (see the class comment). */
    public UseGuard guard() { return guard; }

    /** Sets every parameter's grad to zero. */
    public void zeroGrad() {
        for (int i = 0; i < weights.size(); i++) weights.get(i).zeroGrad();
    }

    // ---------------------------------------------------------------- forward and backward

    /** The output for a batch; the tensor belongs to the last layer (see {@link Layer}). */
    public Tensor forward(Tensor x, Mode mode) {
        guard.enter("forward");
        try {
            if (isEmptyBatch(x)) return Tensor.zeros(dtype, withRows(outputShapes[layers.length - 1], 0));
            Tensor h = x;
            for (Layer layer : layers) h = layer.forward(h, mode);
            return h;
        } finally {
            guard.exit();
        }
    }

    /** Backpropagates dLoss/dOutput of the last forward through every layer; returns dLoss/dInput. */
    public Tensor backward(Tensor gradOut) {
        guard.enter("backward");
        try {
            return backwardFrom(layers.length - 1, gradOut, true);
        } finally {
            guard.exit();
        }
    }

    /** Whether x is a batch of no samples, checked to have this model's dtype and sample shape. */
    private boolean isEmptyBatch(Tensor x) {
        if (x.rank() == 0 || x.rows() != 0) return false;
        int[] expected = withRows(inputShape, 0);
        if (x.dtype() != dtype || !Arrays.equals(x.shape(), expected)) {
            throw new IllegalArgumentException("Sequential " + name + ": expected " + dtype + " input of shape [batch, "
                    + Arrays.toString(inputShape).substring(1) + ", got " + x.dtype() + " " + x.shapeString());
        }
        return true;
    }

    /** {@code shape} with a leading batch dimension of {@code rows}. */
    private static int[] withRows(int[] shape, int rows) {
        int[] out = new int[shape.length + 1];
        out[0] = rows;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** A loss over no samples is an error: its mean is not a number. */
    private void requireSamples(String op, Tensor x) {
        if (isEmptyBatch(x)) {
            throw new IllegalArgumentException("Sequential " + name + ": " + op + " needs at least one sample, got x of"
                    + " shape " + x.shapeString());
        }
    }

    /**
     * Backprop from layer `last` down. Without the input gradient it stops at the first layer with
     * parameters and skips that layer's own input gradient: for an MLP, a GEMM as large as the
     * first layer's forward. Returns dLoss/dInput, or null without it.
     */
    private Tensor backwardFrom(int last, Tensor grad, boolean inputGradient) {
        int stop = inputGradient ? 0 : firstWithParameters;
        for (int i = last; i > stop; i--) grad = layers[i].backward(grad);
        if (last < stop) return null;
        if (inputGradient) return layers[0].backward(grad);
        layers[stop].backwardParameters(grad);
        return null;
    }

    /** The prediction for x in inference mode, as a new tensor the caller owns; [0, ...] for an empty batch. */
    public Tensor predict(Tensor x) {
        guard.enter("predict");
        try {
            return forward(x, Mode.INFERENCE).copy();
        } finally {
            guard.exit();
        }
    }

    /**
     * One training step short of the update: zeroes the grads, runs forward in training mode,
     * computes the loss, backpropagates, and adds the regularisers' gradients. Returns the data loss
     * plus the regularisation loss. dLoss/dx is not computed; {@link #computeGradients(Tensor,
     * Tensor, Loss, boolean)} computes it too.
     *
     * <p>When the last layer ends in the activation the loss fuses with (a sigmoid for binary
     * cross-entropy, a softmax for the categorical ones), the loss is computed from that layer's
     * logits, stably, and the gradient sent back is dLoss/dLogits = (p - y) / batch, as Keras on
     * TensorFlow does.
     */
    public double computeGradients(Tensor x, Tensor y, Loss loss) { return computeGradients(x, y, loss, false); }

    /**
     * {@link #computeGradients(Tensor, Tensor, Loss)}, and with {@code inputGradient} also dLoss/dx,
     * afterwards in {@link #inputGradient()} (as PyTorch fills x.grad only when x requires it).
     */
    public double computeGradients(Tensor x, Tensor y, Loss loss, boolean inputGradient) {
        UseGuard lossGuard = enterWithLoss("computeGradients", x, loss);
        try {
            return gradients(x, y, loss, inputGradient);
        } finally {
            exitWithLoss(lossGuard);
        }
    }

    /**
     * Starts a call that computes a loss on x: claims the model and the loss (whose gradient buffer
     * must not serve two models at once) and requires samples. Returns the loss's guard, or null.
     */
    private UseGuard enterWithLoss(String operation, Tensor x, Loss loss) {
        guard.enter(operation);
        try {
            requireSamples(operation, x);
            UseGuard lossGuard = loss.guard();
            if (lossGuard != null) lossGuard.enter(usesLoss);
            return lossGuard;
        } catch (RuntimeException e) {
            guard.exit();
            throw e;
        }
    }

    private void exitWithLoss(UseGuard lossGuard) {
        try {
            if (lossGuard != null) lossGuard.exit();
        } finally {
            guard.exit();
        }
    }

    private double gradients(Tensor x, Tensor y, Loss loss, boolean inputGradient) {
        zeroGrad();
        this.inputGradient = null;
        Tensor out = forward(x, Mode.TRAIN);
        HasLogits fused = fusedOutput(loss);
        double dataLoss;
        Tensor dx;
        if (fused != null) {
            dataLoss = loss.forwardFromLogits(fused.logits(), y);
            Tensor gradLogits = fused.backwardFromLogits(loss.backward());
            dx = layers.length == 1 ? gradLogits : backwardFrom(layers.length - 2, gradLogits, inputGradient);
        } else {
            dataLoss = loss.forward(out, y);
            dx = backwardFrom(layers.length - 1, loss.backward(), inputGradient);
        }
        if (inputGradient) this.inputGradient = dx;
        double reg = 0;
        for (Layer layer : layers) {
            layer.addRegularizationGradients();
            reg += layer.regularizationLoss();
        }
        return dataLoss + reg;
    }

    /** dLoss/dx from the last {@code computeGradients(x, y, loss, true)} (a tensor the first layer owns). */
    public Tensor inputGradient() {
        if (inputGradient == null) {
            throw new IllegalStateException("Sequential " + name + ": no input gradient; call computeGradients(x, y, "
                    + "loss, true) to compute one");
        }
        return inputGradient;
    }

    /**
     * The loss on (x, y) in inference mode plus the regularisation loss, as Keras' evaluate reports
     * it; computed from the logits where {@link #computeGradients} would. Grads are left alone.
     */
    public double evaluate(Tensor x, Tensor y, Loss loss) { return objective(x, y, loss, Mode.INFERENCE); }

    /** Data loss plus regularisation loss, forward only; the function {@link GradientCheck} differentiates. */
    double objective(Tensor x, Tensor y, Loss loss, Mode mode) {
        UseGuard lossGuard = enterWithLoss("evaluate", x, loss);
        try {
            Tensor out = forward(x, mode);
            HasLogits fused = fusedOutput(loss);
            double value = fused != null ? loss.forwardFromLogits(fused.logits(), y) : loss.forward(out, y);
            return value + regularizationLoss();
        } finally {
            exitWithLoss(lossGuard);
        }
    }

    /** The last layer, when the loss can take its logits; otherwise null. */
    private HasLogits fusedOutput(Loss loss) {
        Activation a = loss.fusedActivation();
        return a != null && layers[layers.length - 1] instanceof HasLogits h && a.equals(h.activation()) ? h : null;
    }

    /** The sum of every layer's regularisation penalty. */
    public double regularizationLoss() {
        double reg = 0;
        for (Layer layer : layers) reg += layer.regularizationLoss();
        return reg;
    }

    // ---------------------------------------------------------------- summary

    /** The number of scalar weights, trainable or not. */
    public long parameterCount() { return count(weights); }

    public long trainableParameterCount() { return count(parameters()); }

    private static long count(List<Parameter> ps) {
        long n = 0;
        for (Parameter p : ps) n += p.value().size();
        return n;
    }

    /** A table of layers, output shapes and parameter counts, like Keras' model.summary(). */
    public String summary() {
        String rule = "_".repeat(65);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(name).append("\"\n").append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, " %-28s%-26s%-10s\n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(65)).append('\n');
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            StringBuilder shape = new StringBuilder("(None");
            for (int d : outputShapes[i]) shape.append(", ").append(d);
            shape.append(')');
            sb.append(String.format(Locale.ROOT, " %-28s%-26s%-10d\n",
                    l.name() + " (" + l.getClass().getSimpleName() + ")", shape, count(l.parameters())));
            sb.append(i < layers.length - 1 ? "\n" : "");
        }
        long total = parameterCount(), trainableCount = trainableParameterCount();
        int bytes = dtype.bytes();
        sb.append("=".repeat(65)).append('\n');
        sb.append("Total params: ").append(total).append(" (").append(size(total * bytes)).append(")\n");
        sb.append("Trainable params: ").append(trainableCount).append(" (").append(size(trainableCount * bytes))
                .append(")\n");
        sb.append("Non-trainable params: ").append(total - trainableCount).append(" (")
                .append(size((total - trainableCount) * bytes)).append(")\n");
        sb.append(rule).append('\n');
        return sb.toString();
    }

    private static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
    }

    @Override
    public String toString() { return "Sequential " + name + " " + layerList + " " + dtype; }

    // ---------------------------------------------------------------- builder

    /** Builds a Sequential the way Keras code reads: an input shape, then layers in order. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();
        private int[] inputShape;
        private String name = "sequential";

        private Builder() {}

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The shape of one sample, e.g. input(784) or input(28, 28) (Keras' input_shape). */
        public Builder input(int... shape) {
            for (int d : shape) {
                if (d < 1) {
                    throw new IllegalArgumentException("Sequential " + name + ": input dimensions must be >= 1, got "
                            + Arrays.toString(shape));
                }
            }
            this.inputShape = shape.clone();
            return this;
        }

        public Builder add(Layer layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /** A linear Dense layer. */
        public Builder dense(int units) { return add(new Dense(units)); }

        public Builder dense(int units, Activation activation) { return add(new Dense(units, activation)); }

        public Builder flatten() { return add(new Flatten()); }

        public Builder dropout(double rate) { return add(new Dropout(rate)); }

        /** BatchNorm with Keras' defaults. */
        public Builder batchNorm() { return add(new BatchNorm()); }

        /** An activation as its own layer (Keras' Activation('sigmoid')). */
        public Builder activation(Activation activation) { return add(new ActivationLayer(activation)); }

        /** Builds every layer for the dtype, weights drawn from the seed (each layer from its own split stream). */
        public Sequential build(DType dtype, long seed) {
            if (inputShape == null) {
                throw new IllegalStateException("Sequential " + name + ": call input(...) with the shape of one sample "
                        + "before build, e.g. input(784)");
            }
            return new Sequential(name, layers, inputShape, dtype, seed);
        }
    }
}
