package io.nnlab.nn.losses;

import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.Tensor;

/**
 * -mean over the batch of Σ_k y_k log p_k, for one-hot (or soft) target rows, as Keras'
 * CategoricalCrossentropy.
 *
 * <p>{@code new CategoricalCrossEntropy()} takes probabilities: each row is divided by its sum
 * and clipped to [1e-7, 1 - 1e-7], as Keras does. When a model ends in a softmax,
 * {@link io.nnlab.nn.Sequential Sequential} computes it from the logits z instead, stably:
 * Σ_k y_k (logsumexp(z) - z_k), gradient (p Σ_k y_k - y) / batch, which is (p - y) / batch for one-hot rows.
 * {@link #fromLogits()} takes logits directly.
 */
public final class CategoricalCrossEntropy extends AbstractLoss {
    private final boolean fromLogits;

    /** The probability form (Keras' from_logits=False). */
    public CategoricalCrossEntropy() { this(false); }

    private CategoricalCrossEntropy(boolean fromLogits) { this.fromLogits = fromLogits; }

    /** The form that takes logits (Keras' from_logits=True). */
    public static CategoricalCrossEntropy fromLogits() { return new CategoricalCrossEntropy(true); }

    public boolean takesLogits() { return fromLogits; }

    @Override
    public String name() { return "categorical_crossentropy"; }

    @Override
    public Activation fusedActivation() { return fromLogits ? null : Activation.SOFTMAX; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        return fromLogits ? forwardFromLogits(prediction, target) : fromProbabilities(prediction, target);
    }

    private double fromProbabilities(Tensor p, Tensor target) {
        checkRows(p);
        checkTarget(p, target);
        Tensor g = startGradient(p);
        int batch = p.dim(0), classes = p.dim(1);
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int o = r * classes;
            double rowSum = 0;
            for (int k = 0; k < classes; k++) rowSum += p.getFlat(o + k);
            // With q = clip(p / S): dL/dq_k = -y_k / q_k (0 where clipped), and dq_j/dp_k = δ_jk / S - p_j / S².
            double gp = 0;
            for (int k = 0; k < classes; k++) {
                double y = target.getFlat(o + k);
                double raw = p.getFlat(o + k) / rowSum;
                double q = Math.min(Math.max(raw, EPSILON), 1 - EPSILON);
                sum -= y * Math.log(q);
                double dq = q != raw || y == 0 ? 0 : -y / q;
                g.setFlat(o + k, dq);
                gp += dq * p.getFlat(o + k);
            }
            for (int k = 0; k < classes; k++) {
                g.setFlat(o + k, (g.getFlat(o + k) / rowSum - gp / (rowSum * rowSum)) / batch);
            }
        }
        finish(g);
        return sum / batch;
    }

    @Override
    public double forwardFromLogits(Tensor logits, Tensor target) {
        checkRows(logits);
        checkTarget(logits, target);
        Tensor g = startGradient(logits);
        int batch = logits.dim(0), classes = logits.dim(1);
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int o = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) max = Math.max(max, logits.getFlat(o + k));
            double expSum = 0;
            for (int k = 0; k < classes; k++) expSum += Math.exp(logits.getFlat(o + k) - max);
            double logSumExp = max + Math.log(expSum);
            double ySum = 0;
            for (int k = 0; k < classes; k++) {
                double y = target.getFlat(o + k);
                sum += y * (logSumExp - logits.getFlat(o + k));
                ySum += y;
            }
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(logits.getFlat(o + k) - logSumExp);
                g.setFlat(o + k, (p * ySum - target.getFlat(o + k)) / batch);
            }
        }
        finish(g);
        return sum / batch;
    }

    @Override
    public String toString() { return fromLogits ? name() + " (from logits)" : name(); }
}
