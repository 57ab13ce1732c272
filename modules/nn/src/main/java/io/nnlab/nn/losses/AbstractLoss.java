package io.nnlab.nn.losses;

import io.nnlab.nn.TensorCache;
import io.nnlab.nn.UseGuard;
import io.nnlab.tensor.Tensor;

/**
 * The base of nnlab's losses, and of yours: the reused gradient buffer, the checks on their
 * inputs, and {@link #backward()}.
 *
 * <p>A subclass's {@link #forward} checks its inputs, asks {@link #startGradient} for the buffer
 * to write dLoss/dPrediction into, fills it, hands it to {@link #finish}, and returns the loss:
 *
 * <pre>{@code
 * public final class MeanAbsoluteError extends AbstractLoss {
 *     public String name() { return "mean_absolute_error"; }
 *
 *     public double forward(Tensor prediction, Tensor target) {
 *         checkTarget(prediction, target);
 *         Tensor g = startGradient(prediction);
 *         int n = prediction.size();
 *         double sum = 0;
 *         for (int i = 0; i < n; i++) {
 *             double d = prediction.getFlat(i) - target.getFlat(i);
 *             sum += Math.abs(d);
 *             g.setFlat(i, Math.signum(d) / n);
 *         }
 *         finish(g);
 *         return sum / n;
 *     }
 * }
 * }</pre>
 */
public abstract class AbstractLoss implements Loss {
    /** Where the probability forms clip, as Keras' backend epsilon. */
    protected static final double EPSILON = 1e-7;

    private final TensorCache grads = new TensorCache();
    private volatile UseGuard guard;
    private Tensor grad;

    /**
     * Made at the first use, not in the constructor: the name is the subclass's, which it may decide in
     * its own constructor. Double-checked, so that two threads meeting at the first use share one guard.
     */
    @Override
    public final UseGuard guard() {
        UseGuard g = guard;
        if (g == null) {
            synchronized (this) {
                g = guard;
                if (g == null) guard = g = new UseGuard("the " + name() + " loss");
            }
        }
        return g;
    }

    @Override
    public final Tensor backward() {
        if (grad == null) throw new IllegalStateException(name() + ": backward() called before forward()");
        return grad;
    }

    /**
     * Forgets the last gradient (a failed forward leaves none) and returns a buffer shaped like x for
     * the new one; an empty x is an error.
     */
    protected final Tensor startGradient(Tensor x) {
        grad = null;
        if (x.size() == 0) {
            throw new IllegalArgumentException(name() + ": the prediction is empty, shape " + x.shapeString());
        }
        return grads.like(x);
    }

    /** Makes g, filled, what {@link #backward()} returns. */
    protected final void finish(Tensor g) { grad = g; }

    /** The target has the prediction's dtype and its values, one per prediction ([batch] also fits [batch, 1]). */
    protected final void checkTarget(Tensor prediction, Tensor target) {
        checkDType(prediction, target);
        boolean ok = target.size() == prediction.size() && target.rows() == prediction.rows();
        if (!ok) {
            throw new IllegalArgumentException(name() + ": target must have the prediction's shape "
                    + prediction.shapeString() + ", got " + target.shapeString());
        }
    }

    /** The target has the prediction's dtype. */
    protected final void checkDType(Tensor prediction, Tensor target) {
        if (target.dtype() != prediction.dtype()) {
            throw new IllegalArgumentException(name() + ": target must be " + prediction.dtype()
                    + " like the prediction, got " + target.dtype() + " " + target.shapeString());
        }
    }

    /** Predictions of rank 2, [batch, classes], for the categorical losses. */
    protected final void checkRows(Tensor prediction) {
        if (prediction.rank() != 2) {
            throw new IllegalArgumentException(name() + ": expected a prediction of shape [batch, classes], got "
                    + prediction.shapeString());
        }
    }

    @Override
    public String toString() { return name(); }
}
