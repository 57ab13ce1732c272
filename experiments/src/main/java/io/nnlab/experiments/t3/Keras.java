package io.nnlab.experiments.t3;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.losses.Loss;
import io.nnlab.optim.Adam;
import io.nnlab.optim.Callback;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainable;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

/**
 * The notebook's {@code compile(optimizer=Adam(lr), loss=...)} and {@code fit(x, y, epochs)} on
 * nnlab: Adam with Keras's defaults but the learning rate, batches of 32 (all the data when there
 * are fewer samples) in a fresh order each epoch.
 */
final class Keras {
    private Keras() {}

    static History fit(Sequential model, Loss loss, double learningRate, Tensor x, Tensor y, int epochs, long shuffleSeed,
                       Callback... callbacks) {
        Trainer trainer = new Trainer(Trainable.of(model::computeGradients, model::parameters, model::predict),
                loss, new Adam(learningRate));
        return trainer.fit(x, y, FitOptions.builder().epochs(epochs).seed(shuffleSeed).callbacks(callbacks).build());
    }

    /**
     * The last epoch's mean batch loss, as Keras's History reports it; before any epoch (the untrained
     * net), the loss on all the data in training mode, which leaves the weights alone.
     */
    static double finalLoss(History history, Sequential model, Loss loss, Tensor x, Tensor y) {
        return history.epochs() > 0 ? history.finalLoss() : model.computeGradients(x, y, loss);
    }

    /** The training loss of each epoch: none before the first. */
    static double[] losses(History history) {
        return history.epochs() > 0 ? history.loss() : new double[0];
    }

    /** A [n, 1] column of the values. */
    static Tensor column(DType dtype, double[] values) {
        return Tensor.of(dtype, values, values.length, 1);
    }

    /** The model's single output for each value of a one-input model. */
    static double[] predict(Sequential model, double[] inputs) {
        return model.predict(column(model.dtype(), inputs)).toDoubleArray();
    }

    static double meanSquaredError(double[] prediction, double[] target) {
        double s = 0;
        for (int i = 0; i < target.length; i++) {
            double d = prediction[i] - target[i];
            s += d * d;
        }
        return s / target.length;
    }

    /** Values start, start + step, ... below stop (numpy's arange). */
    static double[] arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = start + i * step;
        return v;
    }

    /** num evenly spaced values from start to stop inclusive (numpy's linspace). */
    static double[] linspace(double start, double stop, int num) {
        double[] v = new double[num];
        for (int i = 0; i < num; i++) v[i] = start + i * (stop - start) / (num - 1);
        v[num - 1] = stop;
        return v;
    }
}
