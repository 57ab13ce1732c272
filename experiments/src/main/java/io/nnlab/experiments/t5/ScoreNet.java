package io.nnlab.experiments.t5;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.initializers.StandardNormal;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.SumSquaredError;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.optim.FullBatchObjective;
import io.nnlab.optim.ParameterVector;
import io.nnlab.optim.fullbatch.DiffFunction;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

/**
 * The notebook's 2-3-1 network predicting a test score from hours of sleep and study: an nnlab
 * {@link Sequential} of two {@link Dense} layers without biases, sigmoid on both, weights standard
 * normal, and the cost J = ½ Σ (y − ŷ)² ({@link SumSquaredError}).
 *
 * <p>As one flat vector the weights are the notebook's getParams(): W1 (2 × 3) row by row, then W2.
 */
final class ScoreNet {
    private final Sequential model;
    private final SumSquaredError loss = new SumSquaredError();
    private final ParameterVector params;
    private Tensor dCost;

    /** The notebook's network, weights drawn from {@code seed}. */
    ScoreNet(DType dtype, long seed) {
        this(dtype, seed, 0);
    }

    /** With an L2 penalty l2 · Σ W² (nnlab's {@link L2}) on both weight matrices when l2 &gt; 0. */
    private ScoreNet(DType dtype, long seed, double l2) {
        Dense hidden = new Dense(3, Activation.SIGMOID).name("hidden").useBias(false)
                .kernelInitializer(new StandardNormal());
        Dense output = new Dense(1, Activation.SIGMOID).name("output").useBias(false)
                .kernelInitializer(new StandardNormal());
        if (l2 > 0) {
            hidden.kernelRegularizer(new L2(l2));
            output.kernelRegularizer(new L2(l2));
        }
        model = Sequential.builder().name("scorenet").input(2).add(hidden).add(output).build(dtype, seed);
        params = ParameterVector.of(model.parameters());
    }

    /**
     * A network for the per-sample objective ½·mean (y − ŷ)² + (λ/2)·Σ W² on {@code samples} samples; see
     * {@link #perSampleObjective}. The same seed gives the same starting weights as the plain network.
     */
    static ScoreNet regularized(DType dtype, long seed, double lambda, int samples) {
        return new ScoreNet(dtype, seed, lambda * samples / 2);
    }

    /** ŷ for x, [n, 1]. */
    Tensor forward(Tensor x) { return model.predict(x); }

    /** J = ½ Σ (y − ŷ)², the notebook's costFunction, plus any penalty. */
    double cost(Tensor x, Tensor y) { return model.evaluate(x, y, loss); }

    /** ½ Σ (y − ŷ)² alone, without any penalty. */
    double dataCost(Tensor x, Tensor y) {
        Tensor yHat = model.forward(x, Mode.INFERENCE);
        double sum = 0;
        for (int i = 0; i < yHat.size(); i++) {
            double e = y.getFlat(i) - yHat.getFlat(i);
            sum += e * e;
        }
        return 0.5 * sum;
    }

    /** J and its gradient in the parameters' grads: backprop from dJ/dŷ = −(y − ŷ) (costFunctionPrime). */
    double gradients(Tensor x, Tensor y) { return model.computeGradients(x, y, loss); }

    /**
     * The notebook's costFunctionPrime with its bug: δ3 = −(y − ŷ) f'(z3) takes ŷ from a global set by an
     * earlier forward pass ({@code staleYHat}) while z3, a2 and z2 are current. Returns the true J.
     */
    double gradientsWithStaleYHat(Tensor x, Tensor y, Tensor staleYHat) {
        model.zeroGrad();
        Tensor yHat = model.forward(x, Mode.TRAIN);
        if (dCost == null || !dCost.sameShape(yHat)) dCost = Tensor.zerosLike(yHat);
        double sum = 0;
        for (int i = 0; i < yHat.size(); i++) {
            double e = y.getFlat(i) - yHat.getFlat(i);
            sum += e * e;
            dCost.setFlat(i, -(y.getFlat(i) - staleYHat.getFlat(i)));
        }
        model.backward(dCost);
        return 0.5 * sum;
    }

    /** The cost J as a function of the 9 weights: the notebook's costFunctionWrapper. */
    DiffFunction objective(Tensor x, Tensor y) {
        return new FullBatchObjective(model, loss, x, y);
    }

    /** As {@link #objective}, with the notebook's stale-ŷ gradient. */
    DiffFunction objectiveWithStaleYHat(Tensor x, Tensor y, Tensor staleYHat) {
        return (w, gradient) -> {
            params.set(w);
            double j = gradientsWithStaleYHat(x, y, staleYHat);
            params.gradient(gradient);
            return j;
        };
    }

    /**
     * (½ Σ (y − ŷ)² + penalty) / n and its gradient: for a network made by {@link #regularized}, the
     * per-sample cost ½·mean (y − ŷ)² + (λ/2)·Σ W², whose λ means the same for any number of samples.
     */
    DiffFunction perSampleObjective(Tensor x, Tensor y) {
        FullBatchObjective total = new FullBatchObjective(model, loss, x, y);
        double n = x.rows();
        return (w, gradient) -> {
            double j = total.evaluate(w, gradient);
            for (int i = 0; i < gradient.length; i++) gradient[i] /= n;
            return j / n;
        };
    }

    double[] getParams() { return params.get(); }

    void setParams(double[] w) { params.set(w); }

    /** The gradient left by the last {@link #gradients} call, in getParams() order. */
    double[] getGradient() { return params.gradient(); }
}
