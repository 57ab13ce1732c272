package io.nnlab.bench;

import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Parallelism;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A training step of the MNIST MLP (784-100-10, Adam, batch 32) through {@link Trainer#fit}, the
 * way a researcher trains, with the non-finite checks on (the default) and off: the difference is
 * what checking the loss, every gradient and every parameter for NaN and Inf costs per step. One
 * operation is one step of a 100-step epoch over seeded random images (the data's values do not
 * change the work).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar FitBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class FitBenchmark {
    private static final int STEPS = 100;
    private static final int BATCH = 32;

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"true", "false"})
    public boolean checkFinite;

    private Trainer trainer;
    private Tensor x;
    private Tensor y;
    private FitOptions options;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        Parallelism.setThreads(1);
        DType t = DType.parse(dtype);
        Rng rng = new Rng(7);
        x = MnistStepBenchmark.images(t, rng, STEPS * BATCH);
        y = MnistStepBenchmark.labels(t, rng, STEPS * BATCH);
        trainer = new Trainer(MnistStepBenchmark.mlp(t), new SparseCategoricalCrossEntropy(), new Adam());
        options = FitOptions.builder().epochs(1).batchSize(BATCH).seed(3).checkFinite(checkFinite).build();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object step() {
        return trainer.fit(x, y, options);
    }
}
