package io.nnlab.nn.activations;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

/** exp(z) / Σ exp(z) over each sample's features, through the row-wise softmax kernel. */
final class RowSoftmax implements Activation {

    @Override
    public String name() { return "softmax"; }

    @Override
    public boolean rowWise() { return true; }

    @Override
    public void forward(Tensor z, Tensor out) { Ops.softmax(z, out); }

    /** The softmax Jacobian is diag(a) - a aᵀ per row, so dz = a ⊙ (g - (g · a)). */
    @Override
    public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        int rows = a.dim(0), cols = a.dim(1);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double ga = 0;
            for (int c = 0; c < cols; c++) ga += gradOut.getFlat(o + c) * a.getFlat(o + c);
            for (int c = 0; c < cols; c++) {
                gradIn.setFlat(o + c, a.getFlat(o + c) * (gradOut.getFlat(o + c) - ga));
            }
        }
    }

    @Override
    public String toString() { return name(); }
}
