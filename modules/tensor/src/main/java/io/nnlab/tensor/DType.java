package io.nnlab.tensor;

/** Element type of a tensor. Mixing dtypes in one operation is an error, never a silent cast. */
public enum DType {
    FLOAT32(Float.BYTES, "float32"),
    FLOAT64(Double.BYTES, "float64");

    private final int bytes;
    private final String label;

    DType(int bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    public int bytes() { return bytes; }

    /** The numpy-style name: float32 or float64. */
    public String label() { return label; }

    /** Parses "float32", "f32", "float64", "f64" (case-insensitive). */
    public static DType parse(String s) {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32", "float" -> { return FLOAT32; }
            case "float64", "f64", "double" -> { return FLOAT64; }
            default -> throw new IllegalArgumentException(
                    "dtype: expected float32 or float64, got '" + s + "'");
        }
    }

    @Override public String toString() { return label; }
}
