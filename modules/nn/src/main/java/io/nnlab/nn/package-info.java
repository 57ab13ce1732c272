/**
 * Neural networks with explicit backprop: layers, activations, losses, Sequential models and
 * gradient checking, on {@link io.nnlab.tensor.Tensor}s of either dtype.
 *
 * <p>A {@link io.nnlab.nn.Layer} computes {@code forward(x, mode)} and {@code backward(gradOut)},
 * keeping what backward needs and adding into its {@link io.nnlab.nn.Parameter}s' grads; a
 * {@link io.nnlab.nn.Loss} gives a value and dLoss/dPrediction; a {@link io.nnlab.nn.Sequential}
 * chains layers and offers {@code computeGradients(x, y, loss)}, the step an optimiser builds on.
 * Initialisers live in {@code io.nnlab.nn.initializers}, regularisers in
 * {@code io.nnlab.nn.regularizers}. Names and defaults follow Keras.
 *
 * <p>Layers keep their buffers per batch size, so a training step allocates nothing once the
 * shapes have been seen; the tensors layers return are theirs, overwritten by the next call.
 */
package io.nnlab.nn;
