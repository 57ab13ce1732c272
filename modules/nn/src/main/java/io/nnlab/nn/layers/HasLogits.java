package io.nnlab.nn.layers;

import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.Tensor;

/**
 * A layer whose output is an activation of pre-activations it keeps: its logits.
 *
 * <p>When a model ends in a sigmoid or softmax and is trained with the matching cross-entropy,
 * {@link io.nnlab.nn.Sequential Sequential} computes the loss from {@link #logits()} and sends dLoss/dLogits (p - y) to
 * {@link #backwardFromLogits}, skipping the activation's own derivative: stable where the
 * probabilities saturate, as Keras on TensorFlow does.
 */
public interface HasLogits extends Layer {

    /** The activation this layer applies last. */
    Activation activation();

    /** The pre-activations of the last forward pass. */
    Tensor logits();

    /** Like {@link #backward}, but given dLoss/dLogits instead of dLoss/dOutput. */
    Tensor backwardFromLogits(Tensor gradLogits);
}
