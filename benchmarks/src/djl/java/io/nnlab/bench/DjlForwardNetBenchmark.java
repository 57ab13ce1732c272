package io.nnlab.bench;

import java.util.concurrent.TimeUnit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.nnlab.tensor.DType;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer of {@link ForwardNetBenchmark}: one steepest-descent iteration of t1's 1-10-1 tanh net
 * on the same 100 points and starting weights, in PyTorch through DJL (built only with -Pdjl),
 * float64: forward, mean squared error, autograd backward, and θ ← θ − 0.1·∇ in place.
 *
 * <pre>
 * ./mvnw -Pdjl -pl benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DjlForwardNetBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms512m", "-Xmx512m"})
public class DjlForwardNetBenchmark {
    @Param({"float64"})
    public String dtype;

    /** PyTorch's intra-op threads: "1", or "all" for every core. */
    @Param({"1", "all"})
    public String threads;

    private NDManager manager;
    private NDArray x;
    private NDArray g;
    private NDArray[] weights;

    @Setup
    public void setUp() {
        if (!dtype.equals("float64")) throw new IllegalArgumentException("dtype must be float64, got " + dtype);
        DjlEngine.start(threads);
        manager = NDManager.newBaseManager("PyTorch");
        RippleProblem p = RippleProblem.generate(1);
        x = manager.create(p.x.toDoubleArray(), new Shape(RippleProblem.SAMPLES, 1));
        g = manager.create(p.ripple.toDoubleArray(), new Shape(RippleProblem.SAMPLES, 1));
        // nnlab's starting weights, in its parameter order: hidden kernel, hidden bias, output kernel, output bias.
        var params = p.network(DType.FLOAT64).parameters();
        weights = new NDArray[params.size()];
        for (int i = 0; i < weights.length; i++) {
            var v = params.get(i).value();
            weights[i] = manager.create(v.toDoubleArray(), new Shape(toLong(v.shape())));
            weights[i].setRequiresGradient(true);
        }
    }

    private static long[] toLong(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) s[i] = shape[i];
        return s;
    }

    @Benchmark
    public double step() {
        double mse;
        try (NDManager temporaries = manager.newSubManager()) {
            x.tempAttach(temporaries);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray h = x.matMul(weights[0]).add(weights[1]).tanh();
                NDArray e = h.matMul(weights[2]).add(weights[3]).sub(g);
                NDArray loss = e.square().mean();
                gc.backward(loss);
                mse = loss.getDouble();
            }
            for (NDArray w : weights) {
                NDArray grad = w.getGradient();
                grad.attach(temporaries);
                w.subi(grad.mul(ForwardNetBenchmark.LEARNING_RATE));
            }
        }
        return mse;
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
