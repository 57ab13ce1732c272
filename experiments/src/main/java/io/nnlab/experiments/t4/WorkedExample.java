package io.nnlab.experiments.t4;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.nn.Mode;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.optim.Sgd;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.util.stream.IntStream;

/**
 * The tutorial's backprop example: x = [5, 3] with label 1 through h = σ(Wᵀx), y = σ(Vᵀh), no
 * biases, and the binary cross-entropy J = -log y. Built from nnlab's Dense layers with the
 * tutorial's weights; the loss takes the probability y, as the tutorial's does, so its gradient
 * dJ/dy = -1/y starts the backward pass.
 */
final class WorkedExample {
    private static final double[][] W = {{1.0, -1.0, 3.0}, {2.0, 2.0, -1.0}};
    private static final double[] V = {0.1, 0.5, -0.1};
    private static final double[] X = {5.0, 3.0};
    private static final double LABEL = 1;

    private static final int STEPS = 100;
    private static final double LEARNING_RATE = 0.1;

    private WorkedExample() {}

    /** The 2-3-1 sigmoid network holding the tutorial's W and V. */
    static Sequential network(DType dtype) {
        Sequential net = Sequential.builder().input(2)
                .add(new Dense(3, Activation.SIGMOID).useBias(false))
                .add(new Dense(1, Activation.SIGMOID).useBias(false))
                .build(dtype, 0);
        hidden(net).kernel().value().copyFrom(Tensor.matrix(dtype, W));
        output(net).kernel().value().copyFrom(Tensor.of(dtype, V, 3, 1));
        return net;
    }

    private static Dense hidden(Sequential net) { return (Dense) net.layer(0); }

    private static Dense output(Sequential net) { return (Dense) net.layer(1); }

    /** What one forward and backward pass shows: h, y, J and dJ/dy; the weight gradients are in the net. */
    record Pass(double[] h, double y, double loss, double djdy) {}

    /** Forward layer by layer (so h can be read), the loss on the probability y, then backprop. */
    static Pass pass(Sequential net, Tensor x, Tensor label, BinaryCrossEntropy loss) {
        net.zeroGrad();
        Tensor h = hidden(net).forward(x, Mode.TRAIN);
        double[] hidden = h.toDoubleArray();
        Tensor y = output(net).forward(h, Mode.TRAIN);
        double j = loss.forward(y, label);
        Tensor djdy = loss.backward();
        double dj = djdy.getFlat(0);
        net.backward(djdy);
        return new Pass(hidden, y.getFlat(0), j, dj);
    }

    static Result backprop(long seed, DType dtype) {
        Sequential net = network(dtype);
        Tensor x = Tensor.of(dtype, X, 1, 2), label = Tensor.of(dtype, new double[]{LABEL}, 1, 1);
        Pass p = pass(net, x, label, new BinaryCrossEntropy());
        Tensor wGrad = hidden(net).kernel().grad(), vGrad = output(net).kernel().grad();

        Result r = new Result("t4.backprop-worked-example");
        r.metric("h1", p.h()[0]).metric("y", p.y()).metric("dj_dy", p.djdy()).metric("loss", p.loss());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) r.metric("w_grad_" + i + j, wGrad.at(i, j));
        }
        for (int k = 0; k < 3; k++) r.metric("v_grad_" + k, vGrad.at(k, 0));

        r.printed("h1", 0.99998329857, 1e-11).printed("y", 0.590378, 1e-6)
                .printed("dj_dy", -1.69383, 1e-5).printed("loss", 0.52699227, 1e-8);
        double[][] printedW = {{-3.42057777e-06, -2.01341432e-01, 1.25838681e-06},
                {-2.05234666e-06, -1.20804859e-01, 7.55032084e-07}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) r.printed("w_grad_" + i + j, printedW[i][j], lastDigit(printedW[i][j], 9));
        }
        double[] printedV = {-0.40961516, -0.29945768, -0.40961948};
        for (int k = 0; k < 3; k++) r.printed("v_grad_" + k, printedV[k], 1e-8);
        r.note("nnlab's Dense layers and BinaryCrossEntropy on the probability, as the tutorial's loss works:"
                + " dJ/dy = -1/y, then y(1 - y) through each sigmoid. (nnlab's training path would instead fuse the"
                + " last sigmoid with the loss and start from dJ/dz = y - 1; the weight gradients are the same.)"
                + " The tutorial prints h1 truncated, not rounded (σ(11) = 0.9999832985782); the tolerance is one"
                + " unit of each printed value's last digit.");
        return r;
    }

    /** The tutorial's 100 passes, each followed by an update; with {@code trained} false, no update (the untrained net). */
    static Result singleSampleDescent(long seed, DType dtype, boolean trained) {
        Sequential net = network(dtype);
        Tensor x = Tensor.of(dtype, X, 1, 2), label = Tensor.of(dtype, new double[]{LABEL}, 1, 1);
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        Sgd sgd = new Sgd(LEARNING_RATE);
        double[] losses = new double[STEPS], scores = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            Pass p = pass(net, x, label, loss);
            losses[i] = p.loss();
            scores[i] = p.y();
            if (trained) sgd.step(net.parameters());
        }

        Result r = new Result("t4.single-sample-descent");
        r.metric("initial_loss", losses[0]).metric("final_loss", losses[STEPS - 1])
                .metric("final_score", scores[STEPS - 1]);
        r.printed("initial_loss", 0.52699227, 1e-8);
        r.trace("loss", losses).trace("score", scores);
        double[] steps = IntStream.range(0, STEPS).asDoubleStream().toArray();
        r.figure(Figure.xy("t4/single-sample-descent.png", "Gradient descent on one sample (label 1)")
                .labels("step", "loss, score").line("loss", steps, losses).scatter("score", steps, scores));
        r.note("As the tutorial's loop records them: the loss and the score y of each forward pass before its"
                + " update, so final_loss and final_score are those of the 100th pass (after 99 updates).");
        return r;
    }

    /** One unit of the last of `digits` significant digits of v, as printed in e-notation. */
    private static double lastDigit(double v, int digits) {
        return Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - (digits - 1));
    }
}
