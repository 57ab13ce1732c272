package io.nnlab.nn;

import io.nnlab.tensor.Tensor;

/**
 * A trainable tensor and the gradient of the loss with respect to it.
 *
 * <p>Layers add into {@link #grad()} during backward; an optimiser reads the grad and updates
 * {@link #value()} in place; the training loop calls {@link #zeroGrad()} before each step.
 *
 * <p>Zeroing is lazy, as PyTorch's {@code zero_grad(set_to_none=True)} is: the grad is filled
 * with zeros when someone next asks for it, unless a layer writes all of it first through
 * {@link #accumulateBeta()} (a GEMM with β = 0), which saves a pass over it and the GEMM's read.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private boolean trainable = true;
    /** The grad is all zeros but the tensor has not been filled yet. */
    private boolean zeroed;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zerosLike(value);
    }

    /** The layer-qualified name, e.g. "dense_1/kernel". */
    public String name() { return name; }

    public Tensor value() { return value; }

    public Tensor grad() {
        if (zeroed) {
            grad.fill(0);
            zeroed = false;
        }
        return grad;
    }

    /**
     * For a layer about to add a contribution to every element of the grad with a kernel that
     * computes out = β·out + ...: 0 while the grad is zeroed (so the old contents need not be
     * read), else 1. From here on the grad counts as written; the caller must then write all of it.
     */
    public double accumulateBeta() {
        double beta = zeroed ? 0 : 1;
        zeroed = false;
        return beta;
    }

    public boolean trainable() { return trainable; }

    public Parameter trainable(boolean t) {
        this.trainable = t;
        return this;
    }

    public void zeroGrad() { zeroed = true; }

    @Override
    public String toString() { return name + " " + value.shapeString() + " " + value.dtype(); }
}
