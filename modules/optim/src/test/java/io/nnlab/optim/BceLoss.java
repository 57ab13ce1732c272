package io.nnlab.optim;

import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.Tensor;

/** Mean binary cross-entropy of probabilities against 0/1 targets (the negative of t4's log-likelihood). */
final class BceLoss implements Loss {
    private Tensor grad;

    @Override
    public double forward(Tensor prediction, Tensor target) {
        int n = prediction.size();
        if (grad == null || !grad.sameShape(prediction) || grad.dtype() != prediction.dtype()) {
            grad = Tensor.zerosLike(prediction);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double p = prediction.getFlat(i), t = target.getFlat(i);
            s -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
            grad.setFlat(i, (p - t) / (p * (1 - p)) / n);
        }
        return s / n;
    }

    @Override
    public Tensor backward() { return grad; }

    @Override
    public String name() { return "binary_crossentropy"; }
}
