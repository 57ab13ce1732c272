/**
 * Full-batch minimisers: a model seen as one smooth function of a flat {@code double[]}.
 *
 * <p>{@link io.nnlab.optim.fullbatch.Bfgs} and {@link io.nnlab.optim.fullbatch.Lbfgs} are
 * commons-math3 {@code GradientMultivariateOptimizer}s driven by a
 * {@link io.nnlab.optim.fullbatch.StrongWolfeLineSearch}; {@link io.nnlab.optim.fullbatch.ConjugateGradient}
 * runs commons-math3's own nonlinear conjugate gradient. All three can be called without the
 * commons-math3 plumbing through their static {@code minimize} methods, which take a
 * {@link io.nnlab.optim.fullbatch.DiffFunction} (value and gradient from one call, as backprop gives
 * them) and return a {@link io.nnlab.optim.fullbatch.MinimizationResult}.
 *
 * <p>The BFGS loop follows scipy's {@code minimize(method='BFGS')} (identity initial inverse Hessian,
 * the same first-step length, convergence on the largest gradient component) so that iteration
 * counts can be compared with it.
 */
package io.nnlab.optim.fullbatch;
