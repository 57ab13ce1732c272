package io.nnlab.optim.fullbatch;

import java.util.Objects;

/**
 * Settings shared by the full-batch minimisers. Immutable; start from {@link #defaults()} and change
 * what you need:
 * <pre>{@code
 * MinimizerOptions.defaults().withGradientTolerance(1e-8).withMaxIterations(500)
 * }</pre>
 * The defaults are scipy's for {@code minimize(method='BFGS')}: gradient tolerance 1e-5 on the largest
 * gradient component, at most 200 iterations per variable, no evaluation limit.
 */
public final class MinimizerOptions {

    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-5;
    /** As scipy: the default iteration limit is this many times the number of variables. */
    public static final int DEFAULT_ITERATIONS_PER_VARIABLE = 200;
    /** L-BFGS correction pairs kept by default. */
    public static final int DEFAULT_MEMORY = 10;

    /** Marks "scale the iteration limit with the dimension". */
    private static final int ITERATIONS_PER_VARIABLE = -1;

    private static final MinimizerOptions DEFAULTS = new MinimizerOptions(
            DEFAULT_GRADIENT_TOLERANCE, ITERATIONS_PER_VARIABLE, Integer.MAX_VALUE, DEFAULT_MEMORY,
            new StrongWolfeLineSearch());

    private final double gradientTolerance;
    private final int maxIterations;
    private final int maxEvaluations;
    private final int memory;
    private final StrongWolfeLineSearch lineSearch;

    private MinimizerOptions(double gradientTolerance, int maxIterations, int maxEvaluations, int memory,
                             StrongWolfeLineSearch lineSearch) {
        this.gradientTolerance = gradientTolerance;
        this.maxIterations = maxIterations;
        this.maxEvaluations = maxEvaluations;
        this.memory = memory;
        this.lineSearch = lineSearch;
    }

    public static MinimizerOptions defaults() {
        return DEFAULTS;
    }

    /** Stop once every gradient component is at most {@code gtol} in absolute value (scipy's gtol). */
    public MinimizerOptions withGradientTolerance(double gtol) {
        if (!(gtol > 0) || !Double.isFinite(gtol)) {
            throw new IllegalArgumentException("gradient tolerance must be finite and > 0, got " + gtol);
        }
        return new MinimizerOptions(gtol, maxIterations, maxEvaluations, memory, lineSearch);
    }

    /** Stop after this many iterations; 0 only evaluates the start point. */
    public MinimizerOptions withMaxIterations(int maxIterations) {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        return new MinimizerOptions(gradientTolerance, maxIterations, maxEvaluations, memory, lineSearch);
    }

    /** Stop before the objective would be called more than this many times. */
    public MinimizerOptions withMaxEvaluations(int maxEvaluations) {
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException(
                    "maxEvaluations must be >= 1 (the start point needs one), got " + maxEvaluations);
        }
        return new MinimizerOptions(gradientTolerance, maxIterations, maxEvaluations, memory, lineSearch);
    }

    /** L-BFGS only: how many recent (step, gradient change) pairs model the curvature. */
    public MinimizerOptions withMemory(int memory) {
        if (memory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + memory);
        }
        return new MinimizerOptions(gradientTolerance, maxIterations, maxEvaluations, memory, lineSearch);
    }

    /** BFGS and L-BFGS: the line search, e.g. with other Wolfe constants. */
    public MinimizerOptions withLineSearch(StrongWolfeLineSearch lineSearch) {
        Objects.requireNonNull(lineSearch, "lineSearch");
        return new MinimizerOptions(gradientTolerance, maxIterations, maxEvaluations, memory, lineSearch);
    }

    public double gradientTolerance() {
        return gradientTolerance;
    }

    /** The iteration limit for a problem with {@code dimension} variables. */
    public int maxIterations(int dimension) {
        if (maxIterations != ITERATIONS_PER_VARIABLE) {
            return maxIterations;
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) DEFAULT_ITERATIONS_PER_VARIABLE * dimension);
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    public int memory() {
        return memory;
    }

    public StrongWolfeLineSearch lineSearch() {
        return lineSearch;
    }

    @Override
    public String toString() {
        return "MinimizerOptions[gtol=" + gradientTolerance
                + ", maxIterations=" + (maxIterations == ITERATIONS_PER_VARIABLE
                        ? DEFAULT_ITERATIONS_PER_VARIABLE + " per variable" : maxIterations)
                + ", maxEvaluations=" + maxEvaluations + ", memory=" + memory
                + ", c1=" + lineSearch.c1() + ", c2=" + lineSearch.c2() + "]";
    }
}
