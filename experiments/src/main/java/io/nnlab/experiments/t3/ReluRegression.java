package io.nnlab.experiments.t3;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.History;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * Section 4: regression as a sum of ReLU pieces. y = w2 · relu(w1 x + b1) summed over n hidden
 * units fits the cubic y = x³ + 0.1x² - x + 0.1 with n kinks; more units, a closer fit.
 */
final class ReluRegression {
    private ReluRegression() {}

    private static final int SAMPLES = 1000;

    static double cubic(double x) {
        return x * x * x + 0.1 * x * x - x + 0.1;
    }

    /** The n-unit experiment, trained for the notebook's number of epochs (0: the untrained net). */
    static Result run(long seed, DType dtype, int units, int epochs) {
        Rng rng = new Rng(seed);
        // The notebook draws the training set once and fits all four models to it: the same seed gives the
        // same points to every relu-n experiment.
        Rng dataRng = rng.split();
        double[] x = new double[SAMPLES];
        double[] y = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = dataRng.uniform(-1.5, 1.5);
            y[i] = cubic(x[i]);
        }
        Sequential model = Sequential.builder().input(1)
                .dense(units, Activation.RELU)
                .add(new Dense(1).useBias(false))
                .build(dtype, rng.nextLong());
        Tensor xs = Keras.column(dtype, x), ys = Keras.column(dtype, y);
        MeanSquaredError mse = new MeanSquaredError();
        History history = Keras.fit(model, mse, 0.001, xs, ys, epochs, rng.nextLong());

        String id = "t3.relu-" + units;
        Result r = new Result(id).metric("final_mse", Keras.finalLoss(history, model, mse, xs, ys))
                .trace("loss", Keras.losses(history));
        r.figure(fit(model, units, id.substring(3)));
        Classification.lossCurve(r, "t3/" + id.substring(3) + "-loss.png",
                units + " ReLU unit" + (units == 1 ? "" : "s") + ": training loss (MSE)", history, true);
        r.note("Dense(" + units + ", relu) -> Dense(1, no bias), Adam lr 0.001, MSE, " + epochs + " epochs of batches of 32 "
                + "on 1000 points uniform in [-1.5, 1.5]. final_mse is the last epoch's mean batch loss (Keras's History). "
                + "Data, initial weights and batch order come from nnlab's seeded generator (the notebook's np.random.seed(0) "
                + "and tf.random.set_seed(0) streams are not reproduced)"
                + (units <= 4 ? "; with so few units the result depends on the start (which way each ReLU faces, "
                        + "whether one dies), so it is judged by a band spanning the modes." : "."));
        return r;
    }

    /** The fit over [-2, 2) against the cubic, with each unit's piece when there are few. */
    private static Figure fit(Sequential model, int units, String name) {
        double[] xp = Keras.arange(-2, 2, 0.01);
        double[] real = Keras.linspace(-1.5, 1.5, 100);
        double[] realY = new double[real.length];
        for (int i = 0; i < real.length; i++) realY[i] = cubic(real[i]);
        Figure f = Figure.xy("t3/" + name + ".png", units + " ReLU unit" + (units == 1 ? "" : "s") + ": the fit")
                .line("x^3 + 0.1x^2 - x + 0.1", real, realY)
                .line("network", xp, Keras.predict(model, xp))
                .labels("x", "y");
        if (units <= 4) {
            Dense hidden = (Dense) model.layer(0);
            Dense output = (Dense) model.layer(1);
            Tensor w1 = hidden.kernel().value(), b1 = hidden.bias().value(), w2 = output.kernel().value();
            for (int u = 0; u < units; u++) {
                double[] piece = new double[xp.length];
                for (int i = 0; i < xp.length; i++) {
                    piece[i] = w2.getFlat(u) * Math.max(0, w1.getFlat(u) * xp[i] + b1.getFlat(u));
                }
                f.line("unit " + (u + 1), xp, piece);
            }
        }
        return f;
    }
}
