package io.nnlab.nn.activations;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;

/** The perceptron's step, 1 where z ≥ 0, else 0; backward is an error that says why. */
final class HeavisideStep implements Activation {

    @Override
    public String name() { return "step"; }

    @Override
    public void forward(Tensor z, Tensor out) { Ops.apply(UnaryOp.STEP, z, out); }

    @Override
    public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        throw new UnsupportedOperationException("the step activation has no gradient: its derivative is 0 "
                + "everywhere except at 0, where it is undefined, so backpropagation cannot train through it; "
                + "train a perceptron with the perceptron rule, or use SIGMOID for gradient training");
    }

    @Override
    public String toString() { return name(); }
}
