package io.nnlab.tensor;

import io.nnlab.tensor.internal.Gauss;

/**
 * Element-wise functions with the derivative each backward pass needs.
 * The derivative is expressed through the forward input x and/or output y,
 * whichever is cheaper and more accurate (sigmoid and tanh use y).
 *
 * <p>Two ops take a parameter α, given beside the op ({@link Ops#apply(UnaryOp, double, Tensor, Tensor)})
 * rather than carried in it: {@link #LEAKY_RELU} and {@link #ELU}. The op stays one constant, so the
 * kernels switch over a fixed set and α reaches the loop as one scalar, as axpy's factor does; a
 * parameter-free call takes Keras' default ({@link #defaultParameter()}).
 */
public enum UnaryOp {
    IDENTITY, NEG, ABS, SQUARE, SQRT, EXP, LOG, TANH, SIGMOID, RELU,
    /** Heaviside step: 1 where x >= 0, else 0 (the perceptron's activation). Has no useful derivative. */
    STEP,
    /** x where x ≥ 0, else α·x (Keras' leaky_relu; α defaults to 0.2 as there). */
    LEAKY_RELU,
    /** x where x > 0, else α·(e^x - 1) (Clevert et al., 2015; Keras' elu, α defaults to 1). */
    ELU,
    /** x·Φ(x) with Φ the standard normal distribution function (Hendrycks and Gimpel, 2016; Keras' gelu). */
    GELU,
    /**
     * GELU's tanh approximation, ½x(1 + tanh(u)) with u = √(2/π)(x + 0.044715x³) (Keras'
     * gelu(approximate=True)), computed as x·sigmoid(2u), which it equals: 1 + tanh(u) cancels below 0.
     */
    GELU_TANH,
    /** x·sigmoid(x) (Keras' silu, also called swish). */
    SILU,
    /** log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that it neither overflows nor loses small values. */
    SOFTPLUS;

    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;
    private static final double GELU_CUBIC = 0.044715;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in error messages, e.g. "add". */
    public String label() { return label; }

    /** Whether the op takes a parameter α (LEAKY_RELU, ELU). */
    public boolean hasParameter() { return this == LEAKY_RELU || this == ELU; }

    /** α where none is given: Keras' defaults, 0.2 for leaky_relu and 1 for elu; 0 for ops without one. */
    public double defaultParameter() {
        return switch (this) {
            case LEAKY_RELU -> 0.2;
            case ELU -> 1.0;
            default -> 0.0;
        };
    }

    /** Reference definition in double precision, with the default parameter. */
    public double apply(double x) { return apply(x, defaultParameter()); }

    /** Reference definition in double precision; the scalar kernels call exactly this. alpha is ignored by ops without one. */
    public double apply(double x, double alpha) {
        return switch (this) {
            case IDENTITY -> x;
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case TANH -> Math.tanh(x);
            // Two branches so that neither exp overflows: sigmoid(-1000) is 0, not NaN.
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            // x > 0 ? x : 0 would turn NaN into 0; this keeps NaN visible.
            case RELU -> x < 0 ? 0.0 : x;
            case STEP -> x >= 0 ? 1.0 : (x < 0 ? 0.0 : Double.NaN);
            case LEAKY_RELU -> x < 0 ? alpha * x : x;
            case ELU -> x > 0 ? x : (x <= 0 ? alpha * Math.expm1(x) : x);
            case GELU -> x * Gauss.cdf(x);
            case GELU_TANH -> x * SIGMOID.apply(2 * SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
            case SILU -> x * SIGMOID.apply(x);
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));  // max keeps NaN
        };
    }

    /** dy/dx at forward input x with forward output y, with the default parameter. */
    public double derivative(double x, double y) { return derivative(x, y, defaultParameter()); }

    /** dy/dx at forward input x with forward output y = apply(x, alpha). */
    public double derivative(double x, double y, double alpha) {
        return switch (this) {
            case IDENTITY -> 1.0;
            case NEG -> -1.0;
            case ABS -> x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
            case SQUARE -> 2.0 * x;
            case SQRT -> 0.5 / y;
            case EXP -> y;
            case LOG -> 1.0 / x;
            case TANH -> 1.0 - y * y;
            case SIGMOID -> y * (1.0 - y);
            case RELU -> x > 0 ? 1.0 : (x <= 0 ? 0.0 : Double.NaN);
            case STEP -> throw new UnsupportedOperationException(
                    "step has no gradient: its derivative is 0 almost everywhere, so backprop cannot train "
                            + "through it (use the perceptron rule, or sigmoid for gradient training)");
            // As PyTorch: the slope of the negative side at 0 (and NaN stays NaN).
            case LEAKY_RELU -> x > 0 ? 1.0 : (x <= 0 ? alpha : Double.NaN);
            // α·e^x from x, as PyTorch: y + α would cancel to 0 far below 0.
            case ELU -> x > 0 ? 1.0 : (x <= 0 ? alpha * Math.exp(x) : Double.NaN);
            case GELU -> Gauss.cdf(x) + x * Gauss.density(x);
            // ½(1 + tanh u) = s and ½(1 - tanh² u) = 2s(1 - s) with s = sigmoid(2u); 1 - s taken as sigmoid(-2u).
            case GELU_TANH -> {
                double w = 2 * SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
                double slope = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
                yield SIGMOID.apply(w) * (1 + 2 * x * SIGMOID.apply(-w) * slope);
            }
            // s(1 + x(1 - s)), 1 - s taken as sigmoid(-x): 1 - s would lose it where s rounds to 1.
            case SILU -> SIGMOID.apply(x) * (1 + x * SIGMOID.apply(-x));
            case SOFTPLUS -> SIGMOID.apply(x);
        };
    }
}
