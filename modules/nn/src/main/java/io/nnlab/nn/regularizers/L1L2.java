package io.nnlab.nn.regularizers;

import io.nnlab.tensor.Tensor;

/** l1 · Σ|w| + l2 · Σw² (elastic net); Keras' defaults are 0 and 0. */
public record L1L2(double l1, double l2) implements Regularizer {

    public L1L2 {
        Regularizer.checkFactor("L1L2", "l1", l1);
        Regularizer.checkFactor("L1L2", "l2", l2);
    }

    @Override
    public double loss(Tensor w) {
        double abs = 0, squares = 0;
        for (int i = 0, n = w.size(); i < n; i++) {
            double v = w.getFlat(i);
            abs += Math.abs(v);
            squares += v * v;
        }
        return l1 * abs + l2 * squares;
    }

    @Override
    public void addGradient(Tensor w, Tensor grad) {
        for (int i = 0, n = w.size(); i < n; i++) {
            double v = w.getFlat(i);
            double g = 2 * l2 * v + (v > 0 ? l1 : v < 0 ? -l1 : 0);
            grad.setFlat(i, grad.getFlat(i) + g);
        }
    }
}
