package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Registry;
import io.nnlab.nn.TensorCache;
import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An activation function as a layer of its own, Keras' {@code Activation(...)}: no weights, the
 * same shape in and out. Any {@link Activation} fits, your own included:
 *
 * <pre>{@code
 * new ActivationLayer(Activation.GELU)
 * new ActivationLayer(new Swish(1.5))
 * }</pre>
 *
 * The built-in ones also have classes of their own ({@link ReLU}, {@link LeakyReLU}, ...), named
 * as Keras and PyTorch name them. The layer's default name is the activation's ("relu").
 */
public class ActivationLayer extends AbstractLayer implements HasLogits {
    private final Activation activation;
    private final TensorCache outputs = new TensorCache();
    private final TensorCache grads = new TensorCache();
    private Tensor x;
    private Tensor y;

    public ActivationLayer(Activation activation) {
        super(Objects.requireNonNull(activation, "activation").name());
        this.activation = activation;
    }

    @Override
    public ActivationLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public final Activation activation() { return activation; }

    @Override
    public final int[] outputShape(int[] inputShape) {
        if (activation.rowWise()) requireFlat(inputShape); // softmax normalises over one feature axis
        return inputShape.clone();
    }

    @Override
    protected final void createParameters(int[] inputShape, DType dtype, Rng rng) {}

    @Override
    public final Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        Tensor y = activation == Activation.IDENTITY ? x : outputs.like(x);
        activation.forward(x, y);
        this.x = x;
        this.y = y;
        return y;
    }

    @Override
    public final Tensor backward(Tensor gradOut) {
        checkGradOut(gradOut, y);
        if (activation == Activation.IDENTITY) return gradOut;
        Tensor gradIn = grads.like(x);
        differentiate(this, activation, x, y, gradOut, gradIn);
        return gradIn;
    }

    /** activation.backward, with the layer's name before any error the activation raises. */
    static void differentiate(Layer layer, Activation activation, Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        try {
            activation.backward(z, a, gradOut, gradIn);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(layer.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public final Tensor logits() {
        if (x == null) throw new IllegalStateException(name() + ": no logits before the first forward");
        return x;
    }

    /** The input is the logits, so dLoss/dInput is dLoss/dLogits as given. */
    @Override
    public final Tensor backwardFromLogits(Tensor gradLogits) {
        checkGradOut(gradLogits, x);
        return gradLogits;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("activation", Registry.describe(activation));
        return c;
    }
}
