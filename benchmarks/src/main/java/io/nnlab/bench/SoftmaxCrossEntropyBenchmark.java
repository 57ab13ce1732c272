package io.nnlab.bench;

import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
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
 * The MNIST MLP's output: logits [batch, 10]. {@code softmax} is the row-wise softmax kernel
 * (inference); {@code crossEntropy} is what a training step does there, the sparse categorical
 * cross-entropy computed from the logits with its gradient (p - onehot(label)) / batch.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar SoftmaxCrossEntropyBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SoftmaxCrossEntropyBenchmark {
    static final int CLASSES = 10;

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"32", "256"})
    public int batch;

    private final SparseCategoricalCrossEntropy loss = SparseCategoricalCrossEntropy.fromLogits();
    private Tensor logits;
    private Tensor probabilities;
    private Tensor labels;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        DType t = DType.parse(dtype);
        Rng rng = new Rng(5);
        logits = Tensor.normal(t, rng, 0, 3, batch, CLASSES);
        probabilities = Tensor.zerosLike(logits);
        labels = Tensor.zeros(t, batch);
        for (int i = 0; i < batch; i++) labels.setFlat(i, rng.nextInt(CLASSES));
    }

    @Benchmark
    public Tensor softmax() {
        Ops.softmax(logits, probabilities);
        return probabilities;
    }

    @Benchmark
    public Tensor crossEntropy() {
        loss.forwardFromLogits(logits, labels);
        return loss.backward();
    }
}
