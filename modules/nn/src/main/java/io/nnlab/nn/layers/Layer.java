package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * One step of a network with explicit backprop.
 *
 * <p>Shapes exclude the batch: a Dense layer over 784 features has input shape [784], and sees
 * batches of shape [batch, 784]. A layer creates its weights in {@link #build} once it knows its
 * input shape (as Keras does); {@link #forward} keeps what {@link #backward} needs;
 * {@link #backward} returns the gradient with respect to the layer's input and adds the gradients
 * of its parameters into their {@link Parameter#grad()}.
 *
 * <p>The tensors forward and backward return belong to the layer and are overwritten by its next
 * call with the same batch size (that is how a training step allocates nothing); copy one to keep
 * it. Where a layer is the identity (Dropout at inference, Identity) it returns the tensor it was
 * given. A layer keeps a reference to its forward input until the next forward.
 */
public interface Layer {

    /** A name unique within its model, e.g. "dense_1". */
    String name();

    /** Creates the weights for inputs of the given per-sample shape; called once, before forward. */
    void build(int[] inputShape, DType dtype, Rng rng);

    boolean isBuilt();

    /** The per-sample output shape for a per-sample input shape. */
    int[] outputShape(int[] inputShape);

    /** The output for a batch x of shape [batch, inputShape...]. */
    Tensor forward(Tensor x, Mode mode);

    /** Given dLoss/dOutput of the last forward, accumulates parameter grads and returns dLoss/dInput. */
    Tensor backward(Tensor gradOut);

    /**
     * As {@link #backward}, where nothing needs dLoss/dInput (the first layer with parameters in a
     * model): only the parameter grads are accumulated. Layers whose input gradient costs real work
     * skip it; for Dense that is a GEMM as large as the forward one.
     */
    default void backwardParameters(Tensor gradOut) { backward(gradOut); }

    /** Trainable and non-trainable parameters, in a fixed order. */
    List<Parameter> parameters();

    /** The penalty this layer's regularisers add to the loss (0 when it has none). */
    default double regularizationLoss() { return 0; }

    /** Adds the gradients of {@link #regularizationLoss()} into the parameters' grads. */
    default void addRegularizationGradients() {}

    /** The layer's configuration as simple key/value pairs, for summaries and saving. */
    default Map<String, Object> config() { return Map.of(); }
}
