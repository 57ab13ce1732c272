package io.nnlab.nn;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

/**
 * Reusable tensors, found by dtype and shape without allocating: how a layer or loss keeps its
 * outputs and gradients so that a training step allocates nothing once the shapes have been seen.
 *
 * <pre>{@code
 * private final TensorCache outputs = new TensorCache();
 * ...
 * Tensor y = outputs.like(x);   // the same tensor for every batch of x's shape
 * }</pre>
 *
 * <p>Keeps a few shapes at once (the full batch, the last partial batch of an epoch, an evaluation
 * batch) so that alternating batch sizes do not reallocate; beyond that the oldest is replaced. A
 * tensor handed out is overwritten by the next user who asks for the same shape: one cache per
 * purpose (outputs, input gradients, ...), as nnlab's layers keep them.
 */
public final class TensorCache {
    private static final int CAPACITY = 4;

    private final Tensor[] slots = new Tensor[CAPACITY];
    private int next;

    /** A [rows, cols] tensor of the dtype; its contents are whatever the last user left. */
    public Tensor matrix(DType dtype, int rows, int cols) {
        for (Tensor t : slots) {
            if (t != null && t.dtype() == dtype && t.rank() == 2 && t.dim(0) == rows && t.dim(1) == cols) return t;
        }
        return keep(Tensor.zeros(dtype, rows, cols));
    }

    /** A tensor of x's dtype and shape; its contents are whatever the last user left. */
    public Tensor like(Tensor x) {
        for (Tensor t : slots) {
            if (t != null && t.dtype() == x.dtype() && t.sameShape(x)) return t;
        }
        return keep(Tensor.zerosLike(x));
    }

    private Tensor keep(Tensor t) {
        slots[next] = t;
        next = (next + 1) % CAPACITY;
        return t;
    }
}
