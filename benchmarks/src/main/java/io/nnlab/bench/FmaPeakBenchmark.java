package io.nnlab.bench;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This core's FMA throughput: twelve independent chains of vector fma on the preferred species,
 * enough to cover FMA latency times the number of FMA pipes, and few enough (12 + 2 operands)
 * to stay in AVX2's 16 registers. The chains start from different values so the JIT cannot
 * merge them. One operation is {@link #ITERATIONS} x 12 vector FMAs; {@link GflopsRunner}
 * reports the GFLOPS, the ceiling any GEMM on this machine is measured against.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class FmaPeakBenchmark {

    static final int ITERATIONS = 1 << 16;
    static final int CHAINS = 12;

    /** Flops in one operation: 2 per lane per fma. */
    static long flopsPerOp(String dtype) {
        int lanes = dtype.equals("float32") ? FloatVector.SPECIES_PREFERRED.length() : DoubleVector.SPECIES_PREFERRED.length();
        return 2L * lanes * CHAINS * ITERATIONS;
    }

    // Fields, not constants, so the loop cannot be folded away.
    public float xf = 1.000001f;
    public float yf = -0.000001f;
    public double xd = 1.000001;
    public double yd = -0.000001;

    @Benchmark
    public float float32() {
        var s = FloatVector.SPECIES_PREFERRED;
        FloatVector x = FloatVector.broadcast(s, xf), y = FloatVector.broadcast(s, yf);
        FloatVector a0 = FloatVector.broadcast(s, 0), a1 = FloatVector.broadcast(s, 1);
        FloatVector a2 = FloatVector.broadcast(s, 2), a3 = FloatVector.broadcast(s, 3);
        FloatVector a4 = FloatVector.broadcast(s, 4), a5 = FloatVector.broadcast(s, 5);
        FloatVector a6 = FloatVector.broadcast(s, 6), a7 = FloatVector.broadcast(s, 7);
        FloatVector a8 = FloatVector.broadcast(s, 8), a9 = FloatVector.broadcast(s, 9);
        FloatVector a10 = FloatVector.broadcast(s, 10), a11 = FloatVector.broadcast(s, 11);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public double float64() {
        var s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector x = DoubleVector.broadcast(s, xd), y = DoubleVector.broadcast(s, yd);
        DoubleVector a0 = DoubleVector.broadcast(s, 0), a1 = DoubleVector.broadcast(s, 1);
        DoubleVector a2 = DoubleVector.broadcast(s, 2), a3 = DoubleVector.broadcast(s, 3);
        DoubleVector a4 = DoubleVector.broadcast(s, 4), a5 = DoubleVector.broadcast(s, 5);
        DoubleVector a6 = DoubleVector.broadcast(s, 6), a7 = DoubleVector.broadcast(s, 7);
        DoubleVector a8 = DoubleVector.broadcast(s, 8), a9 = DoubleVector.broadcast(s, 9);
        DoubleVector a10 = DoubleVector.broadcast(s, 10), a11 = DoubleVector.broadcast(s, 11);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
