package io.nnlab.optim.fullbatch;

/**
 * A differentiable objective whose value and gradient come from one call, as a forward pass followed
 * by backprop gives them. One call counts as one function and one gradient evaluation.
 */
@FunctionalInterface
public interface DiffFunction {

    /**
     * Evaluates the objective at {@code x} and writes its gradient into {@code gradient}.
     *
     * <p>{@code gradient} has the length of {@code x} and is zeroed before every call, so an
     * implementation may either assign or accumulate into it. {@code x} must not be modified.
     *
     * @return the objective value at {@code x}
     */
    double evaluate(double[] x, double[] gradient);
}
