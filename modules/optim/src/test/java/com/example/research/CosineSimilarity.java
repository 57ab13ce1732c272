package com.example.research;

import io.nnlab.nn.losses.AbstractLoss;
import io.nnlab.tensor.Tensor;

/**
 * A loss as a researcher writes one, row by row: Keras' CosineSimilarity, -mean over the batch of
 * cos(ŷ, y) = ŷ·y / (‖ŷ‖‖y‖), which is -1 where every prediction points along its target. The
 * gradient of a row's cosine is y / (‖ŷ‖‖y‖) - cos·ŷ / ‖ŷ‖².
 */
public final class CosineSimilarity extends AbstractLoss {

    @Override
    public String name() { return "cosine_similarity"; }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        checkRows(prediction);
        checkTarget(prediction, target);
        Tensor g = startGradient(prediction);
        int rows = prediction.dim(0), cols = prediction.dim(1);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double py = 0, pp = 0, yy = 0;
            for (int c = r * cols; c < (r + 1) * cols; c++) {
                py += prediction.getFlat(c) * target.getFlat(c);
                pp += prediction.getFlat(c) * prediction.getFlat(c);
                yy += target.getFlat(c) * target.getFlat(c);
            }
            double norms = Math.sqrt(pp * yy), cos = py / norms;
            total += cos;
            for (int c = r * cols; c < (r + 1) * cols; c++) {
                g.setFlat(c, -(target.getFlat(c) / norms - cos * prediction.getFlat(c) / pp) / rows);
            }
        }
        finish(g);
        return -total / rows;
    }
}
