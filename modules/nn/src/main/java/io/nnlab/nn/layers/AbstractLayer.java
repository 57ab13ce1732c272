package io.nnlab.nn.layers;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The base of nnlab's layers, and of yours: a name (numbered by the model when you give none),
 * building once, and the checks that turn a wrong input into an error naming the layer, what was
 * expected and what came.
 *
 * <p>A subclass says what it computes and nothing else:
 *
 * <pre>{@code
 * public final class Scale extends AbstractLayer {      // y = x ⊙ s, one weight per feature
 *     private final TensorCache outputs = new TensorCache();
 *     private Parameter s;
 *     private Tensor x;
 *
 *     public int[] outputShape(int[] inputShape) { requireFlat(inputShape); return inputShape.clone(); }
 *
 *     protected void createParameters(int[] inputShape, DType dtype, Rng rng) {
 *         s = new Parameter(name() + "/scale", Tensor.ones(dtype, inputShape[0]));
 *     }
 *
 *     public List<Parameter> parameters() { return isBuilt() ? List.of(s) : List.of(); }
 *
 *     public Tensor forward(Tensor x, Mode mode) {
 *         checkInput(x);                                   // built, dtype, [batch, features]
 *         this.x = x;
 *         Tensor y = outputs.like(x);                      // reused for every batch of this size
 *         Ops.mul(x, s.value(), y);
 *         return y;
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #build} is final: it refuses a second build (a layer belongs to one model), validates
 * the input shape through {@link #outputShape} before anything is created, records the shape and
 * dtype, and then calls {@link #createParameters}. Until then the configuration may change
 * ({@link #requireUnbuilt} guards setters); afterwards {@link #inputShape()} and {@link #dtype()}
 * are fixed.
 */
public abstract class AbstractLayer implements Layer {
    private String name;
    private boolean named;
    private int[] inputShape;
    private DType dtype;

    /** A layer whose default name is its class name in snake case, as Keras names them: MyScale is "my_scale". */
    protected AbstractLayer() { this.name = snakeCase(getClass().getSimpleName()); }

    /** A layer with this default name, which a model numbers when there are several (dense, dense_1, ...). */
    protected AbstractLayer(String defaultName) { this.name = defaultName; }

    @Override
    public final String name() { return name; }

    /**
     * Names the layer (before it is built); the model keeps the name as given, and its parameters
     * are saved under it ({@code "<name>/kernel"}). Subclasses may override it to return their own
     * type for chaining.
     */
    public AbstractLayer name(String newName) {
        requireUnbuilt("name");
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException(name + ": a layer name must not be blank, got '" + newName + "'");
        }
        name = newName;
        named = true;
        return this;
    }

    /** Whether {@link #name(String)} chose the name; if not, a model may number it (dense, dense_1, ...). */
    public final boolean hasChosenName() { return named; }

    /**
     * A name given by the model that holds the layer, e.g. "dense_1" ({@code Sequential} numbers
     * layers whose name was not chosen); user code names a layer with {@link #name(String)}.
     */
    public final void assignName(String modelName) {
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

    /**
     * Creates the weights (and any per-feature work arrays) for this input shape, once; the shape
     * has passed {@link #outputShape}. Layers without weights leave it empty.
     */
    protected abstract void createParameters(int[] inputShape, DType dtype, Rng rng);

    @Override
    public final boolean isBuilt() { return dtype != null; }

    @Override
    public List<Parameter> parameters() { return List.of(); }

    /** The per-sample input shape the layer was built for. */
    protected final int[] inputShape() { return inputShape.clone(); }

    /** The dtype the layer was built for. */
    protected final DType dtype() { return dtype; }

    /** For setters: refuses to change {@code what} once the layer is built. */
    protected final void requireUnbuilt(String what) {
        if (isBuilt()) {
            throw new IllegalStateException(name + ": cannot set " + what + " after the layer is built");
        }
    }

    /** For forward: x must be a [batch, inputShape...] tensor of the layer's dtype, and the layer built. */
    protected final void checkInput(Tensor x) {
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

    /** For backward: gradOut must match the output of the last forward, which must exist (null: none yet). */
    protected final void checkGradOut(Tensor gradOut, Tensor lastOutput) {
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

    /** For {@link #outputShape}: layers that take one flat feature vector per sample. */
    protected final void requireFlat(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] < 1) {
            throw new IllegalArgumentException(name + ": expected a flat input shape [features], got "
                    + Arrays.toString(inputShape) + (inputShape.length > 1 ? " (add a Flatten before it)" : ""));
        }
    }

    /** "[batch, 784]" for per-sample shape [784]. */
    protected static String batchShape(int[] perSample) {
        StringBuilder sb = new StringBuilder("[batch");
        for (int d : perSample) sb.append(", ").append(d);
        return sb.append(']').toString();
    }

    /** "MyScale" → "my_scale", "GELU" → "gelu", "LeakyReLU" → "leaky_re_lu" (as Keras' to_snake_case). */
    static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() { return name + " (" + getClass().getSimpleName() + ")"; }
}
