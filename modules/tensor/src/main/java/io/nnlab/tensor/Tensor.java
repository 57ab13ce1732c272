package io.nnlab.tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * A dense, row-major array of rank 0 to 4 with a fixed {@link DType}, stored on the heap in a
 * {@code float[]} or a {@code double[]} (exactly one of them, from index 0).
 *
 * <p>Tensors are mutable: kernels write into a given output so that a training step can reuse
 * its buffers. {@link #reshape} shares storage; every other method that returns a tensor copies.
 * Arithmetic lives in {@link Ops}; this class is storage, shape and element access.
 */
public final class Tensor {
    public static final int MAX_RANK = 4;

    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final float[] f;
    private final double[] d;

    private Tensor(DType dtype, int[] shape, int size, float[] f, double[] d) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = size;
        this.f = f;
        this.d = d;
    }

    // ------------------------------------------------------------------ creation

    public static Tensor zeros(DType dtype, int... shape) {
        int n = checkShape("zeros", shape);
        return dtype == DType.FLOAT32
                ? new Tensor(dtype, shape.clone(), n, new float[n], null)
                : new Tensor(dtype, shape.clone(), n, null, new double[n]);
    }

    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.fill(value);
        return t;
    }

    /** A zero tensor of the same dtype and shape as {@code like}. */
    public static Tensor zerosLike(Tensor like) { return zeros(like.dtype, like.shape); }

    /** Wraps the array without copying; its length must equal the product of the shape. */
    public static Tensor of(float[] data, int... shape) {
        int n = checkShape("of", shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor.of: shape " + Arrays.toString(shape) + " needs "
                    + n + " elements, got an array of " + data.length);
        }
        return new Tensor(DType.FLOAT32, shape.clone(), n, data, null);
    }

    /** Wraps the array without copying; its length must equal the product of the shape. */
    public static Tensor of(double[] data, int... shape) {
        int n = checkShape("of", shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor.of: shape " + Arrays.toString(shape) + " needs "
                    + n + " elements, got an array of " + data.length);
        }
        return new Tensor(DType.FLOAT64, shape.clone(), n, null, data);
    }

    /** A copy of the values as a tensor of the given dtype and shape. */
    public static Tensor of(DType dtype, double[] values, int... shape) {
        if (dtype == DType.FLOAT64) return of(values.clone(), shape);
        float[] fs = new float[values.length];
        for (int i = 0; i < fs.length; i++) fs[i] = (float) values[i];
        return of(fs, shape);
    }

    /** A rank-1 tensor holding a copy of the values. */
    public static Tensor vector(DType dtype, double... values) {
        return of(dtype, values, values.length);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(DType dtype, double value) { return full(dtype, value); }

    /** A rows x cols matrix copied from a rectangular array. */
    public static Tensor matrix(DType dtype, double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        double[] flat = new double[Math.multiplyExact(r, c)];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("Tensor.matrix: row " + i + " has " + rows[i].length
                        + " columns, expected " + c + " like row 0");
            }
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        return of(dtype, flat, r, c);
    }

    /** Values start, start+step, ... below stop (numpy's arange). */
    public static Tensor arange(DType dtype, double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("Tensor.arange: expected finite start, stop and a non-zero step, got "
                    + start + ", " + stop + ", " + step);
        }
        long n = Math.max(0, (long) Math.ceil((stop - start) / step));
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Tensor.arange: " + n + " elements exceed the largest array");
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return of(dtype, v, v.length);
    }

    /** num evenly spaced values from start to stop inclusive (numpy's linspace). */
    public static Tensor linspace(DType dtype, double start, double stop, int num) {
        if (num < 0) throw new IllegalArgumentException("Tensor.linspace: num must be >= 0, got " + num);
        double[] v = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) v[i] = start + i * step;
        if (num > 1) v[num - 1] = stop;
        return of(dtype, v, num);
    }

    /** Uniform in [lo, hi), drawn in row-major order from rng. */
    public static Tensor uniform(DType dtype, Rng rng, double lo, double hi, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.size; i++) t.setFlat(i, rng.uniform(lo, hi));
        return t;
    }

    /** Normal with the given mean and standard deviation, drawn in row-major order from rng. */
    public static Tensor normal(DType dtype, Rng rng, double mean, double std, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.size; i++) t.setFlat(i, mean + std * rng.nextGaussian());
        return t;
    }

    /** Validates a shape and returns its element count. */
    static int checkShape(String op, int[] shape) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException(op + ": rank must be 0 to " + MAX_RANK + ", got shape "
                    + Arrays.toString(shape) + " of rank " + shape.length);
        }
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": dimension " + i + " must be non-negative, got shape "
                        + Arrays.toString(shape));
            }
            n *= shape[i];
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape)
                        + " has more elements than a Java array can hold (" + (Integer.MAX_VALUE - 8) + ")");
            }
        }
        return (int) n;
    }

    // ------------------------------------------------------------------ shape

    public DType dtype() { return dtype; }

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("dim: axis " + axis + " is out of range for shape " + shapeString());
        }
        return shape[axis];
    }

    public int size() { return size; }

    /** The first dimension (1 for a scalar). */
    public int rows() { return shape.length == 0 ? 1 : shape[0]; }

    /** Elements per row: size / rows (the trailing dimensions flattened). */
    public int cols() {
        int r = rows();
        return r == 0 ? (shape.length < 2 ? 0 : productFrom(1)) : size / r;
    }

    private int productFrom(int axis) {
        int p = 1;
        for (int i = axis; i < shape.length; i++) p *= shape[i];
        return p;
    }

    public boolean sameShape(Tensor o) { return Arrays.equals(shape, o.shape); }

    public boolean hasShape(int... s) { return Arrays.equals(shape, s); }

    public String shapeString() { return Arrays.toString(shape); }

    /** The same storage seen with another shape; one dimension may be -1 (inferred). */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got "
                            + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                if (s[i] < 0) {
                    throw new IllegalArgumentException("reshape: dimension " + i + " must be non-negative, got "
                            + Arrays.toString(newShape));
                }
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(newShape)
                        + " for " + size + " elements of shape " + shapeString());
            }
            s[infer] = (int) (size / known);
        }
        int n = checkShape("reshape", s);
        if (n != size) {
            throw new IllegalArgumentException("reshape: shape " + shapeString() + " (" + size
                    + " elements) cannot become " + Arrays.toString(s) + " (" + n + " elements)");
        }
        return new Tensor(dtype, s, n, f, d);
    }

    // ------------------------------------------------------------------ storage

    /** The backing array of a float32 tensor (not a copy). */
    public float[] floats() {
        if (f == null) throw new IllegalStateException("floats(): tensor is float64, not float32");
        return f;
    }

    /** The backing array of a float64 tensor (not a copy). */
    public double[] doubles() {
        if (d == null) throw new IllegalStateException("doubles(): tensor is float32, not float64");
        return d;
    }

    /** True when both tensors use the same backing array (a reshape of one another). */
    public boolean sharesStorage(Tensor o) {
        return (f != null && f == o.f) || (d != null && d == o.d);
    }

    public double getFlat(int i) {
        return f != null ? f[i] : d[i];
    }

    public void setFlat(int i, double v) {
        if (f != null) f[i] = (float) v;
        else d[i] = v;
    }

    public double get(int... index) { return getFlat(flatIndex(index)); }

    public void set(double v, int... index) { setFlat(flatIndex(index), v); }

    /** Shorthand for get(r, c) on a matrix. */
    public double at(int r, int c) { return get(r, c); }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
                    + ", tensor has shape " + shapeString());
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + shapeString());
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    public void fill(double v) {
        if (f != null) Arrays.fill(f, (float) v);
        else Arrays.fill(d, v);
    }

    /** Copies src's values into this tensor; dtypes and sizes must match (shapes may differ). */
    public void copyFrom(Tensor src) {
        if (src.dtype != dtype || src.size != size) {
            throw new IllegalArgumentException("copyFrom: expected " + dtype + " with " + size + " elements "
                    + shapeString() + ", got " + src.dtype + " with " + src.size + " elements " + src.shapeString());
        }
        if (f != null) System.arraycopy(src.f, 0, f, 0, size);
        else System.arraycopy(src.d, 0, d, 0, size);
    }

    public Tensor copy() {
        return f != null
                ? new Tensor(dtype, shape.clone(), size, f.clone(), null)
                : new Tensor(dtype, shape.clone(), size, null, d.clone());
    }

    /** A copy converted to another dtype: the only way dtypes change in nnlab. */
    public Tensor astype(DType to) {
        if (to == dtype) return copy();
        Tensor t = zeros(to, shape);
        for (int i = 0; i < size; i++) t.setFlat(i, getFlat(i));
        return t;
    }

    /** The values as a new double[] (widened for float32). */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = getFlat(i);
        return out;
    }

    /** A matrix as rows of doubles. */
    public double[][] toDoubleRows() {
        int r = rows();
        int c = cols();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) out[i][j] = getFlat(i * c + j);
        return out;
    }

    // ------------------------------------------------------------------ rows (batching)

    /** A copy of rows [from, to) of the first dimension. */
    public Tensor rowRange(int from, int to) {
        if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IllegalArgumentException("rowRange: expected 0 <= from <= to <= " + rows() + " for shape "
                    + shapeString() + ", got [" + from + ", " + to + ")");
        }
        int[] s = shape.clone();
        s[0] = to - from;
        Tensor out = zeros(dtype, s);
        copyRowsInto(from, out);
        return out;
    }

    /** Copies rows from, from+1, ... into out, filling all of out's rows. */
    public void copyRowsInto(int from, Tensor out) {
        checkRowTarget("copyRowsInto", out);
        int c = cols();
        int count = out.rows();
        if (from < 0 || from + count > rows()) {
            throw new IllegalArgumentException("copyRowsInto: rows [" + from + ", " + (from + count)
                    + ") are out of range for shape " + shapeString());
        }
        if (f != null) System.arraycopy(f, from * c, out.f, 0, count * c);
        else System.arraycopy(d, from * c, out.d, 0, count * c);
    }

    /** A copy of the rows at the given indices, in that order. */
    public Tensor gatherRows(int[] indices) {
        int[] s = shape.clone();
        if (s.length == 0) throw new IllegalArgumentException("gatherRows: a scalar has no rows");
        s[0] = indices.length;
        Tensor out = zeros(dtype, s);
        gatherRowsInto(indices, 0, out);
        return out;
    }

    /** Copies rows indices[start], indices[start+1], ... into out, filling all of out's rows. */
    public void gatherRowsInto(int[] indices, int start, Tensor out) {
        checkRowTarget("gatherRowsInto", out);
        int c = cols();
        int count = out.rows();
        if (start < 0 || start + count > indices.length) {
            throw new IllegalArgumentException("gatherRowsInto: needs indices [" + start + ", " + (start + count)
                    + ") but only " + indices.length + " were given");
        }
        int r = rows();
        for (int i = 0; i < count; i++) {
            int src = indices[start + i];
            if (src < 0 || src >= r) {
                throw new IndexOutOfBoundsException("gatherRowsInto: row " + src + " is out of range for shape "
                        + shapeString());
            }
        }
        if (f != null) Backend.active().floats().gatherRows(f, c, indices, start, count, out.f);
        else Backend.active().doubles().gatherRows(d, c, indices, start, count, out.d);
    }

    private void checkRowTarget(String op, Tensor out) {
        if (out.dtype != dtype || shape.length == 0 || out.rank() != rank()
                || !Arrays.equals(shape, 1, shape.length, out.shape, 1, out.shape.length)) {
            throw new IllegalArgumentException(op + ": expected a " + dtype + " target whose shape is "
                    + shapeString() + " with any first dimension, got " + out.dtype + " " + out.shapeString());
        }
    }

    // ------------------------------------------------------------------ comparison

    /** Largest |a - b| over all elements; NaN if either holds a NaN where the other does not. */
    public double maxAbsDiff(Tensor o) {
        requireSameShape("maxAbsDiff", o);
        double m = 0;
        for (int i = 0; i < size; i++) {
            double a = getFlat(i), b = o.getFlat(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) return Double.NaN;
                continue;
            }
            if (a == b) continue; // also equal infinities
            m = Math.max(m, Math.abs(a - b));
        }
        return m;
    }

    /** numpy's allclose: {@code |a - b| <= atol + rtol * |b|} everywhere; NaN equals NaN here. */
    public boolean allClose(Tensor o, double rtol, double atol) {
        if (!sameShape(o)) return false;
        for (int i = 0; i < size; i++) {
            double a = getFlat(i), b = o.getFlat(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) return false;
                continue;
            }
            if (a == b) continue;
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return false;
        }
        return true;
    }

    /** Same dtype, shape and bits. */
    public boolean bitEquals(Tensor o) {
        return dtype == o.dtype && sameShape(o) && (f != null ? Arrays.equals(f, o.f) : Arrays.equals(d, o.d));
    }

    void requireSameShape(String op, Tensor o) {
        if (!sameShape(o)) {
            throw new IllegalArgumentException(op + ": shapes differ: expected " + shapeString() + ", got "
                    + o.shapeString());
        }
    }

    // ------------------------------------------------------------------ printing

    /** numpy-like: tensor([[1., 2.], [3., 4.]], dtype=float32). Large tensors are summarised. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(format(getFlat(0)));
        } else {
            appendAxis(sb, 0, 0, 7);
        }
        return sb.append(", dtype=").append(dtype.label()).append(')').toString();
    }

    private void appendAxis(StringBuilder sb, int axis, int offset, int indent) {
        int n = shape[axis];
        int stride = productFrom(axis + 1);
        boolean summarise = size > 1000 && n > 6;
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarise && i == 3) {
                sb.append("...");
                i = n - 3;
                sb.append(axis == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
            if (axis == shape.length - 1) {
                sb.append(format(getFlat(offset + i)));
            } else {
                appendAxis(sb, axis + 1, offset + i * stride, indent);
            }
            if (i < n - 1) sb.append(axis == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
        }
        sb.append(']');
    }

    private static String format(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return String.format(Locale.ROOT, "%.0f.", v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e8) {
            String s = String.format(Locale.ROOT, "%.8f", v);
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s + "0" : s;
        }
        return String.format(Locale.ROOT, "%.8e", v);
    }
}
