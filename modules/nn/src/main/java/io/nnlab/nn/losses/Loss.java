package io.nnlab.nn.losses;

import io.nnlab.nn.UseGuard;
import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.Tensor;

/**
 * A loss over a batch: its value and its gradient with respect to the prediction.
 *
 * <p>{@link #forward} returns the loss of the batch (reduced as the loss documents: mean over the
 * batch for the Keras losses, a plain sum for the sum-squared error); {@link #backward} returns
 * dLoss/dPrediction for that same call, in a buffer the loss reuses. Targets are tensors of the
 * prediction's dtype: values for regression, 0/1 for binary, one-hot rows for categorical, and a
 * [batch] vector of class indices for sparse categorical cross-entropy.
 *
 * <p>A cross-entropy can also be computed from the logits of the sigmoid or softmax that produced
 * the prediction ({@link #forwardFromLogits}): stable for any logits, and what Keras on TensorFlow
 * computes when a model ends in that activation. {@link io.nnlab.nn.Sequential Sequential} takes this
 * path by itself when its last layer's activation is the loss's {@link #fusedActivation()}.
 *
 * <p>A loss keeps the gradient of its last forward for {@link #backward}, so it belongs to one training
 * run at a time: parallel runs (a seed sweep on several threads) each need their own. The nnlab losses
 * enforce that through their {@link #guard()}, which {@link io.nnlab.nn.Sequential Sequential} holds
 * while it uses them.
 */
public interface Loss {

    double forward(Tensor prediction, Tensor target);

    /** The gradient of the last forward with respect to its first argument (prediction or logits). */
    Tensor backward();

    /** The Keras name, e.g. "mean_squared_error", "binary_crossentropy". */
    String name();

    /**
     * The output activation (sigmoid or softmax) whose logits this loss can take directly in
     * {@link #forwardFromLogits}; null for losses that have no such fused form.
     */
    default Activation fusedActivation() { return null; }

    /**
     * The loss of {@code fusedActivation()(logits)}, computed stably from the logits; afterwards
     * {@link #backward()} returns dLoss/dLogits.
     */
    default double forwardFromLogits(Tensor logits, Tensor target) {
        throw new UnsupportedOperationException(name() + ": has no form computed from logits");
    }

    /**
     * The guard that keeps this loss to one thread at a time, held by whoever runs it from forward
     * through the use of its gradient; null (the default) for a loss that does not guard itself.
     */
    default UseGuard guard() { return null; }
}
