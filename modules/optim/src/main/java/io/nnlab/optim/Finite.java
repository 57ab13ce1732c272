package io.nnlab.optim;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

/** Finding NaN and infinities in tensors: in data before training on it, in gradients and weights during. */
final class Finite {

    private Finite() {}

    /** The index of the first NaN or infinite element, or -1; the sum is a cheap screen for both. */
    static int firstNonFinite(Tensor t) {
        if (Double.isFinite(Ops.sum(t))) return -1;
        for (int i = 0; i < t.size(); i++) if (!Double.isFinite(t.getFlat(i))) return i;
        return -1;
    }

    /**
     * Refuses data holding NaN or an infinity, naming the operation, the tensor, the row and the element:
     * a NaN sample would otherwise surface as a NaN loss, or pass unseen through an accuracy.
     */
    static void requireFiniteData(String op, String name, Tensor t, String remedy) {
        int bad = firstNonFinite(t);
        if (bad < 0) return;
        int[] shape = t.shape();
        int[] at = new int[shape.length];
        for (int d = shape.length - 1, rest = bad; d >= 0; d--) {
            at[d] = rest % shape[d];
            rest /= shape[d];
        }
        throw new IllegalArgumentException(op + ": " + name + " holds " + t.getFlat(bad) + " at row " + at[0]
                + " (element " + java.util.Arrays.toString(at) + " of " + t.shapeString() + "); " + remedy);
    }
}
