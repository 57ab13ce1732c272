package io.nnlab.tensor.internal;

import io.nnlab.tensor.Parallelism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SimdFloatGemm} and its float64 twin (the automatic choice and each path forced) against
 * the scalar kernels and against a naive triple loop in double.
 *
 * <p>Tolerance: element (i, j) may differ from the exact result by
 * {@code (k + 3) * eps * (|alpha| * sum_p |A(i,p)| |B(p,j)| + |beta * C(i,j)|)}, eps the dtype's
 * machine epsilon (2u). A k-term dot product in floating point is within γ_k ≈ k·u of exact
 * relative to Σ|a||b| whatever the order and whether products are fused (FMA) or rounded, and
 * alpha, beta and the per-KC-slice additions into C add a few roundings more; two results that
 * each satisfy (k + 2)·u satisfy (k + 2)·eps against each other, so one bound serves every
 * pair compared. Within one backend results are bit-identical, so thread counts are compared
 * with no tolerance at all.
 */
class GemmTest {

    private static final int LF = FloatVector.SPECIES_PREFERRED.length();
    private static final int LD = DoubleVector.SPECIES_PREFERRED.length();

    enum DT { F32, F64 }

    /** SIMD forced onto each path, and the blocked path onto each register tile, whatever this machine would pick. */
    enum Impl { SCALAR, SIMD, SIMD_DIRECT_NARROW, SIMD_DIRECT_WIDE, SIMD_BLOCKED_NARROW, SIMD_BLOCKED_WIDE }

    /** One GEMM problem; leading dimensions are the minimum plus the pads. */
    record Problem(boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
                   int padA, int padB, int padC) {
        int lda() { return (ta ? m : k) + padA; }
        int ldb() { return (tb ? k : n) + padB; }
        int ldc() { return n + padC; }
        int aRows() { return ta ? k : m; }
        int bRows() { return tb ? n : k; }
        double a(double[] a, int i, int p) { return ta ? a[p * lda() + i] : a[i * lda() + p]; }
        double b(double[] b, int p, int j) { return tb ? b[j * ldb() + p] : b[p * ldb() + j]; }
    }

