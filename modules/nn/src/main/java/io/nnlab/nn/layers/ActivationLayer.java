package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.nn.TensorCache;
import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** An activation function as a layer of its own: no weights, the same shape in and out. */
public abstract class ActivationLayer extends AbstractLayer implements HasLogits {
    private final Activation activation;
    private final TensorCache outputs = new TensorCache();
    private final TensorCache grads = new TensorCache();
    private Tensor x;
    private Tensor y;

    ActivationLayer(Activation activation) {
        super(activation.key());
        this.activation = activation;
    }

    @Override
    public final Activation activation() { return activation; }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (activation == Activation.SOFTMAX) requireFlat(inputShape); // softmax normalises over one feature axis
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
        activation.backward(name(), x, y, gradOut, gradIn);
        return gradIn;
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
        c.put("activation", activation.key());
        return c;
    }
}
