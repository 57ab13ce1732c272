package io.nnlab.bench;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
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

import java.util.concurrent.TimeUnit;

/**
 * Dense forward and backward at the MNIST MLP's shapes (784 -> 100 relu -> 10), the part of a
 * training step the nn module owns. Run with {@code -prof gc} to see the bytes a step allocates
 * once its buffers exist (the design says: none). One operation is zeroing the grads, the forward
 * pass in training mode and the backward pass from a fixed output gradient.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar DenseBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class DenseBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"32"})
    public int batch;

    private Sequential model;
    private Tensor x;
    private Tensor gradOut;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        DType t = DType.parse(dtype);
        model = Sequential.builder().input(784).dense(100, Activation.RELU).dense(10).build(t, 1);
        Rng rng = new Rng(2);
        x = Tensor.uniform(t, rng, 0, 1, batch, 784);
        gradOut = Tensor.normal(t, rng, 0, 0.1, batch, 10);
    }

    @Benchmark
    public Tensor forwardBackward() {
        model.zeroGrad();
        model.forward(x, io.nnlab.nn.Mode.TRAIN);
        return model.backward(gradOut);
    }
}
