package io.nnlab.bench;

import io.nnlab.data.Batcher;
import io.nnlab.data.DataLocation;
import io.nnlab.data.Dataset;
import io.nnlab.data.Mnist;
import io.nnlab.data.Scaling;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Adam;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One training step of t3's MNIST MLP (784 -> 100 relu -> 10 softmax, sparse cross-entropy from
 * logits, Adam): forward, loss, backward and the update. An epoch is 1875 steps at batch 32 and
 * 235 at batch 256; multiply the time per step to compare with an epoch of a peer ({@link Suite}
 * does, beside benchmarks/peers/numpy_mnist_step.py and, with -Pdjl, DjlMnistStepBenchmark). The
 * epoch at batch 32 is also the Adam epoch the optimiser's benchmarks call for. Eight warm-up
 * seconds: a step runs boxed Vector API calls until C2 has compiled every kernel it uses.
 *
 * <p>The steps train on MNIST itself (pixels / 255, from the data location), each batch gathered
 * by the fit loop's {@link Batcher} in its seeded shuffled order, full batches only. Synthetic data times another regime: on
 * one batch reused, or on random labels, the net learns the batch by heart or stops learning, its
 * gradients shrink towards zero, and Adam's moments fill with subnormal floats, which x86 computes
 * with in microcode. numpy's step took about 2.4 times as long in that state as on MNIST.
 *
 * <pre>
 * NNLAB_DATA=/path/to/data java --add-modules jdk.incubator.vector \
 *      -jar benchmarks/target/benchmarks.jar MnistStepBenchmark -p dtype=float32 -p batch=32 -p threads=1
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
    private Batcher batches;
    private int epoch;
    private int next;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        Parallelism.setThreads(threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads));
        DType t = DType.parse(dtype);
        model = mlp(t);
        loss = new SparseCategoricalCrossEntropy();
        adam = new Adam();
        Dataset train = mnist(t);
        Tensor images = train.features().reshape(train.size(), 784);
        Scaling.divideBy(255).applyInPlace(images);
        Tensor classes = train.labelTensor(t);
        batches = Batcher.shuffled(batch, 3, images, classes).dropLast();
        batches.startEpoch(epoch);
    }

    /** MNIST's training set from the data location; never downloads. */
    static Dataset mnist(DType t) {
        Path dir = DataLocation.current().dataset(Mnist.FOLDER);
        try {
            return Mnist.load(dir, t).train();
        } catch (IOException e) {
            throw new IllegalStateException("MnistStepBenchmark trains on MNIST: " + e.getMessage()
                    + " Set NNLAB_DATA (or -Dnnlab.data.dir via -jvmArgsAppend) to the data root.", e);
        }
    }

    /** t3's MLP: 784 -> 100 relu -> 10 softmax, from seed 1. */
    static Sequential mlp(DType t) {
        return Sequential.builder().input(784).dense(100, Activation.RELU).dense(10, Activation.SOFTMAX).build(t, 1);
    }

    /** Seeded random pixels in [0, 1), for benchmarks of single steps (a long run on them goes subnormal, see above). */
    static Tensor images(DType t, Rng rng, int rows) { return Tensor.uniform(t, rng, 0, 1, rows, 784); }

    /** Seeded random class indices 0..9. */
    static Tensor labels(DType t, Rng rng, int rows) {
        Tensor y = Tensor.zeros(t, rows);
        for (int i = 0; i < rows; i++) y.setFlat(i, rng.nextInt(10));
        return y;
    }

    @Benchmark
    public double step() {
        if (next == batches.batches()) {
            batches.startEpoch(++epoch);
            next = 0;
        }
        Tensor[] xy = batches.batch(next++);
        double l = model.computeGradients(xy[0], xy[1], loss);
        adam.step(model.parameters());
        return l;
    }
}
