package io.nnlab.nn;

import io.nnlab.tensor.Tensor;

/**
 * A trainable tensor and the gradient of the loss with respect to it.
 *
 * <p>Layers add into {@link #grad()} during backward; an optimiser reads the grad and updates
 * {@link #value()} in place; the training loop calls {@link #zeroGrad()} before each step.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private boolean trainable = true;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zerosLike(value);
    }

    /** The layer-qualified name, e.g. "dense_1/kernel". */
    public String name() { return name; }

    public Tensor value() { return value; }

    public Tensor grad() { return grad; }

    public boolean trainable() { return trainable; }

    public Parameter trainable(boolean t) {
        this.trainable = t;
        return this;
    }

    public void zeroGrad() { grad.fill(0); }

    @Override
    public String toString() { return name + " " + value.shapeString() + " " + value.dtype(); }
}
