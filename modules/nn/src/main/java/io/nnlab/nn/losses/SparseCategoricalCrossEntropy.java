package io.nnlab.nn.losses;

import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;

/**
 * -mean over the batch of log p[label], with integer class labels, as Keras'
 * SparseCategoricalCrossentropy. Targets are a [batch] (or [batch, 1]) tensor of class indices
 * in the prediction's dtype; a label that is not an integer in [0, classes) is an error.
 *
 * <p>{@code new SparseCategoricalCrossEntropy()} takes probabilities and computes, as Keras on
 * TensorFlow does, -log(c_label) + log(Σ_k c_k) with c = clip(p, 1e-7, 1 - 1e-7). When a model
 * ends in a softmax, {@link io.nnlab.nn.Sequential Sequential} computes it from the logits instead, stably:
 * logsumexp(z) - z_label, gradient (p - onehot(label)) / batch. {@link #fromLogits()} takes logits
 * directly.
 */
public final class SparseCategoricalCrossEntropy extends AbstractLoss {
    private final boolean fromLogits;

    /** The probability form (Keras' from_logits=False). */
    public SparseCategoricalCrossEntropy() { this(false); }

    private SparseCategoricalCrossEntropy(boolean fromLogits) { this.fromLogits = fromLogits; }

    /** The form that takes logits (Keras' from_logits=True). */
    public static SparseCategoricalCrossEntropy fromLogits() { return new SparseCategoricalCrossEntropy(true); }

    public boolean takesLogits() { return fromLogits; }

    @Override
    public String name() { return "sparse_categorical_crossentropy"; }

    @Override
    public Activation fusedActivation() { return fromLogits ? null : Activation.SOFTMAX; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        return fromLogits ? forwardFromLogits(prediction, target) : fromProbabilities(prediction, target);
    }

    private double fromProbabilities(Tensor p, Tensor labels) {
        checkLabels(p, labels);
        Tensor g = startGradient(p);
        int batch = p.dim(0), classes = p.dim(1);
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int o = r * classes, label = (int) labels.getFlat(r);
            double clippedSum = 0;
            for (int k = 0; k < classes; k++) clippedSum += clip(p.getFlat(o + k));
            sum += Math.log(clippedSum) - Math.log(clip(p.getFlat(o + label)));
            for (int k = 0; k < classes; k++) {
                double raw = p.getFlat(o + k), c = clip(raw);
                double d = 1 / clippedSum - (k == label ? 1 / c : 0);
                g.setFlat(o + k, c != raw ? 0 : d / batch);
            }
        }
        finish(g);
        return sum / batch;
    }

    private static double clip(double p) { return Math.min(Math.max(p, EPSILON), 1 - EPSILON); }

    @Override
    public double forwardFromLogits(Tensor logits, Tensor labels) {
        checkLabels(logits, labels);
        Tensor g = startGradient(logits);
        int batch = logits.dim(0), classes = logits.dim(1);
        // log p = the stable row-wise log-softmax; the loss picks the labels' entries, and
        // dLoss/dLogits = (p - onehot) / batch with p = exp(log p), all through the kernels.
        Ops.logSoftmax(logits, g);
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int at = r * classes + (int) labels.getFlat(r);
            sum -= g.getFlat(at);
        }
        Ops.apply(UnaryOp.EXP, g, g);
        for (int r = 0; r < batch; r++) {
            int at = r * classes + (int) labels.getFlat(r);
            g.setFlat(at, g.getFlat(at) - 1);
        }
        Ops.binaryScalar(BinaryOp.DIV, g, batch, g);
        finish(g);
        return sum / batch;
    }

    /** Labels: one per row, each an integer class index below the number of columns. */
    private void checkLabels(Tensor prediction, Tensor labels) {
        checkRows(prediction);
        checkDType(prediction, labels);
        int batch = prediction.dim(0), classes = prediction.dim(1);
        boolean shapeOk = (labels.rank() == 1 && labels.dim(0) == batch)
                || (labels.rank() == 2 && labels.dim(0) == batch && labels.dim(1) == 1);
        if (!shapeOk) {
            throw new IllegalArgumentException(name() + ": labels must have shape [" + batch + "] (one class index per "
                    + "row of the prediction " + prediction.shapeString() + "), got " + labels.shapeString());
        }
        for (int r = 0; r < batch; r++) {
            double v = labels.getFlat(r);
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                String label = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
                throw new InvalidTargetException(name(), r, "label " + label + " is not a class index: expected an"
                        + " integer in [0, " + (classes - 1) + "] for " + classes + " classes");
            }
        }
    }

    @Override
    public String toString() { return fromLogits ? name() + " (from logits)" : name(); }
}
