package io.nnlab.bench;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.Sgd;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
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
 * One steepest-descent iteration of t1's 1-10-1 tanh network on its 100-point ripple: the mean
 * squared error and its gradient over the whole data set, then θ ← θ − 0.1·∇ (lr 0.1, as t1).
 * t1's run is up to 5000 of these; {@link Suite} reports 5000 × the time per iteration beside the
 * numpy peer (benchmarks/peers/numpy_forwardnet.py), which times 5000 iterations of the tutorial's
 * own formulation. The weights keep descending across JMH's calls, so the timed iterations are
 * those of a real run, not one step repeated.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ForwardNetBenchmark -p dtype=float64
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ForwardNetBenchmark {
    static final double LEARNING_RATE = 0.1;
    /** t1's iteration budget, the unit the suite reports. */
    static final int STEPS = 5000;

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    private Sequential net;
    private final MeanSquaredError loss = RippleProblem.loss();
    private final Sgd sgd = new Sgd(LEARNING_RATE);
    private Tensor x;
    private Tensor g;

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        DType t = DType.parse(dtype);
        RippleProblem p = RippleProblem.generate(1);
        net = p.network(t);
        x = p.x.astype(t);
        g = p.ripple.astype(t);
    }

    @Benchmark
    public double step() {
        double mse = net.computeGradients(x, g, loss);
        sgd.step(net.parameters());
        return mse;
    }
}
