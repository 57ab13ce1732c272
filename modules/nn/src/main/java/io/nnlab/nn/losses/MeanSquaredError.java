package io.nnlab.nn.losses;

import io.nnlab.tensor.Tensor;

/** mean((ŷ - y)²) over every element, as Keras' MeanSquaredError; gradient 2(ŷ - y) / n. */
public final class MeanSquaredError extends AbstractLoss {

    @Override
    public String name() { return "mean_squared_error"; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        checkTarget(prediction, target);
        Tensor g = startGradient(prediction);
        int n = prediction.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = prediction.getFlat(i) - target.getFlat(i);
            sum += d * d;
            g.setFlat(i, 2 * d / n);
        }
        finish(g);
        return sum / n;
    }
}
