package io.nnlab.tensor;

/** Element-wise arithmetic on two operands. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in error messages, e.g. "add". */
    public String label() { return label; }

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    /**
     * The float32 result, rounded once: each of these operations on two floats computed in
     * double and rounded to float is the correctly rounded float result.
     */
    public float apply(float a, float b) {
        return (float) apply((double) a, b);
    }
}
