package io.nnlab.tensor;

/**
 * Element-wise functions with the derivative each backward pass needs.
 * The derivative is expressed through the forward input x and/or output y,
 * whichever is cheaper and more accurate (sigmoid and tanh use y).
 */
public enum UnaryOp {
    IDENTITY, NEG, ABS, SQUARE, SQRT, EXP, LOG, TANH, SIGMOID, RELU,
    /** Heaviside step: 1 where x >= 0, else 0 (the perceptron's activation). Has no useful derivative. */
    STEP;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in error messages, e.g. "add". */
    public String label() { return label; }

    /** Reference definition in double precision; the scalar kernels call exactly this. */
    public double apply(double x) {
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
        };
    }

    /** dy/dx at forward input x with forward output y. */
    public double derivative(double x, double y) {
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
        };
    }
}
