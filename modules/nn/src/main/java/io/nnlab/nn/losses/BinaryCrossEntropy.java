package io.nnlab.nn.losses;

import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.Tensor;

/**
 * -mean(y log p + (1 - y) log(1 - p)) over every element, as Keras' BinaryCrossentropy.
 *
 * <p>{@code new BinaryCrossEntropy()} takes probabilities and clips them to [1e-7, 1 - 1e-7]
 * (the gradient is 0 where clipping binds). When a model ends in a sigmoid, {@link io.nnlab.nn.Sequential Sequential}
 * computes it from the logits z instead, stably and unclipped, as Keras on TensorFlow does:
 * max(z, 0) - z y + log(1 + e^-|z|), gradient (sigmoid(z) - y) / n.
 * {@link #fromLogits()} takes logits directly, for models that end without an activation.
 */
public final class BinaryCrossEntropy extends AbstractLoss {
    private final boolean fromLogits;

    /** The probability form (Keras' from_logits=False). */
    public BinaryCrossEntropy() { this(false); }

    private BinaryCrossEntropy(boolean fromLogits) { this.fromLogits = fromLogits; }

    /** The form that takes logits (Keras' from_logits=True). */
    public static BinaryCrossEntropy fromLogits() { return new BinaryCrossEntropy(true); }

    public boolean takesLogits() { return fromLogits; }

    @Override
    public String name() { return "binary_crossentropy"; }

    @Override
    public Activation fusedActivation() { return fromLogits ? null : Activation.SIGMOID; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        return fromLogits ? forwardFromLogits(prediction, target) : fromProbabilities(prediction, target);
    }

    private double fromProbabilities(Tensor p, Tensor target) {
        checkTarget(p, target);
        Tensor g = startGradient(p);
        int n = p.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double raw = p.getFlat(i), y = target.getFlat(i);
            double q = Math.min(Math.max(raw, EPSILON), 1 - EPSILON);
            sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
            boolean clipped = q != raw;
            g.setFlat(i, clipped ? 0 : (q - y) / (q * (1 - q)) / n);
        }
        finish(g);
        return sum / n;
    }

    @Override
    public double forwardFromLogits(Tensor logits, Tensor target) {
        checkTarget(logits, target);
        Tensor g = startGradient(logits);
        int n = logits.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double z = logits.getFlat(i), y = target.getFlat(i);
            sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            double p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
            g.setFlat(i, (p - y) / n);
        }
        finish(g);
        return sum / n;
    }

    @Override
    public String toString() { return fromLogits ? name() + " (from logits)" : name(); }
}
