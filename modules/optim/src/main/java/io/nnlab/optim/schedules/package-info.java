/**
 * Learning-rate schedules the fit loop applies per step or per epoch
 * ({@code FitOptions.Builder.learningRateSchedule}): {@link io.nnlab.optim.schedules.StepDecay},
 * {@link io.nnlab.optim.schedules.ExponentialDecay} and {@link io.nnlab.optim.schedules.CosineDecay}
 * with warm-up, as Keras and PyTorch define them, or any function of t. Lowering the rate when a
 * metric stalls is a callback, {@link io.nnlab.optim.ReduceLROnPlateau}.
 */
package io.nnlab.optim.schedules;
