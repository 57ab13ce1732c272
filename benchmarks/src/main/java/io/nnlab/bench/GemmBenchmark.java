package io.nnlab.bench;

import java.util.concurrent.TimeUnit;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Parallelism;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * C = A B through {@link Ops#gemm}: square sizes ({@link #square}) and the shapes of the
 * MNIST training step at batch 32 ({@link #mnist}). Scores are operations per second;
 * {@link GflopsRunner} turns them into GFLOPS (2 m n k flops per operation).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar GemmBenchmark.square \
 *      -p backend=simd -p dtype=float32 -p n=256,512,1024 -p threads=1 -wi 3 -i 5 -f 1 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBenchmark {

    /** One GEMM problem with its operands, set up once per trial. */
    static final class Problem {
        final Tensor a;
        final Tensor b;
        final Tensor c;
        final boolean transA;
        final boolean transB;

        Problem(String backend, String dtype, int m, int n, int k, boolean transA, boolean transB) {
            Backend.use(Backend.parse(backend));
            DType dt = DType.parse(dtype);
            this.transA = transA;
            this.transB = transB;
            Rng rng = new Rng(1);
            a = Tensor.uniform(dt, rng, -1, 1, transA ? new int[]{k, m} : new int[]{m, k});
            b = Tensor.uniform(dt, rng, -1, 1, transB ? new int[]{n, k} : new int[]{k, n});
            c = Tensor.zeros(dt, m, n);
        }

        /** C = op(A) op(B). */
        Tensor run() {
            Ops.gemm(1, a, transA, b, transB, 0, c);
            return c;
        }
    }

    @State(Scope.Benchmark)
    public static class Square {
        @Param({"scalar", "simd"})
        public String backend;

        @Param({"float32", "float64"})
        public String dtype;

        @Param({"64", "128", "256", "512", "1024"})
        public int n;

        /** "1", or "all" for {@link Runtime#availableProcessors()}. */
        @Param({"1", "all"})
        public String threads;

        @Setup(Level.Trial)
        public void setUp() {
            Parallelism.setThreads(threadCount(threads));
            problem = new Problem(backend, dtype, n, n, n, false, false);
        }

        Problem problem;
    }

    @State(Scope.Benchmark)
    public static class Mnist {
        @Param({"scalar", "simd"})
        public String backend;

        @Param({"float32", "float64"})
        public String dtype;

        /**
         * m x k x n, with :TN for op(A) = A^T and :NT for op(B) = B^T. Forward: X W1 (32x784x100),
         * H W2 (32x100x10), a rank-1 outer product (100x1x10). Backward: X^T dZ1 (784x32x100:TN),
         * dZ2 W2^T (32x10x100:NT), H^T dZ2 (100x32x10:TN), dZ1 W1^T (32x100x784:NT). Any other
         * shape can be given with -p shape=..., such as batch 256's H^T dZ2, 100x256x10:TN.
         */
        @Param({"32x784x100", "32x100x10", "100x1x10", "784x32x100:TN", "32x10x100:NT", "100x32x10:TN",
                "32x100x784:NT"})
        public String shape;

        @Setup(Level.Trial)
        public void setUp() {
            Parallelism.setThreads(1);
            int[] mkn = mkn(shape);
            problem = new Problem(backend, dtype, mkn[0], mkn[2], mkn[1], shape.endsWith(":TN"), shape.endsWith(":NT"));
        }

        Problem problem;
    }

    @Benchmark
    public Object square(Square s) {
        return s.problem.run();
    }

    @Benchmark
    public Object mnist(Mnist s) {
        return s.problem.run();
    }

    static int threadCount(String threads) {
        return threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
    }

    /** {m, k, n} from "MxKxN" with an optional ":TN" / ":NT" suffix. */
    static int[] mkn(String shape) {
        String[] d = shape.split(":")[0].split("x");
        return new int[] {Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])};
    }
}
