package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.initializers.LecunUniform;
import io.nnlab.nn.initializers.StandardNormal;
import io.nnlab.nn.layers.Dense;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorials' networks compute the same forward pass in float32 as in float64, within 1e-5
 * relative (largest difference over largest magnitude). Both models come from one seed, and the
 * float64 one is given the float32 one's weights exactly, so only arithmetic differs.
 */
class DTypeAgreementTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                net("t1 1-10-1 tanh, LeCun uniform", 1, 100, b -> b
                        .add(new Dense(10, Activation.TANH).kernelInitializer(new LecunUniform())).dense(1)),
                net("t2 2-3-1 sigmoid then linear, no biases", 2, 150, b -> b
                        .add(new Dense(3, Activation.SIGMOID).useBias(false).kernelInitializer(new StandardNormal()))
                        .add(new Dense(1).useBias(false).kernelInitializer(new StandardNormal()))),
                net("t3 logistic regression", 2, 200, b -> b.dense(1, Activation.SIGMOID)),
                net("t3 two sigmoid units", 2, 200, b -> b.dense(2, Activation.SIGMOID).dense(1, Activation.SIGMOID)),
                net("t3 relu-100", 1, 50, b -> b.dense(100, Activation.RELU).add(new Dense(1).useBias(false))),
                net("t3 mnist mlp", 784, 4, b -> b.dense(100, Activation.RELU).dense(10, Activation.SOFTMAX)),
                net("t3 overfitting sigmoid net", 1, 10, b -> b
                        .dense(30, Activation.SIGMOID).dense(100, Activation.SIGMOID)
                        .dense(100, Activation.SIGMOID).dense(30, Activation.SIGMOID).dense(1)),
                net("t3 with batch norm", 1, 10, b -> b
                        .dense(30).batchNorm().activation(Activation.SIGMOID)
                        .dense(100).batchNorm().activation(Activation.SIGMOID)
                        .dense(100).batchNorm().activation(Activation.SIGMOID)
                        .dense(30).batchNorm().activation(Activation.SIGMOID).dense(1)),
                net("t3 with dropout", 1, 10, b -> b
                        .dense(30, Activation.SIGMOID).dropout(0.2).dense(100, Activation.SIGMOID).dropout(0.2)
                        .dense(100, Activation.SIGMOID).dropout(0.2).dense(30, Activation.SIGMOID).dropout(0.2).dense(1)),
                net("t4 2-3-1 sigmoid, no biases", 2, 150, b -> b
                        .add(new Dense(3, Activation.SIGMOID).useBias(false).kernelInitializer(new StandardNormal()))
                        .add(new Dense(1, Activation.SIGMOID).useBias(false).kernelInitializer(new StandardNormal()))),
                net("t5 2-3-1 sigmoid, no biases", 2, 3, b -> b
                        .add(new Dense(3, Activation.SIGMOID).useBias(false).kernelInitializer(new StandardNormal()))
                        .add(new Dense(1, Activation.SIGMOID).useBias(false).kernelInitializer(new StandardNormal()))));
    }

    static Arguments net(String name, int inputs, int samples, Function<Sequential.Builder, Sequential.Builder> layers) {
        return Arguments.of(name, inputs, samples, layers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void float32MatchesFloat64(String name, int inputs, int samples,
                               Function<Sequential.Builder, Sequential.Builder> layers) {
        Sequential m32 = layers.apply(Sequential.builder().input(inputs)).build(DType.FLOAT32, 11);
        Sequential m64 = layers.apply(Sequential.builder().input(inputs)).build(DType.FLOAT64, 11);
        for (int i = 0; i < m32.weights().size(); i++) {
            m64.weights().get(i).value().copyFrom(m32.weights().get(i).value().astype(DType.FLOAT64));
        }
        Tensor x32 = Tensor.uniform(DType.FLOAT32, new Rng(5), -1.5, 1.5, samples, inputs);
        Tensor x64 = x32.astype(DType.FLOAT64);
        for (Mode mode : Mode.values()) {
            // In training, BatchNorm uses batch statistics and Dropout draws its masks from the same seed.
            Tensor y32 = m32.forward(x32, mode), y64 = m64.forward(x64, mode);
            double err = y32.astype(DType.FLOAT64).maxAbsDiff(y64) / maxAbs(y64);
            assertTrue(err < 1e-5, name + " " + mode + ": relative difference " + err);
        }
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) m = Math.max(m, Math.abs(t.getFlat(i)));
        return m;
    }
}
