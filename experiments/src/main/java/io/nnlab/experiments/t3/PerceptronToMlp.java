package io.nnlab.experiments.t3;

import io.nnlab.experiments.Experiment;
import io.nnlab.experiments.Tutorial;
import io.nnlab.tensor.DType;

import java.util.List;

/**
 * t3, the Keras notebook: from the perceptron to the multi-layer perceptron, ReLU regression,
 * recursion, MNIST, and overfitting with batch normalisation, dropout and an L2 penalty. Its
 * networks compute in float32, as Keras does.
 */
public final class PerceptronToMlp implements Tutorial {

    @Override
    public String id() { return "t3"; }

    @Override
    public String title() { return "Artificial Neural Networks (ANN)"; }

    @Override
    public List<Experiment> experiments() {
        DType keras = DType.FLOAT32;
        return List.of(
                new Experiment("t3.logistic-linear", true, keras, Classification::logisticLinear),
                new Experiment("t3.two-unit-nonlinear", true, keras, Classification::twoUnitNonlinear),
                new Experiment("t3.relu-1", true, keras, (seed, dtype) -> ReluRegression.run(seed, dtype, 1, 500)),
                new Experiment("t3.relu-2", true, keras, (seed, dtype) -> ReluRegression.run(seed, dtype, 2, 3000)),
                new Experiment("t3.relu-4", true, keras, (seed, dtype) -> ReluRegression.run(seed, dtype, 4, 4000)),
                new Experiment("t3.relu-100", true, keras, (seed, dtype) -> ReluRegression.run(seed, dtype, 100, 1000)),
                new Experiment("t3.recursion", false, keras, (seed, dtype) -> Recursion.run()),
                new Experiment("t3.mnist-mlp", true, keras, MnistMlp::run),
                new Experiment("t3.overfit-sigmoid", true, keras, Overfitting::overfitSigmoid),
                new Experiment("t3.batchnorm", true, keras, Overfitting::batchNorm),
                new Experiment("t3.dropout", true, keras, Overfitting::dropout),
                new Experiment("t3.l2-regularized", true, keras, Overfitting::l2Regularized));
    }
}