    static Stream<Arguments> dtypesAndTransposes() {
        List<Arguments> out = new ArrayList<>();
        for (DT dt : DT.values()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    out.add(Arguments.of(dt, ta, tb));
                }
            }
        }
        return out.stream();
    }

    private static int[] awkwardSizes(DT dt) {
        int lanes = dt == DT.F32 ? LF : LD;
        TreeSet<Integer> s = new TreeSet<>(List.of(0, 1, 2, 13, 31, lanes - 1, lanes, lanes + 1, 2 * lanes + 1));
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- gemm

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("dtypesAndTransposes")
    void awkwardShapesAgreeWithReferences(DT dt, boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(42);
        int[] sizes = awkwardSizes(dt);
        int count = 0;
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    int pad = count++ % 3 == 0 ? 0 : 3;   // a third at the minimum leading dimensions
                    check(dt, new Problem(ta, tb, m, n, k, 1.5, 0.5, pad, pad + 1, pad), rnd, true);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("dtypesAndTransposes")
    void primeAndLargeShapesAgreeWithReferences(DT dt, boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] shapes = {
            {97, 97, 97}, {97, 13, 31}, {13, 97, 7}, {31, 7, 97},
            {1000, 13, 31}, {7, 1003, 17}, {9, 11, 1200}, {1, 1024, 1}, {1024, 1, 5},
            // the MNIST training step at batch 32
            {32, 100, 784}, {32, 10, 100}, {100, 10, 1}, {784, 100, 32}, {32, 784, 100},
            // several KC slices, edges in both directions
            {61, 53, 600},
            // several row blocks of either tile, full and partial tiles, three or more KC slices
            {133, 197, 290},
        };
        for (int[] s : shapes) {
            check(dt, new Problem(ta, tb, s[0], s[1], s[2], -0.75, 1.25, 2, 1, 5), rnd, true);
        }
    }

    /**
     * The wide tile's last panel on each side of its variants' widths (blocked: tile6x2h up to
     * 2.5L, tile6x3 up to 3L, tile6x4 beyond; direct: 3L and 4L), alone and after a whole tile,
     * where it ends at n and overlaps the tile before it; beta = 0 takes the straight stores,
     * beta ≠ 0 the scratch tile.
     */
    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("dtypesAndTransposes")
    void everyWideTileVariantAgreesWithReferences(DT dt, boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(17);
        int lanes = dt == DT.F32 ? LF : LD;
        for (int last : new int[] {2 * lanes + 1, 2 * lanes + lanes / 2, 2 * lanes + lanes / 2 + 1, 3 * lanes, 3 * lanes + 1}) {
            for (int n : new int[] {last, 4 * lanes + last}) {
                for (double beta : new double[] {0, 0.5}) {
                    check(dt, new Problem(ta, tb, 13, n, 37, 1.25, beta, 0, 1, 0), rnd, true);
                }
            }
        }
    }

    /** A side of 1 with contiguous operands takes the GEMV or outer-product route. */
    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("dtypesAndTransposes")
    void thinShapesAgreeWithReferences(DT dt, boolean ta, boolean tb) {
        SplittableRandom rnd = new SplittableRandom(11);
        int[][] shapes = {
            // t1's 1-10-1 net on 100 points: forward, backward and weight gradients
            {100, 10, 1}, {100, 1, 10}, {10, 1, 100}, {1, 10, 100},
            {1, 1, 37}, {1, 13, 1}, {13, 1, 1}, {1, 1, 1}, {7, 1, 9}, {1, 9, 7}, {9, 7, 1},
            // rows longer than a vector but not a multiple of it, in float as in double
            {100, 20, 1}, {30, 37, 1}, {1, 20, 100}, {1, 37, 30}, {1, 71, 5},
            // rows shorter than a vector, in double as in float
            {40, 5, 1}, {1, 5, 40}, {40, 1, 5}, {100, 1, 10},
        };
        double[][] ab = {{1, 0}, {1, 1}, {-0.75, 1.25}, {2, -0.5}};
        for (int[] s : shapes) {
            for (double[] v : ab) {
                check(dt, new Problem(ta, tb, s[0], s[1], s[2], v[0], v[1], 0, 0, 0), rnd, false);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void alphaBetaVariants(DT dt) {
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] ab = {{1, 0}, {1, 1}, {-2, 0.5}, {0.5, -1}, {0, 2}, {0, 0}, {3, 0}};
        for (double[] v : ab) {
            for (int[] s : new int[][] {{5, 9, 3}, {37, 41, 43}, {21, 19, 530}}) {
                for (int t = 0; t < 4; t++) {
                    check(dt, new Problem(t / 2 == 1, t % 2 == 1, s[0], s[1], s[2], v[0], v[1], 1, 0, 2), rnd, false);
                }
            }
        }
    }

    static Stream<DT> dtypes() {
        return Stream.of(DT.values());
    }

    /** beta == 0 overwrites C: NaN there must not reach the result, on either path. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void betaZeroIgnoresNaNInC(DT dt) {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] s : new int[][] {{3, 5, 7}, {40, 33, 70}, {130, 70, 90}, {1, 5, 7}, {6, 5, 1}}) {
            for (Impl impl : Impl.values()) {
                Problem p = new Problem(false, true, s[0], s[1], s[2], 1.0, 0.0, 0, 0, 1);
                double[] a = random(dt, p.aRows() * p.lda(), rnd);
                double[] b = random(dt, p.bRows() * p.ldb(), rnd);
                double[] c = new double[p.m() * p.ldc()];
                Arrays.fill(c, Double.NaN);
                double[] got = run(dt, impl, p, a, b, c);
                for (int i = 0; i < p.m(); i++) {
                    for (int j = 0; j < p.n(); j++) {
                        assertTrue(Double.isFinite(got[i * p.ldc() + j]), impl + " " + Arrays.toString(s));
                    }
                    assertTrue(Double.isNaN(got[i * p.ldc() + p.n()]), "padding column must stay untouched");
                }
            }
        }
    }

    /** alpha == 0 reads neither A nor B: NaN there must not reach C = beta * C. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void alphaZeroDoesNotReadAOrB(DT dt) {
        for (Impl impl : Impl.values()) {
            Problem p = new Problem(false, false, 9, 17, 11, 0.0, 2.0, 0, 0, 0);
            double[] a = new double[p.aRows() * p.lda()];
            double[] b = new double[p.bRows() * p.ldb()];
            Arrays.fill(a, Double.NaN);
            Arrays.fill(b, Double.POSITIVE_INFINITY);
            double[] c = new double[p.m() * p.ldc()];
            Arrays.setAll(c, i -> i * 0.25);
            double[] got = run(dt, impl, p, a, b, c);
            for (int i = 0; i < c.length; i++) {
                assertEquals(2.0 * c[i], got[i], 0.0, impl.toString());
            }
        }
    }

    /**
     * The same problem with 1, 2 and 3 threads gives the same bits, on both paths and every
     * transpose combination (the grid check makes sure the problems really are split).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void resultsDoNotDependOnThreadCount(DT dt) {
        SplittableRandom rnd = new SplittableRandom(11);
        // 96 x 784 · 784 x 100 takes the direct path and splits its columns 64 | 36 on the wide
        // tile: the second task's strip, narrower than its tile, is copied into a padded one.
        int[][] shapes = {{203, 157, 600}, {128, 784, 100}, {784, 100, 128}, {96, 100, 784}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            int lanes = dt == DT.F32 ? LF : LD;
            for (int t = 0; t < 4; t++) {
                Problem p = new Problem(t / 2 == 1, t % 2 == 1, m, n, k, 0.5, -1.5, 1, 2, 3);
                // Large enough to be split, on the narrow tile's units (the wide tile's are larger).
                int g2 = GemmPlan.grid(m, n, k, 4, 2 * lanes, GemmPlan.PACK_COST, GemmPlan.PACK_COST, 2);
                int g3 = GemmPlan.grid(m, n, k, 4, 2 * lanes, GemmPlan.PACK_COST, GemmPlan.PACK_COST, 3);
                assertTrue((g2 >>> 16) * (g2 & 0xFFFF) == 2 && (g3 >>> 16) * (g3 & 0xFFFF) == 3,
                        "problem too small to be split: " + Arrays.toString(s));
                double[] a = random(dt, p.aRows() * p.lda(), rnd);
                double[] b = random(dt, p.bRows() * p.ldb(), rnd);
                double[] c = random(dt, p.m() * p.ldc(), rnd);
                double[][] got = new double[4][];
                for (int threads = 1; threads <= 3; threads++) {
                    int th = threads;
                    Parallelism.withThreads(th, () -> got[th] = run(dt, Impl.SIMD, p, a, b, c));
                }
                assertArrayEquals(got[1], got[2], "1 vs 2 threads " + p);
                assertArrayEquals(got[1], got[3], "1 vs 3 threads " + p);
            }
        }
    }

    /** Two tasks split the operand that is cheaper to pack twice: each task packs all of the other. */
    @Test
    void blockedGridSplitsAlongTheOperandPackedElementByElement() {
        int rowsSplit = 2 << 16 | 1, colsSplit = 1 << 16 | 2;
        // A interleaved element by element (not transposed), B copied by vectors: split A's rows.
        assertEquals(rowsSplit, GemmPlan.blockedGrid(false, false, 1024, 1024, 1024, 6, 64, 2));
        assertEquals(rowsSplit, GemmPlan.blockedGrid(false, false, 256, 256, 256, 6, 64, 2));
        // A transposed (rows copied), B transposed (element by element): split B's columns.
        assertEquals(colsSplit, GemmPlan.blockedGrid(true, true, 1024, 1024, 1024, 6, 64, 2));
    }

    @Test
    void withThreadsRestoresTheSetting() {
        int before = Parallelism.threads();
        Parallelism.withThreads(before + 2, () -> assertEquals(before + 2, Parallelism.threads()));
        assertEquals(before, Parallelism.threads());
    }

    // ---------------------------------------------------------------- gemv

    @ParameterizedTest(name = "{0} trans={1}")
    @MethodSource("dtypesAndTrans")
    void gemvAgreesWithReferences(DT dt, boolean trans) {
        SplittableRandom rnd = new SplittableRandom(13);
        int[] sizes = concat(awkwardSizes(dt), 97, 1000);
        double[][] ab = {{1.5, 0.5}, {1, 0}, {0, -1}, {-0.5, 0}};
        for (int m : sizes) {
            for (int n : sizes) {
                double[] v = ab[(m + n) % ab.length];
                checkGemv(dt, trans, m, n, v[0], v[1], rnd);
            }
        }
    }

    static Stream<Arguments> dtypesAndTrans() {
        return Stream.of(Arguments.of(DT.F32, false), Arguments.of(DT.F32, true),
                Arguments.of(DT.F64, false), Arguments.of(DT.F64, true));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gemvBetaZeroIgnoresNaNInY(boolean trans) {
        int m = 11, n = 37;
        double[] a = random(DT.F64, m * n, new SplittableRandom(1));
        double[] x = random(DT.F64, trans ? m : n, new SplittableRandom(2));
        for (DT dt : DT.values()) {
            for (boolean simd : new boolean[] {false, true}) {
                double[] y = new double[trans ? n : m];
                Arrays.fill(y, Double.NaN);
                double[] got = gemv(dt, simd, trans, m, n, 1.0, a, x, 0.0, y);
                for (double v : got) {
                    assertTrue(Double.isFinite(v), dt + (simd ? " simd" : " scalar"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- checking

    /** Runs p on every implementation (all paths if allPaths) and checks each against the naive loop. */
    private static void check(DT dt, Problem p, SplittableRandom rnd, boolean allPaths) {
        double[] a = random(dt, p.aRows() * p.lda(), rnd);
        double[] b = random(dt, p.bRows() * p.ldb(), rnd);
        double[] c = random(dt, p.m() * p.ldc(), rnd);
        double[] exact = new double[c.length];
        double[] bound = new double[c.length];
        double eps = dt == DT.F32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        double tiny = dt == DT.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                double s = 0, mag = 0;
                for (int q = 0; q < p.k(); q++) {
                    double prod = p.a(a, i, q) * p.b(b, q, j);
                    s += prod;
                    mag += Math.abs(prod);
                }
                int ij = i * p.ldc() + j;
                double old = p.beta() == 0 ? 0 : p.beta() * c[ij];
                exact[ij] = p.alpha() * s + old;
                bound[ij] = (p.k() + 3) * eps * (Math.abs(p.alpha()) * mag + Math.abs(old)) + tiny;
            }
        }
        double[] scalar = run(dt, Impl.SCALAR, p, a, b, c);
        for (Impl impl : allPaths ? Impl.values() : new Impl[] {Impl.SCALAR, Impl.SIMD}) {
            double[] got = impl == Impl.SCALAR ? scalar : run(dt, impl, p, a, b, c);
            for (int i = 0; i < p.m(); i++) {
                for (int j = 0; j < p.ldc(); j++) {
                    int ij = i * p.ldc() + j;
                    if (j >= p.n()) {
                        if (Double.doubleToRawLongBits(got[ij]) != Double.doubleToRawLongBits(c[ij])) {
                            fail(dt + " " + impl + " wrote outside C at (" + i + ", " + j + ") " + p);
                        }
                        continue;
                    }
                    if (!(Math.abs(got[ij] - exact[ij]) <= bound[ij])) {
                        fail(dt + " " + impl + " at (" + i + ", " + j + "): got " + got[ij] + ", exact " + exact[ij]
                                + ", bound " + bound[ij] + " " + p);
                    }
                    if (impl != Impl.SCALAR && !(Math.abs(got[ij] - scalar[ij]) <= bound[ij])) {
                        fail(dt + " " + impl + " vs scalar at (" + i + ", " + j + "): " + got[ij] + " vs "
                                + scalar[ij] + " " + p);
                    }
                }
            }
        }
    }

    /** Runs one implementation on copies of the inputs, in the dtype, and returns C widened. */
    private static double[] run(DT dt, Impl impl, Problem p, double[] a, double[] b, double[] c) {
        boolean ta = p.ta(), tb = p.tb();
        int m = p.m(), n = p.n(), k = p.k(), lda = p.lda(), ldb = p.ldb(), ldc = p.ldc();
        if (dt == DT.F64) {
            double[] cc = c.clone();
            double al = p.alpha(), be = p.beta();
            switch (impl) {
                case SCALAR -> ScalarDoubleKernels.INSTANCE.gemm(ta, tb, m, n, k, al, a.clone(), lda, b.clone(), ldb, be, cc, ldc);
                case SIMD -> SimdDoubleGemm.gemm(ta, tb, m, n, k, al, a.clone(), lda, b.clone(), ldb, be, cc, ldc);
                case SIMD_DIRECT_NARROW -> SimdDoubleGemm.gemm(GemmPlan.Path.DIRECT, GemmPlan.Tile.NARROW, ta, tb,
                        m, n, k, al, a.clone(), lda, b.clone(), ldb, be, cc, ldc);
                case SIMD_DIRECT_WIDE -> SimdDoubleGemm.gemm(GemmPlan.Path.DIRECT, GemmPlan.Tile.WIDE, ta, tb,
                        m, n, k, al, a.clone(), lda, b.clone(), ldb, be, cc, ldc);
                case SIMD_BLOCKED_NARROW -> SimdDoubleGemm.gemm(GemmPlan.Path.BLOCKED, GemmPlan.Tile.NARROW, ta, tb,
                        m, n, k, al, a.clone(), lda, b.clone(), ldb, be, cc, ldc);
                case SIMD_BLOCKED_WIDE -> SimdDoubleGemm.gemm(GemmPlan.Path.BLOCKED, GemmPlan.Tile.WIDE, ta, tb,
                        m, n, k, al, a.clone(), lda, b.clone(), ldb, be, cc, ldc);
            }
            return cc;
        }
        float[] af = toFloat(a), bf = toFloat(b), cf = toFloat(c);
        float al = (float) p.alpha(), be = (float) p.beta();
        switch (impl) {
            case SCALAR -> ScalarFloatKernels.INSTANCE.gemm(ta, tb, m, n, k, al, af, lda, bf, ldb, be, cf, ldc);
            case SIMD -> SimdFloatGemm.gemm(ta, tb, m, n, k, al, af, lda, bf, ldb, be, cf, ldc);
            case SIMD_DIRECT_NARROW -> SimdFloatGemm.gemm(GemmPlan.Path.DIRECT, GemmPlan.Tile.NARROW, ta, tb,
                    m, n, k, al, af, lda, bf, ldb, be, cf, ldc);
            case SIMD_DIRECT_WIDE -> SimdFloatGemm.gemm(GemmPlan.Path.DIRECT, GemmPlan.Tile.WIDE, ta, tb,
                    m, n, k, al, af, lda, bf, ldb, be, cf, ldc);
            case SIMD_BLOCKED_NARROW -> SimdFloatGemm.gemm(GemmPlan.Path.BLOCKED, GemmPlan.Tile.NARROW, ta, tb,
                    m, n, k, al, af, lda, bf, ldb, be, cf, ldc);
            case SIMD_BLOCKED_WIDE -> SimdFloatGemm.gemm(GemmPlan.Path.BLOCKED, GemmPlan.Tile.WIDE, ta, tb,
                    m, n, k, al, af, lda, bf, ldb, be, cf, ldc);
        }
        return toDouble(cf);
    }

    private static void checkGemv(DT dt, boolean trans, int m, int n, double alpha, double beta, SplittableRandom rnd) {
        double[] a = random(dt, m * n, rnd);
        double[] x = random(dt, trans ? m : n, rnd);
        double[] y = random(dt, trans ? n : m, rnd);
        double eps = dt == DT.F32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        double tiny = dt == DT.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
        int inner = trans ? m : n;
        double[] scalar = gemv(dt, false, trans, m, n, alpha, a, x, beta, y);
        double[] simd = gemv(dt, true, trans, m, n, alpha, a, x, beta, y);
        for (int i = 0; i < y.length; i++) {
            double s = 0, mag = 0;
            for (int q = 0; q < inner; q++) {
                double prod = (trans ? a[q * n + i] : a[i * n + q]) * x[q];
                s += prod;
                mag += Math.abs(prod);
            }
            double old = beta == 0 ? 0 : beta * y[i];
            double exact = alpha * s + old;
            double bound = (inner + 3) * eps * (Math.abs(alpha) * mag + Math.abs(old)) + tiny;
            String where = dt + " trans=" + trans + " " + m + "x" + n + " alpha=" + alpha + " beta=" + beta + " at " + i;
            assertTrue(Math.abs(scalar[i] - exact) <= bound, "scalar " + where + ": " + scalar[i] + " vs " + exact);
            assertTrue(Math.abs(simd[i] - exact) <= bound, "simd " + where + ": " + simd[i] + " vs " + exact);
            assertTrue(Math.abs(simd[i] - scalar[i]) <= bound, "simd vs scalar " + where);
        }
    }

    private static double[] gemv(DT dt, boolean simd, boolean trans, int m, int n, double alpha,
                                 double[] a, double[] x, double beta, double[] y) {
        if (dt == DT.F64) {
            double[] yy = y.clone();
            if (simd) {
                SimdDoubleGemm.gemv(trans, m, n, alpha, a.clone(), x.clone(), beta, yy);
            } else {
                ScalarDoubleKernels.INSTANCE.gemv(trans, m, n, alpha, a.clone(), x.clone(), beta, yy);
            }
            return yy;
        }
        float[] yy = toFloat(y);
        if (simd) {
            SimdFloatGemm.gemv(trans, m, n, (float) alpha, toFloat(a), toFloat(x), (float) beta, yy);
        } else {
            ScalarFloatKernels.INSTANCE.gemv(trans, m, n, (float) alpha, toFloat(a), toFloat(x), (float) beta, yy);
        }
        return toDouble(yy);
    }

    // ---------------------------------------------------------------- data

    /** Uniform in [-1, 1), exactly representable in the dtype. */
    private static double[] random(DT dt, int size, SplittableRandom rnd) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            double d = rnd.nextDouble(-1, 1);
            v[i] = dt == DT.F32 ? (float) d : d;
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static int[] concat(int[] a, int... more) {
        int[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
