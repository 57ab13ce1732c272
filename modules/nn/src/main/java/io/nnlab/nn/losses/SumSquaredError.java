package io.nnlab.nn.losses;

import io.nnlab.tensor.Tensor;

/** ½ Σ (y - ŷ)² over every element, not averaged: the cost of t2 and t5. Gradient ŷ - y. */
public final class SumSquaredError extends AbstractLoss {

    @Override
    public String name() { return "sum_squared_error"; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        checkTarget(prediction, target);
        Tensor g = startGradient(prediction);
        double sum = 0;
        for (int i = 0, n = prediction.size(); i < n; i++) {
            double d = prediction.getFlat(i) - target.getFlat(i);
            sum += d * d;
            g.setFlat(i, d);
        }
        finish(g);
        return 0.5 * sum;
    }
}
