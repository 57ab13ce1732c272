package io.nnlab.nn;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * What every nnlab layer shares: its name, building once, and the checks that turn a wrong
 * input into an error naming the layer, the expected value and the actual one.
 */
abstract class AbstractLayer implements Layer {
    private String name;
    private boolean named;
    private int[] inputShape;
    private DType dtype;

    AbstractLayer(String defaultName) { this.name = defaultName; }

    @Override
    public final String name() { return name; }

    /** Sets the name chosen by the user; the model keeps it as given. */
    final void rename(String newName) {
        requireUnbuilt("name");
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException(name + ": a layer name must not be blank, got '" + newName + "'");
        }
        name = newName;
        named = true;
    }

    /** Whether the user chose the name; if not, a model may number it (dense, dense_1, ...). */
    final boolean hasChosenName() { return named; }

    /** A name given by the model, e.g. "dense_1". */
    final void assignName(String modelName) {
        requireUnbuilt("name");
        name = modelName;
    }

    @Override
    public final void build(int[] inputShape, DType dtype, Rng rng) {
        if (isBuilt()) {
            throw new IllegalStateException(name + ": already built for input shape " + Arrays.toString(this.inputShape)
                    + "; a layer belongs to one model");
        }
        outputShape(inputShape); // validates the shape before anything is created
        this.inputShape = inputShape.clone();
        this.dtype = dtype;
        createParameters(this.inputShape, dtype, rng);
    }

    /** Creates the weights (and any per-feature work arrays) for this input shape. */
    abstract void createParameters(int[] inputShape, DType dtype, Rng rng);

    @Override
    public final boolean isBuilt() { return dtype != null; }

    @Override
    public List<Parameter> parameters() { return List.of(); }

    final int[] inputShape() { return inputShape.clone(); }

    final DType dtype() { return dtype; }

    final void requireUnbuilt(String what) {
        if (isBuilt()) {
            throw new IllegalStateException(name + ": cannot set " + what + " after the layer is built");
        }
    }

    /** x must be a [batch, inputShape...] tensor of the layer's dtype. */
    final void checkInput(Tensor x) {
        if (!isBuilt()) {
            throw new IllegalStateException(name
                    + ": not built; build it (or the Sequential holding it) before forward");
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(name + ": expected " + dtype + " input, got " + x.dtype() + " "
                    + x.shapeString() + " (convert it with astype, or build the model in " + x.dtype() + ")");
        }
        boolean ok = x.rank() == inputShape.length + 1;
        for (int i = 0; ok && i < inputShape.length; i++) ok = x.dim(i + 1) == inputShape[i];
        if (!ok) {
            throw new IllegalArgumentException(name + ": expected input of shape " + batchShape(inputShape) + ", got "
                    + x.shapeString());
        }
    }

    /** gradOut must match the output of the last forward; that output must exist. */
    final void checkGradOut(Tensor gradOut, Tensor lastOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException(name + ": backward called before forward; there is no forward pass to "
                    + "differentiate");
        }
        if (gradOut.dtype() != lastOutput.dtype() || !gradOut.sameShape(lastOutput)) {
            throw new IllegalArgumentException(name + ": gradOut must be " + lastOutput.dtype() + " "
                    + lastOutput.shapeString() + " like the last output, got " + gradOut.dtype() + " "
                    + gradOut.shapeString());
        }
    }

    /** For layers that take one flat feature vector per sample. */
    final void requireFlat(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] < 1) {
            throw new IllegalArgumentException(name + ": expected a flat input shape [features], got "
                    + Arrays.toString(inputShape) + (inputShape.length > 1 ? " (add a Flatten before it)" : ""));
        }
    }

    /** "[batch, 784]" for per-sample shape [784]. */
    static String batchShape(int[] perSample) {
        StringBuilder sb = new StringBuilder("[batch");
        for (int d : perSample) sb.append(", ").append(d);
        return sb.append(']').toString();
    }

    @Override
    public String toString() { return name + " (" + getClass().getSimpleName() + ")"; }
}
