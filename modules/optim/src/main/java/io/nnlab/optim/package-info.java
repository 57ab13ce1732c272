/**
 * Training: first-order optimisers, the fit loop, and the bridge to full-batch minimisers.
 *
 * <p>Optimisers are separate from models. An {@link io.nnlab.optim.Optimizer}
 * updates a list of parameters from their grads and keeps explicit, inspectable state per parameter:
 * {@link io.nnlab.optim.Sgd} (with momentum and Nesterov), {@link io.nnlab.optim.RmsProp},
 * {@link io.nnlab.optim.Adam}, {@link io.nnlab.optim.AdamW} (Adam with decoupled weight decay) and
 * {@link io.nnlab.optim.AdaGrad}, all computed as Keras computes them.
 *
 * <p>{@link io.nnlab.optim.Trainer} is the fit loop over plain tensors: batching, seeded shuffling,
 * the tutorials' stopping rules, validation, {@link io.nnlab.optim.Metric}s,
 * {@link io.nnlab.optim.Callback}s such as {@link io.nnlab.optim.EarlyStopping},
 * {@link io.nnlab.optim.ReduceLROnPlateau}, {@link io.nnlab.optim.GradientClipping} and
 * {@link io.nnlab.optim.Progress}, learning-rate schedules from {@link io.nnlab.optim.schedules},
 * configured by {@link io.nnlab.optim.FitOptions} and recorded in a {@link io.nnlab.optim.History}.
 * It trains any {@link io.nnlab.optim.Trainable}, on tensors or on an {@code io.nnlab.data.Dataset}.
 *
 * <p>{@link io.nnlab.optim.ParameterVector} sees a model's parameters as one flat {@code double[]},
 * and {@link io.nnlab.optim.FullBatchObjective} turns a model, a loss and a dataset into the function
 * of that vector the minimisers in {@link io.nnlab.optim.fullbatch} minimise.
 */
package io.nnlab.optim;
