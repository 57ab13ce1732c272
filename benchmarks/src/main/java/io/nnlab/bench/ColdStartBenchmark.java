package io.nnlab.bench;

import io.nnlab.data.Dataset;
import io.nnlab.data.Scaling;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Sgd;
import io.nnlab.optim.Trainable;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The first seconds of a run, as a user meets them: each fork is a fresh JVM that times one call, with
 * no warm-up, so the interpreter, the JIT's tiers and the Vector API's slow path before C2 are all in the
 * figure. Two workloads, each trained through {@link Trainer#fit} as the experiments train them:
 * <ul>
 *   <li>{@link #mnistFirstEpoch}: t3's MNIST MLP (784-100-10, relu, softmax, sparse cross-entropy,
 *       Adam lr 0.001, batches of 32, float32) for its first epoch over the 60000 training images, as
 *       t3.mnist-mlp trains it from seed 1;</li>
 *   <li>{@link #forwardNet500Steps}: t1's 1-10-1 tanh net for its first 500 full-batch steepest-descent
 *       steps (lr 0.1, float64) on the ripple, as t1.forwardnet-ripple trains it.</li>
 * </ul>
 * Loading the data and building the model happen in the fork's setup, untimed, as a run does them
 * before training. The peer is benchmarks/peers/numpy_coldstart.py: the same two in a fresh python
 * process each. {@link Suite} reports the best fork beside numpy's best process; many forks, since one
 * fresh JVM's first seconds vary with what the JIT compiles when.
 *
 * <pre>
 * NNLAB_DATA=/path/to/data java --add-modules jdk.incubator.vector \
 *      -jar benchmarks/target/benchmarks.jar ColdStartBenchmark -p backend=simd
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ColdStartBenchmark {
    /** Full-batch steps timed on t1's net. */
    static final int FORWARD_NET_STEPS = 500;

    /** t3's MNIST training set and model, ready for the first epoch. */
    @State(Scope.Benchmark)
    public static class Mnist {
        @Param({"scalar", "simd"})
        public String backend;

        Tensor images;
        Tensor classes;
        Trainer trainer;
        FitOptions firstEpoch;

        @Setup
        public void setUp() {
            Backend.use(Backend.parse(backend));
            DType t = DType.FLOAT32;
            Dataset train = MnistStepBenchmark.mnist(t);
            images = train.features();
            Scaling.divideBy(255).applyInPlace(images);
            classes = train.labelTensor(t);
            // t3's start from seed 1: the weights' seed, then the batch order's, from one generator.
            Rng rng = new Rng(1);
            Sequential model = Sequential.builder().input(28, 28).flatten().dense(100, Activation.RELU)
                    .dense(10, Activation.SOFTMAX).build(t, rng.nextLong());
            // As t3's Keras helper passes the model to the fit loop.
            trainer = new Trainer(Trainable.of(model::computeGradients, model::parameters, model::predict),
                    new SparseCategoricalCrossEntropy(), new Adam(0.001));
            firstEpoch = FitOptions.builder().epochs(1).seed(rng.nextLong()).build();
        }
    }

    /** t1's ripple and 1-10-1 net, before its first step. */
    @State(Scope.Benchmark)
    public static class ForwardNet {
        @Param({"scalar", "simd"})
        public String backend;

        Tensor x;
        Tensor ripple;
        Trainer trainer;

        @Setup
        public void setUp() {
            Backend.use(Backend.parse(backend));
            RippleProblem p = RippleProblem.generate(1);
            x = p.x;
            ripple = p.ripple;
            trainer = new Trainer(p.network(DType.FLOAT64), RippleProblem.loss(), new Sgd(ForwardNetBenchmark.LEARNING_RATE));
        }
    }

    @Benchmark
    public History mnistFirstEpoch(Mnist m) {
        return m.trainer.fit(m.images, m.classes, m.firstEpoch);
    }

    @Benchmark
    public History forwardNet500Steps(ForwardNet f) {
        return f.trainer.fit(f.x, f.ripple, FitOptions.builder().fullBatch().epochs(FORWARD_NET_STEPS).build());
    }
}
