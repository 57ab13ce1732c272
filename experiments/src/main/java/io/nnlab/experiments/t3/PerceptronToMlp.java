package io.nnlab.experiments.t3;

import io.nnlab.experiments.Experiment;
import io.nnlab.experiments.Tutorial;
import io.nnlab.tensor.DType;

import java.util.List;

import static io.nnlab.experiments.t3.Classification.EPOCHS;

/**
 * t3, the Keras notebook: from the perceptron to the multi-layer perceptron, ReLU regression,
 * recursion, MNIST, and overfitting with batch normalisation, dropout and an L2 penalty. Its
 * networks compute in float32, as Keras does.
 *
 * <p>The two classifiers train in a few milliseconds and run over a seed sweep by default; the longer
 * runs (the ReLU regressions, MNIST, the overfitting nets: 50 ms to 4 s each) over seed 1, which none of
 * their printed values needs more of: the tutorial printed none but MNIST's "about 0.977".
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
                new Experiment("t3.logistic-linear", true, keras, (s, d) -> Classification.logisticLinear(s, d, EPOCHS))
                        .withUntrained((s, d) -> Classification.logisticLinear(s, d, 0)).withCheck(Checks::logisticLinear),
                new Experiment("t3.two-unit-nonlinear", true, keras, (s, d) -> Classification.twoUnitNonlinear(s, d, EPOCHS))
                        .withUntrained((s, d) -> Classification.twoUnitNonlinear(s, d, 0)).withCheck(Checks::twoUnitNonlinear),
                relu(1, 500, Checks::relu1),
                relu(2, 3000, Checks::relu2),
                relu(4, 4000, Checks::relu4),
                relu(100, 1000, Checks::relu100),
                new Experiment("t3.recursion", false, keras, (s, d) -> Recursion.run()).withCheck(Checks::recursion),
                new Experiment("t3.mnist-mlp", true, keras, (s, d) -> MnistMlp.run(s, d, MnistMlp.EPOCHS))
                        .withUntrained((s, d) -> MnistMlp.run(s, d, 0)).withCheck(Checks::mnistMlp)
                        .withDefaultSeeds(1).alone(),
                new Experiment("t3.overfit-sigmoid", true, keras, (s, d) -> Overfitting.overfitSigmoid(s, d, true))
                        .withUntrained((s, d) -> Overfitting.overfitSigmoid(s, d, false)).withCheck(Checks::overfitSigmoid)
                        .withDefaultSeeds(1),
                new Experiment("t3.batchnorm", true, keras, (s, d) -> Overfitting.batchNorm(s, d, true))
                        .withUntrained((s, d) -> Overfitting.batchNorm(s, d, false)).withCheck(Checks::batchNorm)
                        .withDefaultSeeds(1),
                new Experiment("t3.dropout", true, keras, (s, d) -> Overfitting.dropout(s, d, true))
                        .withUntrained((s, d) -> Overfitting.dropout(s, d, false)).withCheck(Checks::dropout)
                        .withDefaultSeeds(1),
                new Experiment("t3.l2-regularized", true, keras, (s, d) -> Overfitting.l2Regularized(s, d, true))
                        .withUntrained((s, d) -> Overfitting.l2Regularized(s, d, false)).withCheck(Checks::l2Regularized)
                        .withDefaultSeeds(1));
    }

    /** t3.relu-n: n units, the notebook's epochs. */
    private static Experiment relu(int units, int epochs, Experiment.Check check) {
        return new Experiment("t3.relu-" + units, true, DType.FLOAT32, (s, d) -> ReluRegression.run(s, d, units, epochs))
                .withUntrained((s, d) -> ReluRegression.run(s, d, units, 0)).withCheck(check).withDefaultSeeds(1);
    }
}
