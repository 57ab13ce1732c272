package io.nnlab.bench;

import java.util.concurrent.TimeUnit;

import io.nnlab.nn.Sequential;
import io.nnlab.optim.FullBatchObjective;
import io.nnlab.optim.ParameterVector;
import io.nnlab.optim.fullbatch.Bfgs;
import io.nnlab.optim.fullbatch.MinimizationResult;
import io.nnlab.optim.fullbatch.MinimizerOptions;
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

/**
 * A whole BFGS run on t1's ripple, as t1 runs it: the 1-10-1 tanh network's 31 weights, the mean
 * squared error on 100 points, at most 150 iterations, gradient tolerance 1e-6 (scipy's
 * minimize(tol=1e-6)). Every operation starts from the same weights, so each times the same run.
 * The peer is benchmarks/peers/scipy_bfgs_ripple.py (scipy's BFGS on the tutorial's formulation).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar BfgsBenchmark -p dtype=float64
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BfgsBenchmark {
    static final int MAX_ITERATIONS = 150;
    static final double GRADIENT_TOLERANCE = 1e-6;

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"float32", "float64"})
    public String dtype;

    private FullBatchObjective objective;
    private double[] start;
    private final MinimizerOptions options = MinimizerOptions.defaults()
            .withGradientTolerance(GRADIENT_TOLERANCE).withMaxIterations(MAX_ITERATIONS);

    @Setup
    public void setUp() {
        Backend.use(Backend.parse(backend));
        DType t = DType.parse(dtype);
        RippleProblem p = RippleProblem.generate(1);
        Sequential net = p.network(t);
        start = ParameterVector.of(net.parameters()).get();
        objective = new FullBatchObjective(net, RippleProblem.loss(), p.x.astype(t), p.rippleShifted.astype(t));
    }

    @Benchmark
    public MinimizationResult run() {
        return Bfgs.minimize(objective, start, options);
    }
}
