package io.nnlab.data;

import io.nnlab.tensor.Tensor;

import java.util.Arrays;

/**
 * A per-column affine rescaling {@code x' = (x - shift) / scale}, fitted once and applied to any
 * data with the same columns — training data, test data, a prediction to map back.
 *
 * <p>The three the tutorials use:
 * <ul>
 *   <li>{@link #columnMax}: divide each column by its maximum ({@code X / np.amax(X, axis=0)}, t2, t5);</li>
 *   <li>{@link #standardize}: subtract the column mean and divide by its population standard
 *       deviation ({@code (x - x.mean(0)) / x.std(0)}, t1);</li>
 *   <li>{@link #divideBy}: one constant for every value ({@code x / 255.0} for MNIST pixels, t3).</li>
 * </ul>
 * Columns are the trailing dimensions flattened ({@link Tensor#cols()}): a [n] vector is one
 * column, a [n, 28, 28] image set has 784. Arithmetic is in float64 and rounded once to the
 * tensor's dtype, which gives numpy's float64 result, or Keras's float32 input after
 * {@code x / 255.0}, bit for bit.
 */
public final class Scaling {
    private final double[] shift; // empty for a constant scaling
    private final double[] scale; // one value for a constant scaling

    private Scaling(double[] shift, double[] scale) {
        this.shift = shift;
        this.scale = scale;
    }

    /** Divides each column by its maximum, as numpy's {@code x / np.amax(x, axis=0)}. */
    public static Scaling columnMax(Tensor x) {
        int rows = requireRows("columnMax", x);
        int cols = x.cols();
        double[] max = new double[cols];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) max[c] = Math.max(max[c], x.getFlat(r * cols + c));
        }
        for (int c = 0; c < cols; c++) {
            if (max[c] == 0 || Double.isNaN(max[c]) || Double.isInfinite(max[c])) {
                throw new IllegalArgumentException("Scaling.columnMax: column " + c + " of " + x.shapeString()
                        + " has maximum " + max[c] + "; dividing by it would give infinities or NaN");
            }
        }
        return new Scaling(new double[cols], max);
    }

    /**
     * Subtracts each column's mean and divides by its population standard deviation (numpy's
     * default, ddof = 0). A constant column is only centred (scale 1), as scikit-learn does.
     */
    public static Scaling standardize(Tensor x) {
        int rows = requireRows("standardize", x);
        int cols = x.cols();
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) mean[c] += x.getFlat(r * cols + c);
        for (int c = 0; c < cols; c++) mean[c] /= rows;
        // Two passes, as numpy: the mean first, then squared deviations from it.
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = x.getFlat(r * cols + c) - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < cols; c++) {
            std[c] = Math.sqrt(std[c] / rows);
            if (std[c] == 0) std[c] = 1;
        }
        return new Scaling(mean, std);
    }

    /** Divides every value by one constant, e.g. 255 for 8-bit pixels. */
    public static Scaling divideBy(double divisor) {
        if (divisor == 0 || !Double.isFinite(divisor)) {
            throw new IllegalArgumentException("Scaling.divideBy: expected a finite non-zero divisor, got " + divisor);
        }
        return new Scaling(new double[0], new double[] {divisor});
    }

    private static int requireRows(String op, Tensor x) {
        if (x.rank() == 0 || x.rows() == 0) {
            throw new IllegalArgumentException("Scaling." + op + ": expected at least one row, got shape " + x.shapeString());
        }
        return x.rows();
    }

    /** The per-column values subtracted (zeros for columnMax; empty for a constant). */
    public double[] shift() { return shift.clone(); }

    /** The per-column divisors (a single value for a constant). */
    public double[] scale() { return scale.clone(); }

    /** The scaled values as a new tensor of the same dtype and shape. */
    public Tensor apply(Tensor x) {
        Tensor out = x.copy();
        applyInPlace(out);
        return out;
    }

    /** Scales x in place. */
    public void applyInPlace(Tensor x) {
        if (scale.length == 1 && shift.length == 0) {
            double s = scale[0];
            for (int i = 0, n = x.size(); i < n; i++) x.setFlat(i, x.getFlat(i) / s);
            return;
        }
        int cols = checkColumns("apply", x);
        for (int i = 0, n = x.size(); i < n; i++) {
            int c = i % cols;
            x.setFlat(i, (x.getFlat(i) - shift[c]) / scale[c]);
        }
    }

    /** Maps scaled values back: {@code x * scale + shift}, as a new tensor. */
    public Tensor invert(Tensor scaled) {
        Tensor out = scaled.copy();
        if (scale.length == 1 && shift.length == 0) {
            for (int i = 0, n = out.size(); i < n; i++) out.setFlat(i, out.getFlat(i) * scale[0]);
            return out;
        }
        int cols = checkColumns("invert", out);
        for (int i = 0, n = out.size(); i < n; i++) {
            int c = i % cols;
            out.setFlat(i, out.getFlat(i) * scale[c] + shift[c]);
        }
        return out;
    }

    private int checkColumns(String op, Tensor x) {
        if (x.rank() == 0 || x.cols() != scale.length) {
            throw new IllegalArgumentException("Scaling." + op + ": fitted on " + scale.length + " columns, got shape "
                    + x.shapeString() + " with " + (x.rank() == 0 ? 1 : x.cols()));
        }
        return x.cols();
    }

    @Override
    public String toString() {
        return shift.length == 0 ? "Scaling[divide by " + scale[0] + "]"
                : "Scaling[shift " + Arrays.toString(shift) + ", scale " + Arrays.toString(scale) + "]";
    }
}
