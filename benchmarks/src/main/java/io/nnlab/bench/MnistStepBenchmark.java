package io.nnlab.bench;

import io.nnlab.nn.Activation;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Adam;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.kernels.Parallelism;
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

import java.util.concurrent.TimeUnit;

/**
 * One training step of t3's MNIST MLP (784 -> 100 relu -> 10 softmax, sparse cross-entropy from
 * logits, Adam): forward, loss, backward and the update. An epoch is 1875 steps at batch 32 and
 * 235 at batch 256; multiply the time per step to compare with an epoch of a peer ({@link Suite}
 * does, beside benchmarks/peers/numpy_mnist_step.py and, with -Pdjl, DjlMnistStepBenchmark). The
 * epoch at batch 32 is also the Adam epoch the optimiser's benchmarks call for. Eight warm-up
 * seconds: a step runs boxed Vector API calls until C2 has compiled every kernel it uses.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar MnistStepBenchmark \
 *      -p dtype=float32 -p batch=32 -p threads=1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class MnistStepBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"32", "256"})
    public int batch;

    /** "1", or "all" for every core. */
    @Param({"1", "all"})
    public String threads;

    private Sequential model;
    private SparseCategoricalCrossEntropy loss;
    private Adam adam;
    private Tensor x;
    private Tensor labels;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        Parallelism.setThreads(threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads));
        DType t = DType.parse(dtype);
        model = mlp(t);
        loss = new SparseCategoricalCrossEntropy();
        adam = new Adam();
        Rng rng = new Rng(3);
        x = images(t, rng, batch);
        labels = labels(t, rng, batch);
    }

    /** t3's MLP: 784 -> 100 relu -> 10 softmax, from seed 1. */
    static Sequential mlp(DType t) {
        return Sequential.builder().input(784).dense(100, Activation.RELU).dense(10, Activation.SOFTMAX).build(t, 1);
    }

    /** Seeded random pixels in [0, 1): the values do not change the work. */
    static Tensor images(DType t, Rng rng, int rows) { return Tensor.uniform(t, rng, 0, 1, rows, 784); }

    /** Seeded random class indices 0..9. */
    static Tensor labels(DType t, Rng rng, int rows) {
        Tensor y = Tensor.zeros(t, rows);
        for (int i = 0; i < rows; i++) y.setFlat(i, rng.nextInt(10));
        return y;
    }

    @Benchmark
    public double step() {
        double l = model.computeGradients(x, labels, loss);
        adam.step(model.parameters());
        return l;
    }
}
