package io.nnlab.optim;

import io.nnlab.nn.losses.InvalidTargetException;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

/**
 * The fraction of correct predictions, in Keras's three forms:
 * <ul>
 *   <li>binary: a prediction above the threshold (0.5) means class 1; compared element by element
 *       with 0/1 targets (so multi-label outputs are averaged over all labels);</li>
 *   <li>categorical: the argmax of each prediction row against the argmax of a one-hot target row;</li>
 *   <li>sparse categorical: the argmax of each prediction row against an integer class label, the
 *       target being shaped [n] or [n, 1].</li>
 * </ul>
 * {@link #auto()} picks one from the shapes, as Keras's {@code "accuracy"} picks one from the loss:
 * a single output column is binary; several columns with a target of the same shape are
 * categorical; several columns with one target column are sparse. Multi-label outputs need
 * {@link #binary()} explicitly.
 *
 * <p>Targets are checked, so that a wrong one is an error rather than a plausible fraction: binary
 * targets must be 0 or 1, sparse labels integers in [0, classes), categorical targets finite; the
 * error ({@link InvalidTargetException}) names the row. A prediction holding NaN (a model that has
 * diverged) gives an accuracy of NaN, not the fraction its argmax happens to hit.
 */
public final class Accuracy implements Metric {

    private enum Kind { AUTO, BINARY, CATEGORICAL, SPARSE }

    private final Kind kind;
    private final double threshold;
    private final String name;

    private Accuracy(Kind kind, double threshold, String name) {
        this.kind = kind;
        this.threshold = threshold;
        this.name = name;
    }

    /** Binary, categorical or sparse, chosen from the shapes of each call; logged as "accuracy". */
    public static Accuracy auto() { return new Accuracy(Kind.AUTO, 0.5, "accuracy"); }

    /** Binary with threshold 0.5; logged as "accuracy". */
    public static Accuracy binary() { return binary(0.5); }

    /** Binary: predictions above {@code threshold} mean class 1. */
    public static Accuracy binary(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Accuracy.binary: threshold must be finite, got " + threshold);
        }
        return new Accuracy(Kind.BINARY, threshold, "accuracy");
    }

    /** Argmax of prediction rows against argmax of one-hot target rows; logged as "accuracy". */
    public static Accuracy categorical() { return new Accuracy(Kind.CATEGORICAL, 0.5, "accuracy"); }

    /** Argmax of prediction rows against integer labels; logged as "accuracy". */
    public static Accuracy sparseCategorical() { return new Accuracy(Kind.SPARSE, 0.5, "accuracy"); }

    /** The same accuracy logged under another name, e.g. "binary_accuracy". */
    public Accuracy named(String name) { return new Accuracy(kind, threshold, name); }

    @Override
    public String name() { return name; }

    @Override
    public double compute(Tensor prediction, Tensor target) {
        int n = prediction.rows();
        if (prediction.rank() == 0 || n == 0 || target.rows() != n) {
            throw new IllegalArgumentException("accuracy: expected a prediction and a target with the same, non-zero"
                    + " number of rows, got prediction " + prediction.shapeString() + " and target "
                    + target.shapeString());
        }
        return switch (resolve(prediction, target)) {
            case BINARY -> binary(prediction, target);
            case CATEGORICAL -> categorical(prediction, target);
            case SPARSE -> sparse(prediction, target);
            case AUTO -> throw new AssertionError();
        };
    }

    private Kind resolve(Tensor prediction, Tensor target) {
        if (kind != Kind.AUTO) return kind;
        int cols = prediction.rank() == 1 ? 1 : prediction.cols();
        if (cols == 1) return Kind.BINARY;
        return target.size() == prediction.size() ? Kind.CATEGORICAL : Kind.SPARSE;
    }

    private double binary(Tensor p, Tensor t) {
        if (p.size() != t.size()) {
            throw new IllegalArgumentException("binary accuracy: prediction " + p.shapeString() + " and target "
                    + t.shapeString() + " must have the same number of elements");
        }
        int perRow = p.size() / p.rows();
        for (int i = 0; i < t.size(); i++) {
            double actual = t.getFlat(i);
            if (actual != 0 && actual != 1) {
                throw new InvalidTargetException(name, i / perRow, "target " + actual + " is not a class: expected 0 or 1"
                        + " for binary accuracy");
            }
        }
        if (hasNaN(p)) return Double.NaN;
        long correct = 0;
        for (int i = 0; i < p.size(); i++) {
            double predicted = p.getFlat(i) > threshold ? 1 : 0;
            if (predicted == t.getFlat(i)) correct++;
        }
        return (double) correct / p.size();
    }

    private double categorical(Tensor p, Tensor t) {
        if (!p.sameShape(t) || p.rank() != 2) {
            throw new IllegalArgumentException("categorical accuracy: expected a [n, classes] prediction and a one-hot"
                    + " target of the same shape, got " + p.shapeString() + " and " + t.shapeString());
        }
        int bad = Finite.firstNonFinite(t);
        if (bad >= 0) {
            throw new InvalidTargetException(name, bad / t.cols(), "target " + t.getFlat(bad) + " in column "
                    + bad % t.cols() + ": expected a finite (one-hot) row");
        }
        if (hasNaN(p)) return Double.NaN;
        int[] predicted = Ops.rowArgmax(p);
        int[] actual = Ops.rowArgmax(t);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == actual[i]) correct++;
        return (double) correct / predicted.length;
    }

    private double sparse(Tensor p, Tensor t) {
        if (p.rank() != 2 || t.size() != p.rows()) {
            throw new IllegalArgumentException("sparse categorical accuracy: expected a [n, classes] prediction and"
                    + " [n] or [n, 1] integer labels, got " + p.shapeString() + " and " + t.shapeString());
        }
        int classes = p.cols();
        for (int r = 0; r < t.size(); r++) {
            double v = t.getFlat(r);
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new InvalidTargetException(name, r, "label " + (v == Math.rint(v) ? Long.toString((long) v)
                        : Double.toString(v)) + " is not a class index: expected an integer in [0, " + (classes - 1)
                        + "] for the " + classes + " classes the prediction has");
            }
        }
        if (hasNaN(p)) return Double.NaN;
        int[] predicted = Ops.rowArgmax(p);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == t.getFlat(i)) correct++;
        return (double) correct / predicted.length;
    }

    /** A diverged model's NaN has no argmax and no side of the threshold: its accuracy is NaN. */
    private static boolean hasNaN(Tensor p) {
        for (int i = 0; i < p.size(); i++) if (Double.isNaN(p.getFlat(i))) return true;
        return false;
    }

    @Override
    public String toString() {
        return name + "(" + kind.name().toLowerCase(java.util.Locale.ROOT)
                + (kind == Kind.BINARY ? ", threshold=" + threshold : "") + ")";
    }
}
