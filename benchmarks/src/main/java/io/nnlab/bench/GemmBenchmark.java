package io.nnlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.nnlab.tensor.kernels.Parallelism;
import io.nnlab.tensor.kernels.ScalarGemm;
import io.nnlab.tensor.kernels.SimdGemm;
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
 * C = A B through the kernels directly: square sizes ({@link #square}) and the shapes of the
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
        final boolean simd;
        final boolean f32;
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        float[] af, bf, cf;
        double[] ad, bd, cd;

        Problem(String backend, String dtype, int m, int n, int k, boolean transA, boolean transB) {
            this.simd = switch (backend) {
                case "scalar" -> false;
                case "simd" -> true;
                default -> throw new IllegalArgumentException("backend must be scalar or simd, got " + backend);
            };
            this.f32 = switch (dtype) {
                case "float32" -> true;
                case "float64" -> false;
                default -> throw new IllegalArgumentException("dtype must be float32 or float64, got " + dtype);
            };
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            SplittableRandom rnd = new SplittableRandom(1);
            if (f32) {
                af = new float[m * k];
                bf = new float[k * n];
                cf = new float[m * n];
                for (int i = 0; i < af.length; i++) af[i] = (float) rnd.nextDouble(-1, 1);
                for (int i = 0; i < bf.length; i++) bf[i] = (float) rnd.nextDouble(-1, 1);
            } else {
                ad = rnd.doubles(m * k, -1, 1).toArray();
                bd = rnd.doubles(k * n, -1, 1).toArray();
                cd = new double[m * n];
            }
        }

        /** C = op(A) op(B), row-major with minimal leading dimensions. */
        Object run() {
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            if (f32) {
                if (simd) SimdGemm.gemm(transA, transB, m, n, k, 1f, af, lda, bf, ldb, 0f, cf, n);
                else ScalarGemm.gemm(transA, transB, m, n, k, 1f, af, lda, bf, ldb, 0f, cf, n);
                return cf;
            }
            if (simd) SimdGemm.gemm(transA, transB, m, n, k, 1.0, ad, lda, bd, ldb, 0.0, cd, n);
            else ScalarGemm.gemm(transA, transB, m, n, k, 1.0, ad, lda, bd, ldb, 0.0, cd, n);
            return cd;
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
