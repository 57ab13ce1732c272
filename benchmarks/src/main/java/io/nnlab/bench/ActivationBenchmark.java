package io.nnlab.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;
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

/**
 * Element-wise activations and their derivatives on a hidden layer's pre-activations. One
 * {@code forward} operation is y = f(x) over {@link #size} elements; one {@code backward} is
 * gradIn = gradOut · f'(x, y), as a layer's backward pass computes it. The sizes are the MNIST
 * MLP's hidden layer at batch 32 and 256 (32 x 100, 256 x 100) and one that leaves the L1 cache.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ActivationBenchmark \
 *      -p op=tanh -p size=3200
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ActivationBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    /** A {@link UnaryOp} by its label; LeakyReLU and ELU run with Keras' default α. */
    @Param({"relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "softplus"})
    public String op;

    @Param({"3200", "25600", "262144"})
    public int size;

    private UnaryOp f;
    private Tensor x;
    private Tensor y;
    private Tensor gradOut;
    private Tensor gradIn;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        f = Arrays.stream(UnaryOp.values()).filter(u -> u.label().equals(op)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("op must be a UnaryOp label (relu, gelu, ...), got " + op));
        DType t = DType.parse(dtype);
        Rng rng = new Rng(4);
        // Pre-activations of a freshly initialised layer: both signs, mostly in tanh's curved part.
        x = Tensor.normal(t, rng, 0, 2, size);
        y = Tensor.zerosLike(x);
        Ops.apply(f, x, y);
        gradOut = Tensor.normal(t, rng, 0, 1, size);
        gradIn = Tensor.zerosLike(x);
    }

    @Benchmark
    public Tensor forward() {
        Ops.apply(f, x, y);
        return y;
    }

    @Benchmark
    public Tensor backward() {
        Ops.applyBackward(f, x, y, gradOut, gradIn);
        return gradIn;
    }
}
