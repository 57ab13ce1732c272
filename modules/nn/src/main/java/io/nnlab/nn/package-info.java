/**
 * Neural networks with explicit backprop, on {@link io.nnlab.tensor.Tensor}s of either dtype.
 * Names and defaults follow Keras.
 *
 * <p>Here: {@link io.nnlab.nn.Sequential}, the model, which chains layers and offers
 * {@code computeGradients(x, y, loss)}, the step an optimiser builds on; {@link io.nnlab.nn.Parameter},
 * a weight and its gradient; {@link io.nnlab.nn.ModelFile}, a model saved as one safetensors file;
 * {@link io.nnlab.nn.GradientCheck}, backprop against finite differences;
 * {@link io.nnlab.nn.Registry}, the layer types and activations model files save and load by name
 * (yours too, once registered), with {@link io.nnlab.nn.Config}, a saved configuration read back;
 * {@link io.nnlab.nn.TensorCache}, the buffers layers and losses reuse; and
 * {@link io.nnlab.nn.UseGuard}, which keeps a model or loss to one thread at a time. The parts live below:
 *
 * <ul>
 *   <li>{@code io.nnlab.nn.layers}: {@link io.nnlab.nn.layers.Layer}, its base
 *       {@link io.nnlab.nn.layers.AbstractLayer}, Dense, Dropout, Flatten, BatchNorm and the
 *       activation layers;</li>
 *   <li>{@code io.nnlab.nn.activations}: the activation functions, used in Dense or as layers;</li>
 *   <li>{@code io.nnlab.nn.losses}: {@link io.nnlab.nn.losses.Loss}, its base
 *       {@link io.nnlab.nn.losses.AbstractLoss}, and the losses;</li>
 *   <li>{@code io.nnlab.nn.initializers} and {@code io.nnlab.nn.regularizers}.</li>
 * </ul>
 *
 * <p>Layers keep their buffers per batch size, so a training step allocates nothing once the
 * shapes have been seen; the tensors layers return are theirs, overwritten by the next call.
 */
package io.nnlab.nn;
