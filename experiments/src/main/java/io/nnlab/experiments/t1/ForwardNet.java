package io.nnlab.experiments.t1;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.initializers.RandomUniform;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.FullBatchObjective;
import io.nnlab.optim.ParameterVector;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

/**
 * The tutorial's feedforward network: a tanh hidden layer and a linear output, an nnlab
 * {@link Sequential} of two {@link Dense} layers, trained on the {@link MeanSquaredError}.
 *
 * <p>Initialisation is the notebook's "LeCun fast backprop" rule, which differs from Keras'
 * LeCun-uniform in two ways: the bias is the last row of each weight matrix, so it is drawn with
 * the weights rather than set to zero, and the fan-in counts it (limit √(3 / (inputs + 1))).
 *
 * <p>As one flat vector ({@link #weights()}), the weights are in the notebook's order: hidden kernel,
 * hidden bias, output kernel, output bias, the row-major order of its two stacked matrices.
 */
final class ForwardNet {
    private final Sequential model;
    private final Dense hidden;
    private final MeanSquaredError loss = new MeanSquaredError();
    private final ParameterVector weights;

    /** A 1-h-1 network whose weights are drawn from {@code seed}. */
    ForwardNet(int hiddenUnits, DType dtype, long seed) {
        hidden = new Dense(hiddenUnits, Activation.TANH).name("hidden")
                .kernelInitializer(tutorialInit(1)).biasInitializer(tutorialInit(1));
        Dense output = new Dense(1).name("output")
                .kernelInitializer(tutorialInit(hiddenUnits)).biasInitializer(tutorialInit(hiddenUnits));
        model = Sequential.builder().name("forwardnet").input(1).add(hidden).add(output).build(dtype, seed);
        weights = ParameterVector.of(model.parameters());
    }

    /** Uniform in ±√(3 / (fanIn + 1)): the notebook's weight_init on a matrix with a bias row. */
    private static RandomUniform tutorialInit(int fanIn) {
        double limit = Math.sqrt(3.0 / (fanIn + 1));
        return new RandomUniform(-limit, limit);
    }

    Sequential model() { return model; }

    MeanSquaredError loss() { return loss; }

    /** The prediction for x, [n, 1]. */
    Tensor predict(Tensor x) { return model.predict(x); }

    /** The hidden units' responses tanh(x·W + b) for x, [n, hiddenUnits] (the notebook's eval_hidden). */
    Tensor hiddenResponses(Tensor x) { return hidden.forward(x, Mode.INFERENCE).copy(); }

    /** The mean squared error of the prediction for x against g. */
    double mse(Tensor x, Tensor g) { return model.evaluate(x, g, loss); }

    /** The mean squared error on (x, g), leaving its gradient in each parameter's grad. */
    double gradients(Tensor x, Tensor g) { return model.computeGradients(x, g, loss); }

    /** The weights as one vector, in the notebook's order. */
    double[] weights() { return weights.get(); }

    void setWeights(double[] w) { weights.set(w); }

    /** The error on (x, g) as a function of the flat weights: the notebook's error_func and grad_func. */
    FullBatchObjective objective(Tensor x, Tensor g) {
        return new FullBatchObjective(model, loss, x, g);
    }
}
