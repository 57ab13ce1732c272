package io.nnlab.experiments.t3;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.optim.History;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.function.DoubleBinaryOperator;

/**
 * Section 3: classification as a network. A single sigmoid unit is logistic regression and finds
 * a straight boundary; two sigmoid hidden units map a curved boundary into a hidden space where a
 * straight line separates the classes.
 */
final class Classification {
    private Classification() {}

    private static final int SAMPLES = 1000;
    static final int EPOCHS = 10;
    private static final double LEARNING_RATE = 0.1;

    /** Points in the plane labelled by the sign of g(x1, x2): class 1 where g >= 0. */
    record Points(double[] x1, double[] x2, boolean[] positive) {
        static Points draw(Rng rng, double x1Lo, double x1Hi, double x2Lo, double x2Hi, DoubleBinaryOperator g) {
            // As the notebook: all x1 values first, then all x2 values.
            double[] x1 = new double[SAMPLES];
            double[] x2 = new double[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) x1[i] = rng.uniform(x1Lo, x1Hi);
            for (int i = 0; i < SAMPLES; i++) x2[i] = rng.uniform(x2Lo, x2Hi);
            boolean[] positive = new boolean[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) positive[i] = g.applyAsDouble(x1[i], x2[i]) >= 0;
            return new Points(x1, x2, positive);
        }

        Tensor inputs(DType dtype) {
            Tensor x = Tensor.zeros(dtype, SAMPLES, 2);
            for (int i = 0; i < SAMPLES; i++) {
                x.set(x1[i], i, 0);
                x.set(x2[i], i, 1);
            }
            return x;
        }

        Tensor labels(DType dtype) {
            double[] y = new double[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) y[i] = positive[i] ? 1 : 0;
            return Keras.column(dtype, y);
        }

        /** The fraction of points whose predicted probability falls on their class's side of 0.5. */
        double accuracy(Tensor probabilities) {
            int correct = 0;
            for (int i = 0; i < SAMPLES; i++) if ((probabilities.getFlat(i) > 0.5) == positive[i]) correct++;
            return (double) correct / SAMPLES;
        }

        /** The two classes as scatter series (of the given coordinates, e.g. hidden activations). */
        Figure scatter(Figure f, double[] u, double[] v) {
            int n1 = 0;
            for (boolean p : positive) if (p) n1++;
            double[][] c1 = new double[2][n1];
            double[][] c0 = new double[2][SAMPLES - n1];
            for (int i = 0, a = 0, b = 0; i < SAMPLES; i++) {
                if (positive[i]) { c1[0][a] = u[i]; c1[1][a++] = v[i]; }
                else { c0[0][b] = u[i]; c0[1][b++] = v[i]; }
            }
            return f.scatter("C1", c1[0], c1[1]).scatter("C0", c0[0], c0[1]);
        }
    }

    // ---------------------------------------------------------------- a straight boundary

    /** Logistic regression, trained for the notebook's 10 epochs (0: the untrained unit). */
    static Result logisticLinear(long seed, DType dtype, int epochs) {
        Rng rng = new Rng(seed);
        Points data = Points.draw(rng.split(), 0, 8, -4, 3, (x1, x2) -> 0.8 * x1 + x2 - 3);
        Sequential model = Sequential.builder().input(2).dense(1, Activation.SIGMOID).build(dtype, rng.nextLong());
        Tensor x = data.inputs(dtype), y = data.labels(dtype);
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        History history = Keras.fit(model, loss, LEARNING_RATE, x, y, epochs, rng.nextLong());

        Dense unit = (Dense) model.layer(0);
        Tensor w = unit.kernel().value();
        double b = unit.bias().value().getFlat(0);
        // The boundary is where the logit is 0: w0 x1 + w1 x2 + b = 0.
        double slope = -w.getFlat(0) / w.getFlat(1);
        double intercept = -b / w.getFlat(1);

        Result r = new Result("t3.logistic-linear")
                .metric("final_loss", Keras.finalLoss(history, model, loss, x, y))
                .metric("accuracy", data.accuracy(model.predict(x)))
                .metric("boundary_slope", slope)
                .metric("boundary_intercept", intercept)
                .trace("loss", Keras.losses(history));
        double[] x1p = Keras.arange(0, 8, 0.01);
        r.figure(data.scatter(Figure.xy("t3/logistic-linear.png", "Logistic regression: data and learned boundary"),
                        data.x1(), data.x2())
                .line("learned boundary", x1p, line(x1p, slope, intercept))
                .line("true boundary x2 = -0.8 x1 + 3", x1p, line(x1p, -0.8, 3))
                .labels("x1", "x2"));
        lossCurve(r, "t3/logistic-linear-loss.png", "Logistic regression: training loss", history, false);
        r.note("Dense(1, sigmoid), Adam lr 0.1, binary cross-entropy from the logit, 10 epochs of batches of 32. "
                + "final_loss is the last epoch's mean batch loss, as Keras's History reports it; accuracy is over the "
                + "1000 training points after training. Data, initial weights and batch order come from nnlab's seeded "
                + "generator: numpy's and TensorFlow's random streams are not reproduced, so single values differ from "
                + "any one notebook run and are judged by a band.");
        return r;
    }

