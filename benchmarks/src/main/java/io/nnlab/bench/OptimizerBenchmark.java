package io.nnlab.bench;

import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.Optimizer;
import io.nnlab.optim.RmsProp;
import io.nnlab.optim.Sgd;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Parallelism;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One optimiser update of the MNIST MLP's 79,510 parameters. The gradient is one batch's, but the
 * rows of the first weight matrix that belong to a 4-pixel border get zero after the first step,
 * as the weights from a rarely inked pixel (or into a unit whose ReLU has died) do in MNIST
 * training: their optimiser state then decays every step. Warm-up runs thousands of updates, so
 * what is measured is the state training reaches after an epoch or so, where that state would
 * be subnormal were it not set to zero.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar OptimizerBenchmark \
 *      -p dtype=float32 -p backend=simd
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class OptimizerBenchmark {
    private static final int BORDER = 4;

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    /** Keras's defaults for each; sgd-momentum is lr 0.01, μ 0.9. */
    @Param({"adam", "rmsprop", "sgd-momentum"})
    public String optimizer;

    private List<Parameter> parameters;
    private Optimizer opt;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        Parallelism.setThreads(1);
        DType t = DType.parse(dtype);
        Sequential model = MnistStepBenchmark.mlp(t);
        Rng rng = new Rng(5);
        Tensor x = MnistStepBenchmark.images(t, rng, 32);
        model.computeGradients(x, MnistStepBenchmark.labels(t, rng, 32), new SparseCategoricalCrossEntropy());
        parameters = model.parameters();
        opt = switch (optimizer) {
            case "adam" -> new Adam();
            case "rmsprop" -> new RmsProp();
            case "sgd-momentum" -> new Sgd(Sgd.DEFAULT_LEARNING_RATE, 0.9);
            default -> throw new IllegalArgumentException("optimizer must be adam, rmsprop or sgd-momentum, got \""
                    + optimizer + "\"");
        };
        opt.step(parameters);
        Tensor w1 = parameters.get(0).grad();
        if (w1.rank() != 2 || w1.rows() != 784) {
            throw new IllegalStateException("expected the first weights to be [784, 100], got " + w1.shapeString());
        }
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                if (i < BORDER || j < BORDER || i >= 28 - BORDER || j >= 28 - BORDER) {
                    for (int u = 0; u < w1.cols(); u++) w1.set(0, i * 28 + j, u);
                }
            }
        }
    }

    /** The parameters updated, for tests. */
    List<Parameter> parameters() { return parameters; }

    /** The optimiser, for tests. */
    Optimizer optimizer() { return opt; }

    @Benchmark
    public Optimizer step() {
        opt.step(parameters);
        return opt;
    }
}
