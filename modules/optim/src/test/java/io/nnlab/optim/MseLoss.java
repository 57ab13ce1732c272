package io.nnlab.optim;

import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.Tensor;

/** Mean squared error over all elements, the loss of t1. */
final class MseLoss implements Loss {
    private Tensor grad;

    @Override
    public double forward(Tensor prediction, Tensor target) {
        int n = prediction.size();
        if (grad == null || !grad.sameShape(prediction) || grad.dtype() != prediction.dtype()) {
            grad = Tensor.zerosLike(prediction);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double e = prediction.getFlat(i) - target.getFlat(i);
            s += e * e;
            grad.setFlat(i, 2.0 * e / n);
        }
        return s / n;
    }

    @Override
    public Tensor backward() { return grad; }

    @Override
    public String name() { return "mse"; }
}