    // ---------------------------------------------------------------- a curved boundary, two hidden units

    /** Two hidden units, trained for the notebook's 10 epochs (0: the untrained net). */
    static Result twoUnitNonlinear(long seed, DType dtype, int epochs) {
        Rng rng = new Rng(seed);
        Points data = Points.draw(rng.split(), -5, 5, -4, 4, (x1, x2) -> -0.5 * (x1 - 1) * (x1 - 1) + 2 * x2 + 5);
        Sequential model = Sequential.builder().input(2)
                .dense(2, Activation.SIGMOID)
                .dense(1, Activation.SIGMOID)
                .build(dtype, rng.nextLong());
        Tensor x = data.inputs(dtype), y = data.labels(dtype);
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        History history = Keras.fit(model, loss, LEARNING_RATE, x, y, epochs, rng.nextLong());

        Result r = new Result("t3.two-unit-nonlinear")
                .metric("final_loss", Keras.finalLoss(history, model, loss, x, y))
                .metric("accuracy", data.accuracy(model.predict(x)))
                .trace("loss", Keras.losses(history));

        Dense hidden = (Dense) model.layer(0);
        Dense output = (Dense) model.layer(1);
        Tensor w1 = hidden.kernel().value(), b1 = hidden.bias().value();
        Tensor w2 = output.kernel().value(), b2 = output.bias().value();
        // Hidden activations z = sigmoid(x W1 + b1), computed as the notebook does, outside the model.
        double[] z1 = new double[SAMPLES], z2 = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            z1[i] = sigmoid(data.x1()[i] * w1.at(0, 0) + data.x2()[i] * w1.at(1, 0) + b1.getFlat(0));
            z2[i] = sigmoid(data.x1()[i] * w1.at(0, 1) + data.x2()[i] * w1.at(1, 1) + b1.getFlat(1));
        }
        double[] zp = Keras.arange(0, 1, 0.01);
        r.figure(data.scatter(Figure.xy("t3/two-unit-hidden-space.png",
                                "Two hidden units: the data in the hidden space, with the output unit's boundary"), z1, z2)
                .line("output boundary", zp, line(zp, -w2.getFlat(0) / w2.getFlat(1), -b2.getFlat(0) / w2.getFlat(1)))
                .labels("z1", "z2"));
        double[] xp = Keras.arange(-5, 5, 0.01);
        r.figure(data.scatter(Figure.xy("t3/two-unit-input-space.png",
                                "Two hidden units: each unit's line z = 0.5 in the input space"), data.x1(), data.x2())
                .line("unit 1", xp, line(xp, -w1.at(0, 0) / w1.at(1, 0), -b1.getFlat(0) / w1.at(1, 0)))
                .line("unit 2", xp, line(xp, -w1.at(0, 1) / w1.at(1, 1), -b1.getFlat(1) / w1.at(1, 1)))
                .labels("x1", "x2"));
        lossCurve(r, "t3/two-unit-loss.png", "Two hidden units: training loss", history, false);
        r.note("Dense(2, sigmoid) -> Dense(1, sigmoid), Adam lr 0.1, binary cross-entropy from the output logit, 10 "
                + "epochs. final_loss is the last epoch's mean batch loss (Keras's History); accuracy is over the 1000 "
                + "training points. Seeded data, weights and batch order from nnlab's generator (numpy's and "
                + "TensorFlow's streams are not reproduced).");
        return r;
    }

    private static double sigmoid(double a) { return 1 / (1 + Math.exp(-a)); }

    private static double[] line(double[] x, double slope, double intercept) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = slope * x[i] + intercept;
        return y;
    }

    /** Adds the loss by epoch to the result's figures; an untrained run has none to draw. */
    static void lossCurve(Result r, String file, String title, History history, boolean logY) {
        if (history.epochs() == 0) return;
        double[] loss = history.loss();
        Figure f = Figure.xy(file, title).line("loss", loss).labels("epoch", "loss");
        r.figure(logY ? f.logY() : f);
    }
}
