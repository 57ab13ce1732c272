package com.example.research;

import io.nnlab.nn.losses.AbstractLoss;
import io.nnlab.tensor.Tensor;

/** A loss as a researcher writes one: mean |ŷ - y|, as Keras' MeanAbsoluteError; gradient sign(ŷ - y) / n. */
public final class MeanAbsoluteError extends AbstractLoss {

    @Override
    public String name() { return "mean_absolute_error"; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        checkTarget(prediction, target);
        Tensor g = startGradient(prediction);
        int n = prediction.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = prediction.getFlat(i) - target.getFlat(i);
            sum += Math.abs(d);
            g.setFlat(i, Math.signum(d) / n);
        }
        finish(g);
        return sum / n;
    }
}
