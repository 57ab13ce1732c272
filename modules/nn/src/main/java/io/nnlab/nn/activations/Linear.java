package io.nnlab.nn.activations;

import io.nnlab.tensor.Tensor;

/** f(z) = z: copies where it must; layers skip it and pass their tensors through. */
final class Linear implements Activation {

    @Override
    public String name() { return "linear"; }

    @Override
    public void forward(Tensor z, Tensor out) {
        if (out != z) out.copyFrom(z);
    }

    @Override
    public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        if (gradIn != gradOut) gradIn.copyFrom(gradOut);
    }

    @Override
    public String toString() { return name(); }
}
