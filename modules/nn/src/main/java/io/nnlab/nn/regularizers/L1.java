package io.nnlab.nn.regularizers;

import io.nnlab.tensor.Tensor;

/** l1 · Σ|w| (Keras' default factor 0.01); its gradient l1 · sign(w) is taken as 0 at w = 0. */
public record L1(double l1) implements Regularizer {

    public L1 {
        Regularizer.checkFactor("L1", "l1", l1);
    }

    public L1() { this(0.01); }

    @Override
    public double loss(Tensor w) {
        double s = 0;
        for (int i = 0, n = w.size(); i < n; i++) s += Math.abs(w.getFlat(i));
        return l1 * s;
    }

    @Override
    public void addGradient(Tensor w, Tensor grad) {
        for (int i = 0, n = w.size(); i < n; i++) {
            double v = w.getFlat(i);
            if (v != 0) grad.setFlat(i, grad.getFlat(i) + (v > 0 ? l1 : -l1));
        }
    }
}
