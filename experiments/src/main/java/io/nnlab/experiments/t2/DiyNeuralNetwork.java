package io.nnlab.experiments.t2;

import io.nnlab.experiments.Experiment;
import io.nnlab.experiments.Tutorial;
import io.nnlab.tensor.DType;

import java.util.List;

/**
 * t2, the DIY neural network: a neuron with fixed weights on the Iris sepals, linear regression by
 * hand-written gradient descent, a sigmoid neuron, and a 2-3-1 network trained with a
 * forward-difference numerical gradient (and, beyond the tutorial, with backprop). numpy code, so
 * float64.
 *
 * <p>The tutorial's printed figures come from the original UCI Iris table; every result is
 * computed on it and again on today's table, reported with the suffix {@code _current}.
 */
public final class DiyNeuralNetwork implements Tutorial {

    @Override
    public String id() { return "t2"; }

    @Override
    public String title() { return "DIY neural network"; }

    @Override
    public List<Experiment> experiments() {
        DType numpy = DType.FLOAT64;
        return List.of(
                new Experiment("t2.weighted-sum-cost", false, numpy, FixedWeights::weightedSumCost)
                        .withCheck(Checks::weightedSumCost),
                new Experiment("t2.linear-gd", true, numpy, (s, d) -> LinearDescent.run(s, d, LinearDescent.ITERATIONS))
                        .withUntrained((s, d) -> LinearDescent.run(s, d, 0)).withCheck(Checks::linearGd),
                new Experiment("t2.sigmoid-neuron-cost", false, numpy, FixedWeights::sigmoidNeuronCost)
                        .withCheck(Checks::sigmoidNeuronCost),
                new Experiment("t2.mlp-numerical-gradient", true, numpy,
                        (s, d) -> TwoLayerNet.numericalGradient(s, d, TwoLayerNet.EPOCHS))
                        .withUntrained((s, d) -> TwoLayerNet.numericalGradient(s, d, 0))
                        .withCheck(Checks::mlpNumericalGradient),
                new Experiment("t2.mlp-backprop", true, numpy, (s, d) -> TwoLayerNet.backprop(s, d, TwoLayerNet.EPOCHS))
                        .withUntrained((s, d) -> TwoLayerNet.backprop(s, d, 0)).withCheck(Checks::mlpBackprop));
    }
}
