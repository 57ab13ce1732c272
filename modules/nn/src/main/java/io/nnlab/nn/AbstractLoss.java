package io.nnlab.nn;

import io.nnlab.tensor.Tensor;

/** What the nnlab losses share: the reused gradient buffer and the checks on their inputs. */
abstract class AbstractLoss implements Loss {
    /** Where the probability forms clip, as Keras' backend epsilon. */
    static final double EPSILON = 1e-7;

    private final TensorCache grads = new TensorCache();
    private final UseGuard guard = new UseGuard("the " + name() + " loss");
    private Tensor grad;

    @Override
    public final UseGuard guard() { return guard; }

    @Override
    public final Tensor backward() {
        if (grad == null) throw new IllegalStateException(name() + ": backward() called before forward()");
        return grad;
    }

    /** Forgets the last gradient (a failed forward leaves none) and returns a buffer shaped like x for the new one. */
    final Tensor startGradient(Tensor x) {
        grad = null;
        if (x.size() == 0) {
            throw new IllegalArgumentException(name() + ": the prediction is empty, shape " + x.shapeString());
        }
        return grads.like(x);
    }

    final void finish(Tensor g) { grad = g; }

    /** The target has the prediction's dtype and its values, one per prediction ([batch] also fits [batch, 1]). */
    final void checkTarget(Tensor prediction, Tensor target) {
        checkDType(prediction, target);
        boolean ok = target.size() == prediction.size() && target.rows() == prediction.rows();
        if (!ok) {
            throw new IllegalArgumentException(name() + ": target must have the prediction's shape "
                    + prediction.shapeString() + ", got " + target.shapeString());
        }
    }

    final void checkDType(Tensor prediction, Tensor target) {
        if (target.dtype() != prediction.dtype()) {
            throw new IllegalArgumentException(name() + ": target must be " + prediction.dtype()
                    + " like the prediction, got " + target.dtype() + " " + target.shapeString());
        }
    }

    /** Predictions of rank 2, [batch, classes], for the categorical losses. */
    final void checkRows(Tensor prediction) {
        if (prediction.rank() != 2) {
            throw new IllegalArgumentException(name() + ": expected a prediction of shape [batch, classes], got "
                    + prediction.shapeString());
        }
    }

    @Override
    public String toString() { return name(); }
}
