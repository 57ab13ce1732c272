package io.nnlab.tensor.kernels;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM and GEMV on the Vector API, both dtypes; {@link ScalarGemm} is the specification.
 *
 * <p>Two paths, chosen from the shape alone:
 * <ul>
 *   <li><b>blocked</b> (the classic Goto / BLIS structure): C is cut into NC-column and MC-row
 *       blocks and k into KC-deep slices; for each slice a KC x NC block of op(B) and an MC x KC
 *       block of op(A) are packed into per-thread buffers (the packing absorbs the transposes)
 *       and a 6-row x 2-vector FMA micro-kernel sweeps them, its accumulators in registers.</li>
 *   <li><b>direct</b>, for small problems (the MNIST batch shapes and below), where packing would
 *       cost more than it saves: 4-row x 2-vector tiles read A and B in place.</li>
 * </ul>
 *
 * <p>Large problems split C (never k) into tiles across {@link Parallelism}'s pool. Every
 * element's reduction runs over k in an order fixed by the shape, so results are bit-identical
 * whatever the thread count. Against the scalar reference they differ by rounding only (FMA,
 * and per-KC-slice partial sums added into C).
 */
public final class SimdGemm {

    private SimdGemm() {
    }

    // ---------------------------------------------------------------- entry points

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        F32.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        F64.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public static void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
        F32.gemv(trans, m, n, alpha, a, x, beta, y);
    }

    public static void gemv(boolean trans, int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        F64.gemv(trans, m, n, alpha, a, x, beta, y);
    }

    // ---------------------------------------------------------------- shared planning

    /** Below this many multiply-adds the direct path wins: packing is not repaid. */
    static final long DIRECT_MAX_WORK = 1L << 18;
    /** Fewer rows than this reuse each packed panel of B too few times to repay packing it. */
    static final int DIRECT_MAX_ROWS = 48;
    /** A task gets at least this many multiply-adds, so forking costs under a few percent. */
    static final long MIN_TASK_WORK = 1L << 19;

    /** Whether the direct path takes this shape. A function of the shape alone, never of threads. */
    static boolean isSmall(int m, int n, int k) {
        return (long) m * n * k <= DIRECT_MAX_WORK || m < DIRECT_MAX_ROWS;
    }

    /** Rows [i0, i1) x columns [j0, j1) of C. */
    @FunctionalInterface
    interface Region {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Cuts C (m x n) into a grid of regions on multiples of rowUnit / colUnit, one per available
     * thread when the work is large enough, and runs them. The grid minimises the largest region.
     */
    static void split(int m, int n, int k, int rowUnit, int colUnit, Region region) {
        long work = (long) m * n * k;
        int tasks = (int) Math.min(Parallelism.threads(), Math.max(1, work / MIN_TASK_WORK));
        int mu = (m + rowUnit - 1) / rowUnit;
        int nu = (n + colUnit - 1) / colUnit;
        int bestM = 1, bestN = 1;
        long bestCost = Long.MAX_VALUE;
        for (; tasks > 1 && bestCost == Long.MAX_VALUE; tasks--) {
            for (int tm = tasks; tm >= 1; tm--) {
                int tn = tasks / tm;
                if (tm * tn != tasks || tm > mu || tn > nu) {
                    continue;
                }
                long cost = (long) ceilDiv(mu, tm) * rowUnit * ((long) ceilDiv(nu, tn) * colUnit);
                if (cost < bestCost) {  // ties keep the larger tm: whole rows of C per task
                    bestCost = cost;
                    bestM = tm;
                    bestN = tn;
                }
            }
        }
        if (bestM * bestN == 1) {
            region.run(0, m, 0, n);
            return;
        }
        int tm = bestM, tn = bestN;
        Parallelism.forEach(tm * tn, t -> {
            int ti = t / tn, tj = t % tn;
            int i0 = (int) ((long) mu * ti / tm) * rowUnit;
            int i1 = Math.min(m, (int) ((long) mu * (ti + 1) / tm) * rowUnit);
            int j0 = (int) ((long) nu * tj / tn) * colUnit;
            int j1 = Math.min(n, (int) ((long) nu * (tj + 1) / tn) * colUnit);
            region.run(i0, i1, j0, j1);
        });
    }

    /** The KC-slice depth actually used: slices as equal as possible, from k alone. */
    static int kcStep(int k, int kcMax) {
        int slices = ceilDiv(k, kcMax);
        return ceilDiv(k, slices);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }

    /** float32 on {@link FloatVector}; {@link F64} is the same code on {@link DoubleVector}, line for line. */
    static final class F32 {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        /** Register tile: MR rows x NR columns, NR = two vectors (12 accumulators + 2 B + 1 A = 15 of 16 AVX2 registers). */
        static final int MR = 6;
        static final int NR = 2 * L;
        /** Depth of a packed panel: one kc x NR micro-panel of B (16 KiB) stays in L1 while A panels stream past. */
        static final int KC = 256;
        /** Rows of packed A (MC x KC, about 150 KiB) kept in L2 for the sweep over B's panels. */
        static final int MC = Math.max(MR, (150 * 1024 / (KC * Float.BYTES)) / MR * MR);
        /** Columns of packed B (KC x NC) kept in L3. */
        static final int NC = (4096 / NR) * NR;

        private F32() {
        }

        /** Per-thread packing buffers: grown on demand, then reused, so warm calls allocate nothing. */
        private static final class Buffers {
            float[] a = new float[0];
            float[] b = new float[0];
            float[] edge = new float[MR * NR];

            float[] a(int size) {
                if (a.length < size) {
                    a = new float[size];
                }
                return a;
            }

            float[] b(int size) {
                if (b.length < size) {
                    b = new float[size];
                }
                return b;
            }
        }

        private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

        // ------------------------------------------------------------ entry

        static void gemm(boolean transA, boolean transB, int m, int n, int k,
                         float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
            if (m == 0 || n == 0) {
                return;
            }
            if (alpha == 0 || k == 0) {
                scale(c, ldc, 0, m, 0, n, beta);
                return;
            }
            if (isSmall(m, n, k)) {
                direct(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            } else {
                blocked(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            }
        }

        /** C = beta * C on a region; beta == 0 writes zeros so old NaNs vanish. */
        private static void scale(float[] c, int ldc, int i0, int i1, int j0, int j1, float beta) {
            if (beta == 1) {
                return;
            }
            for (int i = i0; i < i1; i++) {
                int row = i * ldc;
                if (beta == 0) {
                    Arrays.fill(c, row + j0, row + j1, 0f);
                } else {
                    for (int j = row + j0; j < row + j1; j++) {
                        c[j] = beta * c[j];
                    }
                }
            }
        }

        // ------------------------------------------------------------ blocked path

        static void blocked(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
            split(m, n, k, MR, NR, (i0, i1, j0, j1) ->
                    blockedRegion(transA, transB, i0, i1, j0, j1, k, alpha, a, lda, b, ldb, beta, c, ldc));
        }

        /**
         * Rows [i0, i1) x columns [j0, j1) of C, the whole k reduction. The k blocks depend on k
         * alone and each block adds into C in order, so how C is split never changes a result.
         */
        private static void blockedRegion(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                          float alpha, float[] a, int lda, float[] b, int ldb,
                                          float beta, float[] c, int ldc) {
            scale(c, ldc, i0, i1, j0, j1, beta);
            Buffers buf = BUFFERS.get();
            int kcStep = kcStep(k, KC);
            float[] ap = buf.a(roundUp(Math.min(MC, i1 - i0), MR) * kcStep);
            float[] bp = buf.b(roundUp(Math.min(NC, j1 - j0), NR) * kcStep);
            float[] edge = buf.edge;
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += kcStep) {
                    int kc = Math.min(kcStep, k - pc);
                    packB(transB, b, ldb, pc, kc, jc, nc, bp);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        packA(transA, a, lda, ic, mc, pc, kc, ap);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            for (int ir = 0; ir < mc; ir += MR) {
                                int mr = Math.min(MR, mc - ir);
                                tile(ap, ir * kc, bp, jr * kc, kc, alpha, c, (ic + ir) * ldc + jc + jr, ldc, mr, nr, edge);
                            }
                        }
                    }
                }
            }
        }

        /**
         * A(i0 .. i0+mc, p0 .. p0+kc) into MR-row panels, each stored column by column
         * (element (r, p) of a panel at p * MR + r); rows past mc are zero.
         */
        private static void packA(boolean transA, float[] a, int lda, int i0, int mc, int p0, int kc, float[] dst) {
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int d = ir * kc;
                if (transA) {
                    // op(A)(i, p) = a[p * lda + i]: the MR values for one p are adjacent.
                    for (int p = 0; p < kc; p++) {
                        int src = (p0 + p) * lda + i0 + ir;
                        int dp = d + p * MR;
                        for (int r = 0; r < mr; r++) {
                            dst[dp + r] = a[src + r];
                        }
                        for (int r = mr; r < MR; r++) {
                            dst[dp + r] = 0;
                        }
                    }
                } else if (mr == MR) {
                    int s0 = (i0 + ir) * lda + p0;
                    int s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
                    for (int p = 0; p < kc; p++) {
                        int dp = d + p * MR;
                        dst[dp] = a[s0 + p];
                        dst[dp + 1] = a[s1 + p];
                        dst[dp + 2] = a[s2 + p];
                        dst[dp + 3] = a[s3 + p];
                        dst[dp + 4] = a[s4 + p];
                        dst[dp + 5] = a[s5 + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int dp = d + p * MR;
                        for (int r = 0; r < mr; r++) {
                            dst[dp + r] = a[(i0 + ir + r) * lda + p0 + p];
                        }
                        for (int r = mr; r < MR; r++) {
                            dst[dp + r] = 0;
                        }
                    }
                }
            }
        }

        /**
         * op(B)(p0 .. p0+kc, j0 .. j0+nc) into NR-column panels, each stored row by row
         * (element (p, j) of a panel at p * NR + j); columns past nc are zero.
         */
        private static void packB(boolean transB, float[] b, int ldb, int p0, int kc, int j0, int nc, float[] dst) {
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int d = jr * kc;
                if (transB) {
                    // op(B)(p, j) = b[j * ldb + p]: read each row of B once, write a column of the panel.
                    for (int j = 0; j < nr; j++) {
                        int src = (j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + j] = b[src + p];
                        }
                    }
                    for (int j = nr; j < NR; j++) {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + j] = 0;
                        }
                    }
                } else if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int src = (p0 + p) * ldb + j0 + jr;
                        int dp = d + p * NR;
                        FloatVector.fromArray(S, b, src).intoArray(dst, dp);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, dp + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int src = (p0 + p) * ldb + j0 + jr;
                        int dp = d + p * NR;
                        for (int j = 0; j < nr; j++) {
                            dst[dp + j] = b[src + j];
                        }
                        for (int j = nr; j < NR; j++) {
                            dst[dp + j] = 0;
                        }
                    }
                }
            }
        }

        /**
         * The micro-kernel: C(MR x NR tile) += alpha * Apanel * Bpanel over kc, twelve accumulators
         * held in registers. Partial tiles (mr < MR or nr < NR) run the same arithmetic on the
         * zero-padded panels and write back through a scratch tile with the same fma.
         */
        static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc, float alpha,
                                 float[] c, int cOff, int ldc, int mr, int nr, float[] edge) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
            FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
            for (int p = 0; p < kc; p++) {
                int ai = aOff + p * MR;
                int bi = bOff + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector ar = FloatVector.broadcast(S, ap[ai]);
                c00 = ar.fma(b0, c00);
                c01 = ar.fma(b1, c01);
                ar = FloatVector.broadcast(S, ap[ai + 1]);
                c10 = ar.fma(b0, c10);
                c11 = ar.fma(b1, c11);
                ar = FloatVector.broadcast(S, ap[ai + 2]);
                c20 = ar.fma(b0, c20);
                c21 = ar.fma(b1, c21);
                ar = FloatVector.broadcast(S, ap[ai + 3]);
                c30 = ar.fma(b0, c30);
                c31 = ar.fma(b1, c31);
                ar = FloatVector.broadcast(S, ap[ai + 4]);
                c40 = ar.fma(b0, c40);
                c41 = ar.fma(b1, c41);
                ar = FloatVector.broadcast(S, ap[ai + 5]);
                c50 = ar.fma(b0, c50);
                c51 = ar.fma(b1, c51);
            }
            FloatVector va = FloatVector.broadcast(S, alpha);
            if (mr == MR && nr == NR) {
                addTo(c00, va, c, cOff);
                addTo(c01, va, c, cOff + L);
                addTo(c10, va, c, cOff += ldc);
                addTo(c11, va, c, cOff + L);
                addTo(c20, va, c, cOff += ldc);
                addTo(c21, va, c, cOff + L);
                addTo(c30, va, c, cOff += ldc);
                addTo(c31, va, c, cOff + L);
                addTo(c40, va, c, cOff += ldc);
                addTo(c41, va, c, cOff + L);
                addTo(c50, va, c, cOff += ldc);
                addTo(c51, va, c, cOff + L);
                return;
            }
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
            c50.intoArray(edge, 5 * NR);
            c51.intoArray(edge, 5 * NR + L);
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    int ij = cOff + r * ldc + j;
                    c[ij] = Math.fma(edge[r * NR + j], alpha, c[ij]);  // lane for lane what addTo does
                }
            }
        }

        /** C += alpha * acc, one rounding. */
        private static void addTo(FloatVector acc, FloatVector alpha, float[] c, int off) {
            acc.fma(alpha, FloatVector.fromArray(S, c, off)).intoArray(c, off);
        }

        // ------------------------------------------------------------ direct path

        /**
         * Small problems: no packing of A, B read in place (transposed once into a scratch copy
         * when transB, so rows of op(B) are contiguous), 4 x 2-vector register tiles, masked
         * vectors for the last columns. Every element is one fma chain over p = 0 … k-1 from
         * zero, whichever tile computes it.
         */
        static void direct(boolean transA, boolean transB, int m, int n, int k,
                           float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
            float[] bb = b;
            int ldbb = ldb;
            if (transB) {
                bb = BUFFERS.get().b(k * n);
                transpose(b, ldb, n, k, bb);
                ldbb = n;
            }
            // A(i, p) lives at a[i * sa + p * sp].
            int sa = transA ? 1 : lda;
            int sp = transA ? lda : 1;
            float[] bf = bb;
            int ldbf = ldbb;
            split(m, n, k, 4, 2 * L, (i0, i1, j0, j1) ->
                    directRegion(a, sa, sp, bf, ldbf, k, alpha, beta, c, ldc, i0, i1, j0, j1));
        }

        /** dst (k x n, row-major) = the transpose of src (n x k, leading dimension ld). */
        private static void transpose(float[] src, int ld, int n, int k, float[] dst) {
            for (int j = 0; j < n; j++) {
                int s = j * ld;
                for (int p = 0; p < k; p++) {
                    dst[p * n + j] = src[s + p];
                }
            }
        }

        private static void directRegion(float[] a, int sa, int sp, float[] b, int ldb, int k,
                                         float alpha, float beta, float[] c, int ldc,
                                         int i0, int i1, int j0, int j1) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int j = j0;
                for (; j + 2 * L <= j1; j += 2 * L) {
                    direct4x2(a, i * sa, sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j, ldc);
                }
                for (; j < j1; j += L) {
                    direct4x1(a, i * sa, sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j, ldc, S.indexInRange(j, j1));
                }
            }
            for (; i < i1; i++) {
                int j = j0;
                for (; j + 2 * L <= j1; j += 2 * L) {
                    direct1x2(a, i * sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j);
                }
                for (; j < j1; j += L) {
                    direct1x1(a, i * sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j, S.indexInRange(j, j1));
                }
            }
        }

        private static void direct4x2(float[] a, int aOff, int sa, int sp, float[] b, int bOff, int ldb, int k,
                                      FloatVector va, float beta, float[] c, int cOff, int ldc) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            int a1 = aOff + sa, a2 = a1 + sa, a3 = a2 + sa;
            for (int p = 0; p < k; p++) {
                int bi = bOff + p * ldb;
                int ap = p * sp;
                FloatVector b0 = FloatVector.fromArray(S, b, bi);
                FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
                FloatVector ar = FloatVector.broadcast(S, a[aOff + ap]);
                c00 = ar.fma(b0, c00);
                c01 = ar.fma(b1, c01);
                ar = FloatVector.broadcast(S, a[a1 + ap]);
                c10 = ar.fma(b0, c10);
                c11 = ar.fma(b1, c11);
                ar = FloatVector.broadcast(S, a[a2 + ap]);
                c20 = ar.fma(b0, c20);
                c21 = ar.fma(b1, c21);
                ar = FloatVector.broadcast(S, a[a3 + ap]);
                c30 = ar.fma(b0, c30);
                c31 = ar.fma(b1, c31);
            }
            store(c00, va, beta, c, cOff);
            store(c01, va, beta, c, cOff + L);
            store(c10, va, beta, c, cOff += ldc);
            store(c11, va, beta, c, cOff + L);
            store(c20, va, beta, c, cOff += ldc);
            store(c21, va, beta, c, cOff + L);
            store(c30, va, beta, c, cOff += ldc);
            store(c31, va, beta, c, cOff + L);
        }

        private static void direct4x1(float[] a, int aOff, int sa, int sp, float[] b, int bOff, int ldb, int k,
                                      FloatVector va, float beta, float[] c, int cOff, int ldc, VectorMask<Float> mask) {
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
            FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
            int a1 = aOff + sa, a2 = a1 + sa, a3 = a2 + sa;
            for (int p = 0; p < k; p++) {
                int ap = p * sp;
                FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * ldb, mask);
                c0 = FloatVector.broadcast(S, a[aOff + ap]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
            }
            store(c0, va, beta, c, cOff, mask);
            store(c1, va, beta, c, cOff += ldc, mask);
            store(c2, va, beta, c, cOff += ldc, mask);
            store(c3, va, beta, c, cOff += ldc, mask);
        }

        private static void direct1x2(float[] a, int aOff, int sp, float[] b, int bOff, int ldb, int k,
                                      FloatVector va, float beta, float[] c, int cOff) {
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                int bi = bOff + p * ldb;
                FloatVector ar = FloatVector.broadcast(S, a[aOff + p * sp]);
                c0 = ar.fma(FloatVector.fromArray(S, b, bi), c0);
                c1 = ar.fma(FloatVector.fromArray(S, b, bi + L), c1);
            }
            store(c0, va, beta, c, cOff);
            store(c1, va, beta, c, cOff + L);
        }

        private static void direct1x1(float[] a, int aOff, int sp, float[] b, int bOff, int ldb, int k,
                                      FloatVector va, float beta, float[] c, int cOff, VectorMask<Float> mask) {
            FloatVector c0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                c0 = FloatVector.broadcast(S, a[aOff + p * sp]).fma(FloatVector.fromArray(S, b, bOff + p * ldb, mask), c0);
            }
            store(c0, va, beta, c, cOff, mask);
        }

        /** C = alpha * acc + beta * C, or alpha * acc when beta == 0 (old C unread). */
        private static void store(FloatVector acc, FloatVector va, float beta, float[] c, int off) {
            if (beta == 0) {
                acc.mul(va).intoArray(c, off);
            } else {
                acc.fma(va, FloatVector.fromArray(S, c, off).mul(beta)).intoArray(c, off);
            }
        }

        private static void store(FloatVector acc, FloatVector va, float beta, float[] c, int off, VectorMask<Float> mask) {
            if (beta == 0) {
                acc.mul(va).intoArray(c, off, mask);
            } else {
                acc.fma(va, FloatVector.fromArray(S, c, off, mask).mul(beta)).intoArray(c, off, mask);
            }
        }

        // ------------------------------------------------------------ gemv

        static void gemv(boolean trans, int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
            int rows = trans ? n : m;
            int inner = trans ? m : n;
            if (alpha == 0 || inner == 0) {
                scale(y, 0, 0, 1, 0, rows, beta);
            } else if (trans) {
                gemvT(m, n, alpha, a, x, beta, y);
            } else {
                gemvN(m, n, alpha, a, x, beta, y);
            }
        }

        /** y = alpha * A x + beta * y: a vector dot product per row, four rows sharing each load of x. */
        private static void gemvN(int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
            int nv = S.loopBound(n);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
                FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
                for (int p = 0; p < nv; p += L) {
                    FloatVector xv = FloatVector.fromArray(S, x, p);
                    s0 = FloatVector.fromArray(S, a, r0 + p).fma(xv, s0);
                    s1 = FloatVector.fromArray(S, a, r1 + p).fma(xv, s1);
                    s2 = FloatVector.fromArray(S, a, r2 + p).fma(xv, s2);
                    s3 = FloatVector.fromArray(S, a, r3 + p).fma(xv, s3);
                }
                float d0 = s0.reduceLanes(VectorOperators.ADD), d1 = s1.reduceLanes(VectorOperators.ADD);
                float d2 = s2.reduceLanes(VectorOperators.ADD), d3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = nv; p < n; p++) {
                    float xp = x[p];
                    d0 = Math.fma(a[r0 + p], xp, d0);
                    d1 = Math.fma(a[r1 + p], xp, d1);
                    d2 = Math.fma(a[r2 + p], xp, d2);
                    d3 = Math.fma(a[r3 + p], xp, d3);
                }
                y[i] = combine(d0, alpha, beta, y[i]);
                y[i + 1] = combine(d1, alpha, beta, y[i + 1]);
                y[i + 2] = combine(d2, alpha, beta, y[i + 2]);
                y[i + 3] = combine(d3, alpha, beta, y[i + 3]);
            }
            for (; i < m; i++) {
                int r = i * n;
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0; p < nv; p += L) {
                    s0 = FloatVector.fromArray(S, a, r + p).fma(FloatVector.fromArray(S, x, p), s0);
                }
                float d = s0.reduceLanes(VectorOperators.ADD);
                for (int p = nv; p < n; p++) {
                    d = Math.fma(a[r + p], x[p], d);
                }
                y[i] = combine(d, alpha, beta, y[i]);
            }
        }

        private static float combine(float s, float alpha, float beta, float y) {
            return beta == 0 ? alpha * s : Math.fma(alpha, s, beta * y);
        }

        /**
         * y = alpha * A^T x + beta * y: axpy-style over the rows of A into a strip of vector
         * accumulators, so A is read row by row.
         */
        private static void gemvT(int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
                for (int i = 0; i < m; i++) {
                    FloatVector xi = FloatVector.broadcast(S, x[i]);
                    int r = i * n + j;
                    s0 = FloatVector.fromArray(S, a, r).fma(xi, s0);
                    s1 = FloatVector.fromArray(S, a, r + L).fma(xi, s1);
                    s2 = FloatVector.fromArray(S, a, r + 2 * L).fma(xi, s2);
                    s3 = FloatVector.fromArray(S, a, r + 3 * L).fma(xi, s3);
                }
                store(s0, va, beta, y, j);
                store(s1, va, beta, y, j + L);
                store(s2, va, beta, y, j + 2 * L);
                store(s3, va, beta, y, j + 3 * L);
            }
            for (; j < n; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                FloatVector s0 = FloatVector.zero(S);
                for (int i = 0; i < m; i++) {
                    s0 = FloatVector.fromArray(S, a, i * n + j, mask).fma(FloatVector.broadcast(S, x[i]), s0);
                }
                store(s0, va, beta, y, j, mask);
            }
        }
    }

    /** float64: the code of {@link F32}, line for line, on {@link DoubleVector}. */
    static final class F64 {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        /** Register tile: MR rows x NR columns, NR = two vectors (as for float). */
        static final int MR = 6;
        static final int NR = 2 * L;
        /** Depth of a packed panel: one kc x NR micro-panel of B (16 KiB too: half the columns, twice the bytes) stays in L1 while A panels stream past. */
        static final int KC = 256;
        /** Rows of packed A (MC x KC, about 150 KiB) kept in L2 for the sweep over B's panels. */
        static final int MC = Math.max(MR, (150 * 1024 / (KC * Double.BYTES)) / MR * MR);
        /** Columns of packed B (KC x NC) kept in L3. */
        static final int NC = (4096 / NR) * NR;

        private F64() {
        }

        /** Per-thread packing buffers: grown on demand, then reused, so warm calls allocate nothing. */
        private static final class Buffers {
            double[] a = new double[0];
            double[] b = new double[0];
            double[] edge = new double[MR * NR];

            double[] a(int size) {
                if (a.length < size) {
                    a = new double[size];
                }
                return a;
            }

            double[] b(int size) {
                if (b.length < size) {
                    b = new double[size];
                }
                return b;
            }
        }

        private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

        // ------------------------------------------------------------ entry

        static void gemm(boolean transA, boolean transB, int m, int n, int k,
                         double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
            if (m == 0 || n == 0) {
                return;
            }
            if (alpha == 0 || k == 0) {
                scale(c, ldc, 0, m, 0, n, beta);
                return;
            }
            if (isSmall(m, n, k)) {
                direct(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            } else {
                blocked(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            }
        }

        /** C = beta * C on a region; beta == 0 writes zeros so old NaNs vanish. */
        private static void scale(double[] c, int ldc, int i0, int i1, int j0, int j1, double beta) {
            if (beta == 1) {
                return;
            }
            for (int i = i0; i < i1; i++) {
                int row = i * ldc;
                if (beta == 0) {
                    Arrays.fill(c, row + j0, row + j1, 0d);
                } else {
                    for (int j = row + j0; j < row + j1; j++) {
                        c[j] = beta * c[j];
                    }
                }
            }
        }

        // ------------------------------------------------------------ blocked path

        static void blocked(boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
            split(m, n, k, MR, NR, (i0, i1, j0, j1) ->
                    blockedRegion(transA, transB, i0, i1, j0, j1, k, alpha, a, lda, b, ldb, beta, c, ldc));
        }

        /**
         * Rows [i0, i1) x columns [j0, j1) of C, the whole k reduction. The k blocks depend on k
         * alone and each block adds into C in order, so how C is split never changes a result.
         */
        private static void blockedRegion(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                          double alpha, double[] a, int lda, double[] b, int ldb,
                                          double beta, double[] c, int ldc) {
            scale(c, ldc, i0, i1, j0, j1, beta);
            Buffers buf = BUFFERS.get();
            int kcStep = kcStep(k, KC);
            double[] ap = buf.a(roundUp(Math.min(MC, i1 - i0), MR) * kcStep);
            double[] bp = buf.b(roundUp(Math.min(NC, j1 - j0), NR) * kcStep);
            double[] edge = buf.edge;
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += kcStep) {
                    int kc = Math.min(kcStep, k - pc);
                    packB(transB, b, ldb, pc, kc, jc, nc, bp);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        packA(transA, a, lda, ic, mc, pc, kc, ap);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            for (int ir = 0; ir < mc; ir += MR) {
                                int mr = Math.min(MR, mc - ir);
                                tile(ap, ir * kc, bp, jr * kc, kc, alpha, c, (ic + ir) * ldc + jc + jr, ldc, mr, nr, edge);
                            }
                        }
                    }
                }
            }
        }

        /**
         * A(i0 .. i0+mc, p0 .. p0+kc) into MR-row panels, each stored column by column
         * (element (r, p) of a panel at p * MR + r); rows past mc are zero.
         */
        private static void packA(boolean transA, double[] a, int lda, int i0, int mc, int p0, int kc, double[] dst) {
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int d = ir * kc;
                if (transA) {
                    // op(A)(i, p) = a[p * lda + i]: the MR values for one p are adjacent.
                    for (int p = 0; p < kc; p++) {
                        int src = (p0 + p) * lda + i0 + ir;
                        int dp = d + p * MR;
                        for (int r = 0; r < mr; r++) {
                            dst[dp + r] = a[src + r];
                        }
                        for (int r = mr; r < MR; r++) {
                            dst[dp + r] = 0;
                        }
                    }
                } else if (mr == MR) {
                    int s0 = (i0 + ir) * lda + p0;
                    int s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
                    for (int p = 0; p < kc; p++) {
                        int dp = d + p * MR;
                        dst[dp] = a[s0 + p];
                        dst[dp + 1] = a[s1 + p];
                        dst[dp + 2] = a[s2 + p];
                        dst[dp + 3] = a[s3 + p];
                        dst[dp + 4] = a[s4 + p];
                        dst[dp + 5] = a[s5 + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int dp = d + p * MR;
                        for (int r = 0; r < mr; r++) {
                            dst[dp + r] = a[(i0 + ir + r) * lda + p0 + p];
                        }
                        for (int r = mr; r < MR; r++) {
                            dst[dp + r] = 0;
                        }
                    }
                }
            }
        }

        /**
         * op(B)(p0 .. p0+kc, j0 .. j0+nc) into NR-column panels, each stored row by row
         * (element (p, j) of a panel at p * NR + j); columns past nc are zero.
         */
        private static void packB(boolean transB, double[] b, int ldb, int p0, int kc, int j0, int nc, double[] dst) {
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int d = jr * kc;
                if (transB) {
                    // op(B)(p, j) = b[j * ldb + p]: read each row of B once, write a column of the panel.
                    for (int j = 0; j < nr; j++) {
                        int src = (j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + j] = b[src + p];
                        }
                    }
                    for (int j = nr; j < NR; j++) {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + j] = 0;
                        }
                    }
                } else if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int src = (p0 + p) * ldb + j0 + jr;
                        int dp = d + p * NR;
                        DoubleVector.fromArray(S, b, src).intoArray(dst, dp);
                        DoubleVector.fromArray(S, b, src + L).intoArray(dst, dp + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int src = (p0 + p) * ldb + j0 + jr;
                        int dp = d + p * NR;
                        for (int j = 0; j < nr; j++) {
                            dst[dp + j] = b[src + j];
                        }
                        for (int j = nr; j < NR; j++) {
                            dst[dp + j] = 0;
                        }
                    }
                }
            }
        }

        /**
         * The micro-kernel: C(MR x NR tile) += alpha * Apanel * Bpanel over kc, twelve accumulators
         * held in registers. Partial tiles (mr < MR or nr < NR) run the same arithmetic on the
         * zero-padded panels and write back through a scratch tile with the same fma.
         */
        static void tile(double[] ap, int aOff, double[] bp, int bOff, int kc, double alpha,
                                 double[] c, int cOff, int ldc, int mr, int nr, double[] edge) {
            DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
            DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
            DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
            DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
            DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
            DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
            for (int p = 0; p < kc; p++) {
                int ai = aOff + p * MR;
                int bi = bOff + p * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector ar = DoubleVector.broadcast(S, ap[ai]);
                c00 = ar.fma(b0, c00);
                c01 = ar.fma(b1, c01);
                ar = DoubleVector.broadcast(S, ap[ai + 1]);
                c10 = ar.fma(b0, c10);
                c11 = ar.fma(b1, c11);
                ar = DoubleVector.broadcast(S, ap[ai + 2]);
                c20 = ar.fma(b0, c20);
                c21 = ar.fma(b1, c21);
                ar = DoubleVector.broadcast(S, ap[ai + 3]);
                c30 = ar.fma(b0, c30);
                c31 = ar.fma(b1, c31);
                ar = DoubleVector.broadcast(S, ap[ai + 4]);
                c40 = ar.fma(b0, c40);
                c41 = ar.fma(b1, c41);
                ar = DoubleVector.broadcast(S, ap[ai + 5]);
                c50 = ar.fma(b0, c50);
                c51 = ar.fma(b1, c51);
            }
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            if (mr == MR && nr == NR) {
                addTo(c00, va, c, cOff);
                addTo(c01, va, c, cOff + L);
                addTo(c10, va, c, cOff += ldc);
                addTo(c11, va, c, cOff + L);
                addTo(c20, va, c, cOff += ldc);
                addTo(c21, va, c, cOff + L);
                addTo(c30, va, c, cOff += ldc);
                addTo(c31, va, c, cOff + L);
                addTo(c40, va, c, cOff += ldc);
                addTo(c41, va, c, cOff + L);
                addTo(c50, va, c, cOff += ldc);
                addTo(c51, va, c, cOff + L);
                return;
            }
            c00.intoArray(edge, 0);
            c01.intoArray(edge, L);
            c10.intoArray(edge, NR);
            c11.intoArray(edge, NR + L);
            c20.intoArray(edge, 2 * NR);
            c21.intoArray(edge, 2 * NR + L);
            c30.intoArray(edge, 3 * NR);
            c31.intoArray(edge, 3 * NR + L);
            c40.intoArray(edge, 4 * NR);
            c41.intoArray(edge, 4 * NR + L);
            c50.intoArray(edge, 5 * NR);
            c51.intoArray(edge, 5 * NR + L);
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    int ij = cOff + r * ldc + j;
                    c[ij] = Math.fma(edge[r * NR + j], alpha, c[ij]);  // lane for lane what addTo does
                }
            }
        }

        /** C += alpha * acc, one rounding. */
        private static void addTo(DoubleVector acc, DoubleVector alpha, double[] c, int off) {
            acc.fma(alpha, DoubleVector.fromArray(S, c, off)).intoArray(c, off);
        }

        // ------------------------------------------------------------ direct path

        /**
         * Small problems: no packing of A, B read in place (transposed once into a scratch copy
         * when transB, so rows of op(B) are contiguous), 4 x 2-vector register tiles, masked
         * vectors for the last columns. Every element is one fma chain over p = 0 … k-1 from
         * zero, whichever tile computes it.
         */
        static void direct(boolean transA, boolean transB, int m, int n, int k,
                           double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
            double[] bb = b;
            int ldbb = ldb;
            if (transB) {
                bb = BUFFERS.get().b(k * n);
                transpose(b, ldb, n, k, bb);
                ldbb = n;
            }
            // A(i, p) lives at a[i * sa + p * sp].
            int sa = transA ? 1 : lda;
            int sp = transA ? lda : 1;
            double[] bf = bb;
            int ldbf = ldbb;
            split(m, n, k, 4, 2 * L, (i0, i1, j0, j1) ->
                    directRegion(a, sa, sp, bf, ldbf, k, alpha, beta, c, ldc, i0, i1, j0, j1));
        }

        /** dst (k x n, row-major) = the transpose of src (n x k, leading dimension ld). */
        private static void transpose(double[] src, int ld, int n, int k, double[] dst) {
            for (int j = 0; j < n; j++) {
                int s = j * ld;
                for (int p = 0; p < k; p++) {
                    dst[p * n + j] = src[s + p];
                }
            }
        }

        private static void directRegion(double[] a, int sa, int sp, double[] b, int ldb, int k,
                                         double alpha, double beta, double[] c, int ldc,
                                         int i0, int i1, int j0, int j1) {
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int j = j0;
                for (; j + 2 * L <= j1; j += 2 * L) {
                    direct4x2(a, i * sa, sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j, ldc);
                }
                for (; j < j1; j += L) {
                    direct4x1(a, i * sa, sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j, ldc, S.indexInRange(j, j1));
                }
            }
            for (; i < i1; i++) {
                int j = j0;
                for (; j + 2 * L <= j1; j += 2 * L) {
                    direct1x2(a, i * sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j);
                }
                for (; j < j1; j += L) {
                    direct1x1(a, i * sa, sp, b, j, ldb, k, va, beta, c, i * ldc + j, S.indexInRange(j, j1));
                }
            }
        }

        private static void direct4x2(double[] a, int aOff, int sa, int sp, double[] b, int bOff, int ldb, int k,
                                      DoubleVector va, double beta, double[] c, int cOff, int ldc) {
            DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
            DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
            DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
            DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
            int a1 = aOff + sa, a2 = a1 + sa, a3 = a2 + sa;
            for (int p = 0; p < k; p++) {
                int bi = bOff + p * ldb;
                int ap = p * sp;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
                DoubleVector ar = DoubleVector.broadcast(S, a[aOff + ap]);
                c00 = ar.fma(b0, c00);
                c01 = ar.fma(b1, c01);
                ar = DoubleVector.broadcast(S, a[a1 + ap]);
                c10 = ar.fma(b0, c10);
                c11 = ar.fma(b1, c11);
                ar = DoubleVector.broadcast(S, a[a2 + ap]);
                c20 = ar.fma(b0, c20);
                c21 = ar.fma(b1, c21);
                ar = DoubleVector.broadcast(S, a[a3 + ap]);
                c30 = ar.fma(b0, c30);
                c31 = ar.fma(b1, c31);
            }
            store(c00, va, beta, c, cOff);
            store(c01, va, beta, c, cOff + L);
            store(c10, va, beta, c, cOff += ldc);
            store(c11, va, beta, c, cOff + L);
            store(c20, va, beta, c, cOff += ldc);
            store(c21, va, beta, c, cOff + L);
            store(c30, va, beta, c, cOff += ldc);
            store(c31, va, beta, c, cOff + L);
        }

        private static void direct4x1(double[] a, int aOff, int sa, int sp, double[] b, int bOff, int ldb, int k,
                                      DoubleVector va, double beta, double[] c, int cOff, int ldc, VectorMask<Double> mask) {
            DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S);
            DoubleVector c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
            int a1 = aOff + sa, a2 = a1 + sa, a3 = a2 + sa;
            for (int p = 0; p < k; p++) {
                int ap = p * sp;
                DoubleVector b0 = DoubleVector.fromArray(S, b, bOff + p * ldb, mask);
                c0 = DoubleVector.broadcast(S, a[aOff + ap]).fma(b0, c0);
                c1 = DoubleVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
                c2 = DoubleVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
                c3 = DoubleVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
            }
            store(c0, va, beta, c, cOff, mask);
            store(c1, va, beta, c, cOff += ldc, mask);
            store(c2, va, beta, c, cOff += ldc, mask);
            store(c3, va, beta, c, cOff += ldc, mask);
        }

        private static void direct1x2(double[] a, int aOff, int sp, double[] b, int bOff, int ldb, int k,
                                      DoubleVector va, double beta, double[] c, int cOff) {
            DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                int bi = bOff + p * ldb;
                DoubleVector ar = DoubleVector.broadcast(S, a[aOff + p * sp]);
                c0 = ar.fma(DoubleVector.fromArray(S, b, bi), c0);
                c1 = ar.fma(DoubleVector.fromArray(S, b, bi + L), c1);
            }
            store(c0, va, beta, c, cOff);
            store(c1, va, beta, c, cOff + L);
        }

        private static void direct1x1(double[] a, int aOff, int sp, double[] b, int bOff, int ldb, int k,
                                      DoubleVector va, double beta, double[] c, int cOff, VectorMask<Double> mask) {
            DoubleVector c0 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                c0 = DoubleVector.broadcast(S, a[aOff + p * sp]).fma(DoubleVector.fromArray(S, b, bOff + p * ldb, mask), c0);
            }
            store(c0, va, beta, c, cOff, mask);
        }

        /** C = alpha * acc + beta * C, or alpha * acc when beta == 0 (old C unread). */
        private static void store(DoubleVector acc, DoubleVector va, double beta, double[] c, int off) {
            if (beta == 0) {
                acc.mul(va).intoArray(c, off);
            } else {
                acc.fma(va, DoubleVector.fromArray(S, c, off).mul(beta)).intoArray(c, off);
            }
        }

        private static void store(DoubleVector acc, DoubleVector va, double beta, double[] c, int off, VectorMask<Double> mask) {
            if (beta == 0) {
                acc.mul(va).intoArray(c, off, mask);
            } else {
                acc.fma(va, DoubleVector.fromArray(S, c, off, mask).mul(beta)).intoArray(c, off, mask);
            }
        }

        // ------------------------------------------------------------ gemv

        static void gemv(boolean trans, int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
            int rows = trans ? n : m;
            int inner = trans ? m : n;
            if (alpha == 0 || inner == 0) {
                scale(y, 0, 0, 1, 0, rows, beta);
            } else if (trans) {
                gemvT(m, n, alpha, a, x, beta, y);
            } else {
                gemvN(m, n, alpha, a, x, beta, y);
            }
        }

        /** y = alpha * A x + beta * y: a vector dot product per row, four rows sharing each load of x. */
        private static void gemvN(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
            int nv = S.loopBound(n);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
                DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
                DoubleVector s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
                for (int p = 0; p < nv; p += L) {
                    DoubleVector xv = DoubleVector.fromArray(S, x, p);
                    s0 = DoubleVector.fromArray(S, a, r0 + p).fma(xv, s0);
                    s1 = DoubleVector.fromArray(S, a, r1 + p).fma(xv, s1);
                    s2 = DoubleVector.fromArray(S, a, r2 + p).fma(xv, s2);
                    s3 = DoubleVector.fromArray(S, a, r3 + p).fma(xv, s3);
                }
                double d0 = s0.reduceLanes(VectorOperators.ADD), d1 = s1.reduceLanes(VectorOperators.ADD);
                double d2 = s2.reduceLanes(VectorOperators.ADD), d3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = nv; p < n; p++) {
                    double xp = x[p];
                    d0 = Math.fma(a[r0 + p], xp, d0);
                    d1 = Math.fma(a[r1 + p], xp, d1);
                    d2 = Math.fma(a[r2 + p], xp, d2);
                    d3 = Math.fma(a[r3 + p], xp, d3);
                }
                y[i] = combine(d0, alpha, beta, y[i]);
                y[i + 1] = combine(d1, alpha, beta, y[i + 1]);
                y[i + 2] = combine(d2, alpha, beta, y[i + 2]);
                y[i + 3] = combine(d3, alpha, beta, y[i + 3]);
            }
            for (; i < m; i++) {
                int r = i * n;
                DoubleVector s0 = DoubleVector.zero(S);
                for (int p = 0; p < nv; p += L) {
                    s0 = DoubleVector.fromArray(S, a, r + p).fma(DoubleVector.fromArray(S, x, p), s0);
                }
                double d = s0.reduceLanes(VectorOperators.ADD);
                for (int p = nv; p < n; p++) {
                    d = Math.fma(a[r + p], x[p], d);
                }
                y[i] = combine(d, alpha, beta, y[i]);
            }
        }

        private static double combine(double s, double alpha, double beta, double y) {
            return beta == 0 ? alpha * s : Math.fma(alpha, s, beta * y);
        }

        /**
         * y = alpha * A^T x + beta * y: axpy-style over the rows of A into a strip of vector
         * accumulators, so A is read row by row.
         */
        private static void gemvT(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {
                DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
                DoubleVector s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
                for (int i = 0; i < m; i++) {
                    DoubleVector xi = DoubleVector.broadcast(S, x[i]);
                    int r = i * n + j;
                    s0 = DoubleVector.fromArray(S, a, r).fma(xi, s0);
                    s1 = DoubleVector.fromArray(S, a, r + L).fma(xi, s1);
                    s2 = DoubleVector.fromArray(S, a, r + 2 * L).fma(xi, s2);
                    s3 = DoubleVector.fromArray(S, a, r + 3 * L).fma(xi, s3);
                }
                store(s0, va, beta, y, j);
                store(s1, va, beta, y, j + L);
                store(s2, va, beta, y, j + 2 * L);
                store(s3, va, beta, y, j + 3 * L);
            }
            for (; j < n; j += L) {
                VectorMask<Double> mask = S.indexInRange(j, n);
                DoubleVector s0 = DoubleVector.zero(S);
                for (int i = 0; i < m; i++) {
                    s0 = DoubleVector.fromArray(S, a, i * n + j, mask).fma(DoubleVector.broadcast(S, x[i]), s0);
                }
                store(s0, va, beta, y, j, mask);
            }
        }
    }
}
