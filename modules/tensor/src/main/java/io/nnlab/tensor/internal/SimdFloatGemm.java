package io.nnlab.tensor.internal;

import static io.nnlab.tensor.internal.GemmPlan.*;

import io.nnlab.tensor.Parallelism;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM and GEMV of float32 matrices on the Vector API; {@link ScalarFloatKernels#gemm} is the
 * specification, {@link GemmPlan} the choices shared by both dtypes.
 *
 * <p>Two paths, chosen from the shape alone:
 * <ul>
 *   <li><b>blocked</b> (the classic Goto / BLIS structure): C is cut into NC-column and MC-row
 *       blocks and k into KC-deep slices; for each slice a KC x NC block of op(B) and an MC x KC
 *       block of op(A) are packed into per-thread buffers (the packing absorbs the transposes)
 *       and an FMA micro-kernel sweeps them, its accumulators in registers ({@link Tile}).</li>
 *   <li><b>direct</b>, for small problems, few rows or few columns (the MNIST batch shapes),
 *       where packing would cost more than it saves: the same tiles read A and B in place.</li>
 * </ul>
 *
 * <p>Vector values never cross a method call that C2 might not inline (a vector passed to a
 * method that is not inlined is boxed, an allocation per use), and no masked loads or stores
 * sit in the kernels (on AVX2 they cost the accumulators their registers): edges go through
 * zero-padded copies and a small scratch tile instead.
 *
 * <p>Large problems split C (never k) into tiles across the {@link Team}. Every element's
 * reduction runs over k in an order fixed by the shape, so results are bit-identical whatever
 * the thread count. Against the scalar reference they differ by rounding only (FMA, and
 * per-KC-slice partial sums added into C).
 */
final class SimdFloatGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** The register tile on this machine, for both paths (tests run both tiles). */
    static final Tile TILE = Tile.forBits(S.vectorBitSize());
    /**
     * Depth of a k slice, both tiles. The narrow micro-panel of B (KC x 2L, 16 KiB) stays in
     * L1 while the panels of A stream past it; at 512 it alone filled a 32 KiB L1 and speed
     * swung by half with where the GC placed the buffers. The wide one (KC x 4L, 64 KiB) ran as
     * fast at 256 as at 128 or faster (GemmBenchmark, n = 256 and 1024), and 1.06x as fast on
     * the MNIST batch-256 weight gradient 784x256x100:TN, which one slice then covers: C
     * written once, full tiles straight into it.
     */
    static final int KC = 256;
    /**
     * Rows of packed A per block: narrow MC x KC in 32 KiB, which measured best (16 … 150 KiB
     * tried); wide 96 rows, where 24 … 384 rows measured alike (at a wide k slice of 128).
     */
    static final int MC = (32 * 1024 / (KC * Float.BYTES)) / Tile.NARROW.rows * Tile.NARROW.rows;
    static final int MC_WIDE = 96;
    /** Columns of packed B per block: KC x NC in 4 MiB of L3. */
    static final int NC_BYTES = 4 * 1024 * 1024;
    /** 256 bits, which every machine the backend vectorises on has: packA's moves of eight. */
    private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;
    /** Half a vector: the last columns of a wide tile where a whole one would be mostly padding. */
    private static final VectorSpecies<Float> H = VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    /**
     * 0, in a field C2 does not fold: tile6x2h reads each value of A a second time, at an offset
     * plus this, so that each read becomes its own broadcast from memory. From one read, C2
     * broadcasts a register twice, and the kernel ran no faster than tile6x3. The lower half of
     * the whole broadcast (reinterpretShape) ran as fast once compiled, but before C2 its
     * fallback made the kernel three times slower, and a fresh JVM's first MNIST epoch took a
     * quarter longer (ColdStartBenchmark).
     */
    private static int zero;
    /** Room past the last panel for packA's two spilled elements. */
    private static final int PANEL_SPILL = 2;

    private SimdFloatGemm() {
    }

    /** Per-thread packing buffers: grown on demand, then reused, so warm calls allocate nothing. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] edge = new float[Tile.WIDE.rows * Tile.WIDE.vectors * L];   // the largest tile
        float[] strip = new float[0];
        /** narrowTransposed's Cᵀ: apart from a and strip, which the product it runs uses. */
        float[] narrow = new float[0];
        final int[] rowStarts = new int[L];

        float[] a(int size) { return a = atLeast(a, size); }

        float[] b(int size) { return b = atLeast(b, size); }

        float[] strip(int size) { return strip = atLeast(strip, size); }

        float[] narrow(int size) { return narrow = atLeast(narrow, size); }

        private static float[] atLeast(float[] buffer, int size) {
            return buffer.length < size ? new float[size] : buffer;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * The calling thread's gather offsets l * stride for l < L: a vector loaded from L rows that
     * lie stride apart, one element of each.
     */
    static int[] rowStarts(int stride) {
        int[] starts = BUFFERS.get().rowStarts;
        for (int l = 0; l < L; l++) {
            starts[l] = l * stride;
        }
        return starts;
    }

    // ------------------------------------------------------------ entry

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (alpha != 0 && k > 0 && (long) m * n * k <= DIRECT_MAX_WORK
                && thin(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) {
            return;
        }
        Path path = pathFor(TILE, transA, transB, m, n, k, TILE.vectors * L);
        gemm(path, tileFor(path, n), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /**
     * The machine's tile, but narrow on the direct path where one narrow strip covers C's
     * columns: there the wide tile's 4L columns are mostly padding (GemmBenchmark.mnist: the
     * wide tile loses on 32 x 100 · 100 x 10 and wins on 32 x 784 · 784 x 100).
     */
    static Tile tileFor(Path path, int n) {
        return path == Path.DIRECT && n <= 2 * L ? Tile.NARROW : TILE;
    }

    /**
     * Small products with a side of 1, as a 1-10-1 network's are: a column or a row of C is a
     * GEMV and k == 1 an outer product, where the register tiles' padding and write-back would
     * cost more than the arithmetic. Returns false, having done nothing, for any other shape
     * or where the vectors involved are not contiguous.
     */
    private static boolean thin(boolean transA, boolean transB, int m, int n, int k,
                                float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (n == 1 && ldc == 1 && (transB || ldb == 1) && lda == (transA ? m : k)) {
            gemv(transA, transA ? k : m, transA ? m : k, alpha, a, b, beta, c);      // c = op(A) b
            return true;
        }
        if (m == 1 && (!transA || lda == 1) && ldb == (transB ? k : n)) {
            gemv(!transB, transB ? n : k, transB ? k : n, alpha, b, a, beta, c);    // cᵀ = op(B)ᵀ aᵀ
            return true;
        }
        if (k == 1 && (!transB || ldb == 1)) {
            outer(transA ? 1 : lda, m, n, alpha, a, b, beta, c, ldc);
            return true;
        }
        return false;
    }

    /**
     * C = alpha·(a bᵀ) + beta·C for a column a (stride sa) and a row b: each element rounds
     * a_i·b_j, then scales as the tiles' write-back does.
     *
     * <p>Where a row is longer than a vector but not a multiple of it, its last L columns are
     * one more vector overlapping the last whole one. Both are computed before either is
     * stored, so where they overlap they store the same values, and the tail needs no scalar
     * loop (a 1-10-1 network's rows are 10 wide).
     */
    private static void outer(int sa, int m, int n, float alpha, float[] a, float[] b, float beta, float[] c, int ldc) {
        if (n < L && beta == 0 && ldc == n) {
            shortOuter(sa, m, n, alpha, a, b, c);
            return;
        }
        int nv = S.loopBound(n);
        boolean window = nv < n && n > L;
        int end = window ? nv - L : nv;
        FloatVector valpha = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < m; i++) {
            float ai = a[i * sa];
            FloatVector va = FloatVector.broadcast(S, ai);
            int row = i * ldc;
            int j = 0;
            for (; j < end; j += L) {
                FloatVector t = va.mul(FloatVector.fromArray(S, b, j));
                if (beta == 0) {
                    t.mul(valpha).intoArray(c, row + j);
                } else {
                    t.fma(valpha, FloatVector.fromArray(S, c, row + j).mul(beta)).intoArray(c, row + j);
                }
            }
            if (window) {
                int w = n - L;
                FloatVector t = va.mul(FloatVector.fromArray(S, b, j));
                FloatVector u = va.mul(FloatVector.fromArray(S, b, w));
                if (beta == 0) {
                    t = t.mul(valpha);
                    u = u.mul(valpha);
                } else {
                    t = t.fma(valpha, FloatVector.fromArray(S, c, row + j).mul(beta));
                    u = u.fma(valpha, FloatVector.fromArray(S, c, row + w).mul(beta));
                }
                t.intoArray(c, row + j);
                u.intoArray(c, row + w);
                continue;
            }
            for (; j < n; j++) {
                float t = ai * b[j];
                c[row + j] = beta == 0 ? t * alpha : Math.fma(t, alpha, c[row + j] * beta);
            }
        }
    }

    /**
     * The outer product for rows narrower than a vector, overwriting C: each row goes out
     * as a whole vector whose lanes past the row spill into the next one, which is stored
     * over them right after. The last rows, where a vector would pass C's end, are scalar.
     */
    private static void shortOuter(int sa, int m, int n, float alpha, float[] a, float[] b, float[] c) {
        float[] row = BUFFERS.get().strip(L);
        System.arraycopy(b, 0, row, 0, n);
        FloatVector vb = FloatVector.fromArray(S, row, 0);
        FloatVector valpha = FloatVector.broadcast(S, alpha);
        int fit = m * n >= L ? (m * n - L) / n + 1 : 0;
        for (int i = 0; i < fit; i++) {
            FloatVector.broadcast(S, a[i * sa]).mul(vb).mul(valpha).intoArray(c, i * n);
        }
        for (int i = fit; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = a[i * sa] * b[j] * alpha;
            }
        }
    }

    /** GEMM on the given path and tile (tests force each on every shape). */
    static void gemm(Path path, Tile tile, boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0 || k == 0) {
            scale(c, ldc, 0, m, 0, n, beta);
        } else if (path == Path.DIRECT) {
            direct(tile, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } else {
            blocked(tile, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
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

    private static void blocked(Tile tile, boolean transA, boolean transB, int m, int n, int k,
                        float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        int mr = tile.rows, nr = tile.vectors * L;
        int grid = blockedGrid(transA, transB, m, n, k, mr, nr, Parallelism.threads());
        if (grid == ONE_TASK) {
            blockedRegion(tile, transA, transB, 0, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } else {
            split(grid, m, n, mr, nr, (i0, i1, j0, j1) ->
                    blockedRegion(tile, transA, transB, i0, i1, j0, j1, k, alpha, a, lda, b, ldb, beta, c, ldc));
        }
    }

    /**
     * Rows [i0, i1) x columns [j0, j1) of C, the whole k reduction. The k slices depend on k
     * and the tile alone; the first applies beta to C, each later one adds into C in order,
     * so how C is split never changes a result.
     */
    private static void blockedRegion(Tile tile, boolean transA, boolean transB, int i0, int i1, int j0, int j1,
                                      int k, float alpha, float[] a, int lda, float[] b, int ldb,
                                      float beta, float[] c, int ldc) {
        boolean wide = tile == Tile.WIDE;
        int mrMax = tile.rows, nrMax = tile.vectors * L;
        int kcStep = kcStep(k, KC);
        int mcMax = wide ? MC_WIDE : MC;
        int ncMax = Math.max(nrMax, NC_BYTES / (kcStep * Float.BYTES) / nrMax * nrMax);
        Buffers buf = BUFFERS.get();
        float[] ap = buf.a(roundUp(Math.min(mcMax, i1 - i0), mrMax) * kcStep + PANEL_SPILL);
        float[] bp = buf.b(roundUp(Math.min(ncMax, j1 - j0), nrMax) * kcStep);
        float[] edge = buf.edge;
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                packB(transB, b, ldb, pc, kc, jc, nc, nrMax, bp, 0);
                // Where the last panel is partial, one k slice makes all of C and beta = 0 reads
                // none of it, the last panel is packed again as a whole tile ending at the block's
                // end: the columns it shares with the panel before get the same fma chains, so
                // storing them again stores the same bits, and the tile goes straight into C.
                int lastJr = (nc - 1) / nrMax * nrMax, lastNr = nc - lastJr;
                int lastWidth = wide && lastNr <= 2 * L + L / 2 ? 2 * L + L / 2 : wide && lastNr <= 3 * L ? 3 * L : nrMax;
                int shift = 0;
                if (beta == 0 && kc == k && lastNr < lastWidth && nc >= lastWidth) {
                    shift = lastWidth - lastNr;
                    packB(transB, b, ldb, pc, kc, jc + nc - lastWidth, lastWidth, nrMax, bp, lastJr * kc);
                }
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    packA(transA, a, lda, ic, mc, pc, kc, mrMax, ap);
                    for (int jr = 0; jr < nc; jr += nrMax) {
                        int back = jr == lastJr ? shift : 0;
                        int nr = Math.min(nrMax, nc - jr) + back;
                        for (int ir = 0; ir < mc; ir += mrMax) {
                            int mr = Math.min(mrMax, mc - ir);
                            float be = pc == 0 ? beta : 1;
                            int cOff = (ic + ir) * ldc + jc + jr - back;
                            if (wide && nr <= 2 * L + L / 2) {
                                tile6x2h(ap, ir * kc, bp, jr * kc, kc, alpha, be, c, cOff, ldc, mr, nr, edge);
                            } else if (wide && nr <= 3 * L) {
                                tile6x3(ap, ir * kc, bp, jr * kc, kc, alpha, be, c, cOff, ldc, mr, nr, edge);
                            } else if (wide) {
                                tile6x4(ap, ir * kc, bp, jr * kc, kc, alpha, be, c, cOff, ldc, mr, nr, edge);
                            } else {
                                tile4x2(ap, ir * kc, bp, jr * kc, kc, alpha, be, c, cOff, ldc, mr, nr, edge);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A(i0 .. i0+mc, p0 .. p0+kc) into tileRows-row panels, each stored column by column
     * (element (r, p) of a panel at p * tileRows + r); rows past mc are zero.
     */
    private static void packA(boolean transA, float[] a, int lda, int i0, int mc, int p0, int kc, int tileRows, float[] dst) {
        for (int ir = 0; ir < mc; ir += tileRows) {
            int mr = Math.min(tileRows, mc - ir);
            int d = ir * kc;
            if (transA) {
                // op(A)(i, p) = a[p * lda + i]: the tileRows values for one p are adjacent.
                int p = 0;
                if (mr == 6 && tileRows == 6) {
                    // Eight at once: the two past the six land where the next p's six go, or on the
                    // next panel's start, both written after this; the buffer has room past its end.
                    for (int end = a.length - 8; p < kc; p++) {
                        int src = (p0 + p) * lda + i0 + ir;
                        if (src > end) break;
                        //#if float32
                        FloatVector.fromArray(S256, a, src).intoArray(dst, d + p * 6);
                        //#else float64
                        // DoubleVector.fromArray(S256, a, src).intoArray(dst, d + p * 6);
                        // DoubleVector.fromArray(S256, a, src + 4).intoArray(dst, d + p * 6 + 4);
                        //#end
                    }
                }
                for (; p < kc; p++) {
                    int src = (p0 + p) * lda + i0 + ir;
                    int dp = d + p * tileRows;
                    if (mr == 6 && tileRows == 6) {
                        System.arraycopy(a, src, dst, dp, 6); // constant lengths: C2 emits plain moves
                    } else if (mr == 4 && tileRows == 4) {
                        System.arraycopy(a, src, dst, dp, 4);
                    } else {
                        System.arraycopy(a, src, dst, dp, mr);
                        for (int r = mr; r < tileRows; r++) {
                            dst[dp + r] = 0;
                        }
                    }
                }
            } else if (mr == 6 && tileRows == 6) {
                // Full panels of both tiles written out: C2 turns these into straight moves,
                // where a loop over r costs the packing a third of the speed.
                int s0 = (i0 + ir) * lda + p0;
                int s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
                for (int p = 0; p < kc; p++) {
                    int dp = d + p * 6;
                    dst[dp] = a[s0 + p];
                    dst[dp + 1] = a[s1 + p];
                    dst[dp + 2] = a[s2 + p];
                    dst[dp + 3] = a[s3 + p];
                    dst[dp + 4] = a[s4 + p];
                    dst[dp + 5] = a[s5 + p];
                }
            } else if (mr == 4 && tileRows == 4) {
                int s0 = (i0 + ir) * lda + p0;
                int s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                for (int p = 0; p < kc; p++) {
                    int dp = d + p * 4;
                    dst[dp] = a[s0 + p];
                    dst[dp + 1] = a[s1 + p];
                    dst[dp + 2] = a[s2 + p];
                    dst[dp + 3] = a[s3 + p];
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * tileRows + r] = a[src + p];
                    }
                }
                for (int r = mr; r < tileRows; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * tileRows + r] = 0;
                    }
                }
            }
        }
    }

    /**
     * op(B)(p0 .. p0+kc, j0 .. j0+nc) into tileCols-column panels from dst0, each stored row by
     * row (element (p, j) of a panel at p * tileCols + j); columns past nc are zero.
     */
    private static void packB(boolean transB, float[] b, int ldb, int p0, int kc, int j0, int nc, int tileCols,
                              float[] dst, int dst0) {
        for (int jr = 0; jr < nc; jr += tileCols) {
            int nr = Math.min(tileCols, nc - jr);
            int d = dst0 + jr * kc;
            if (transB) {
                // op(B)(p, j) = b[j * ldb + p]: read each row of B once, write a column of the panel.
                for (int j = 0; j < nr; j++) {
                    int src = (j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * tileCols + j] = b[src + p];
                    }
                }
                for (int j = nr; j < tileCols; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * tileCols + j] = 0;
                    }
                }
            } else if (nr == tileCols) {
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + j0 + jr;
                    int dp = d + p * tileCols;
                    for (int v = 0; v < tileCols; v += L) {
                        FloatVector.fromArray(S, b, src + v).intoArray(dst, dp + v);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + j0 + jr;
                    int dp = d + p * tileCols;
                    System.arraycopy(b, src, dst, dp, nr);
                    Arrays.fill(dst, dp + nr, dp + tileCols, 0f);
                }
            }
        }
    }

    /**
     * The narrow micro-kernel: C(4 x 2L tile) = alpha * Apanel * Bpanel + beta * C over one k
     * slice, eight accumulators held in registers. Full tiles go straight into C; partial ones
     * (mr < 4 or nr < 2L, computed on the zero-padded panels) through the scratch tile `edge`,
     * with the same arithmetic.
     */
    private static void tile4x2(float[] ap, int aOff, float[] bp, int bOff, int kc, float alpha, float beta,
                             float[] c, int cOff, int ldc, int mr, int nr, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 4;
            int bi = bOff + p * 2 * L;
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
        }
        if (mr == 4 && nr == 2 * L) {
            // Written out, not through a helper: eight more calls would exhaust C2's inlining
            // budget for this method, and a vector passed to a call not inlined is boxed.
            FloatVector va = FloatVector.broadcast(S, alpha);
            if (beta == 0) {
                c00.mul(va).intoArray(c, cOff);
                c01.mul(va).intoArray(c, cOff + L);
                c10.mul(va).intoArray(c, cOff + ldc);
                c11.mul(va).intoArray(c, cOff + ldc + L);
                c20.mul(va).intoArray(c, cOff + 2 * ldc);
                c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
                c30.mul(va).intoArray(c, cOff + 3 * ldc);
                c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            } else {
                FloatVector vb = FloatVector.broadcast(S, beta);
                c00.fma(va, FloatVector.fromArray(S, c, cOff).mul(vb)).intoArray(c, cOff);
                c01.fma(va, FloatVector.fromArray(S, c, cOff + L).mul(vb)).intoArray(c, cOff + L);
                c10.fma(va, FloatVector.fromArray(S, c, cOff + ldc).mul(vb)).intoArray(c, cOff + ldc);
                c11.fma(va, FloatVector.fromArray(S, c, cOff + ldc + L).mul(vb)).intoArray(c, cOff + ldc + L);
                c20.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(vb)).intoArray(c, cOff + 2 * ldc);
                c21.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(vb)).intoArray(c, cOff + 2 * ldc + L);
                c30.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(vb)).intoArray(c, cOff + 3 * ldc);
                c31.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(vb)).intoArray(c, cOff + 3 * ldc + L);
            }
            return;
        }
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c10.intoArray(edge, 2 * L);
        c11.intoArray(edge, 3 * L);
        c20.intoArray(edge, 4 * L);
        c21.intoArray(edge, 5 * L);
        c30.intoArray(edge, 6 * L);
        c31.intoArray(edge, 7 * L);
        update(edge, 2 * L, mr, nr, alpha, beta, c, cOff, ldc);
    }

    /**
     * The wide micro-kernel: C(6 x 4L tile) = alpha * Apanel * Bpanel + beta * C over one k
     * slice, 24 accumulators in registers. A full tile with beta = 0 goes straight into C; the
     * others through the scratch tile `edge`. Writing every full tile out, beta ≠ 0 too, as
     * tile4x2 does, took the method past C2's 8000-byte limit (it then ran interpreted, orders
     * of magnitude slower).
     */
    private static void tile6x4(float[] ap, int aOff, float[] bp, int bOff, int kc, float alpha, float beta,
                                float[] c, int cOff, int ldc, int mr, int nr, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 6;
            int bi = bOff + p * 4 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector ar = FloatVector.broadcast(S, ap[ai]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = ar.fma(b2, c02);
            c03 = ar.fma(b3, c03);
            ar = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = ar.fma(b2, c12);
            c13 = ar.fma(b3, c13);
            ar = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = ar.fma(b2, c22);
            c23 = ar.fma(b3, c23);
            ar = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = ar.fma(b2, c32);
            c33 = ar.fma(b3, c33);
            ar = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            c42 = ar.fma(b2, c42);
            c43 = ar.fma(b3, c43);
            ar = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            c52 = ar.fma(b2, c52);
            c53 = ar.fma(b3, c53);
        }
        if (beta == 0 && mr == 6 && nr == 4 * L) {
            // For short k, as the weight gradient's batch of 32, the round trip through edge
            // costs a large share of the tile.
            FloatVector va = FloatVector.broadcast(S, alpha);
            c00.mul(va).intoArray(c, cOff);
            c01.mul(va).intoArray(c, cOff + L);
            c02.mul(va).intoArray(c, cOff + 2 * L);
            c03.mul(va).intoArray(c, cOff + 3 * L);
            c10.mul(va).intoArray(c, cOff + ldc);
            c11.mul(va).intoArray(c, cOff + ldc + L);
            c12.mul(va).intoArray(c, cOff + ldc + 2 * L);
            c13.mul(va).intoArray(c, cOff + ldc + 3 * L);
            c20.mul(va).intoArray(c, cOff + 2 * ldc);
            c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
            c22.mul(va).intoArray(c, cOff + 2 * ldc + 2 * L);
            c23.mul(va).intoArray(c, cOff + 2 * ldc + 3 * L);
            c30.mul(va).intoArray(c, cOff + 3 * ldc);
            c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            c32.mul(va).intoArray(c, cOff + 3 * ldc + 2 * L);
            c33.mul(va).intoArray(c, cOff + 3 * ldc + 3 * L);
            c40.mul(va).intoArray(c, cOff + 4 * ldc);
            c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
            c42.mul(va).intoArray(c, cOff + 4 * ldc + 2 * L);
            c43.mul(va).intoArray(c, cOff + 4 * ldc + 3 * L);
            c50.mul(va).intoArray(c, cOff + 5 * ldc);
            c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
            c52.mul(va).intoArray(c, cOff + 5 * ldc + 2 * L);
            c53.mul(va).intoArray(c, cOff + 5 * ldc + 3 * L);
            return;
        }
        int ld = 4 * L;
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c02.intoArray(edge, 2 * L);
        c03.intoArray(edge, 3 * L);
        c10.intoArray(edge, ld);
        c11.intoArray(edge, ld + L);
        c12.intoArray(edge, ld + 2 * L);
        c13.intoArray(edge, ld + 3 * L);
        c20.intoArray(edge, 2 * ld);
        c21.intoArray(edge, 2 * ld + L);
        c22.intoArray(edge, 2 * ld + 2 * L);
        c23.intoArray(edge, 2 * ld + 3 * L);
        c30.intoArray(edge, 3 * ld);
        c31.intoArray(edge, 3 * ld + L);
        c32.intoArray(edge, 3 * ld + 2 * L);
        c33.intoArray(edge, 3 * ld + 3 * L);
        c40.intoArray(edge, 4 * ld);
        c41.intoArray(edge, 4 * ld + L);
        c42.intoArray(edge, 4 * ld + 2 * L);
        c43.intoArray(edge, 4 * ld + 3 * L);
        c50.intoArray(edge, 5 * ld);
        c51.intoArray(edge, 5 * ld + L);
        c52.intoArray(edge, 5 * ld + 2 * L);
        c53.intoArray(edge, 5 * ld + 3 * L);
        update(edge, ld, mr, nr, alpha, beta, c, cOff, ldc);
    }

    /**
     * tile6x4 without its fourth vector of columns, for a last panel at most 3L wide: a quarter
     * fewer FMAs there. Each element is the same
     * fma chain as tile6x4 gives it, so which of the two computes a column changes no bit.
     * As there, a full tile with beta = 0 goes straight into C; the scratch tile keeps the 4L
     * row length.
     */
    private static void tile6x3(float[] ap, int aOff, float[] bp, int bOff, int kc, float alpha, float beta,
                                float[] c, int cOff, int ldc, int mr, int nr, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 6;
            int bi = bOff + p * 4 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector ar = FloatVector.broadcast(S, ap[ai]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = ar.fma(b2, c02);
            ar = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = ar.fma(b2, c12);
            ar = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = ar.fma(b2, c22);
            ar = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = ar.fma(b2, c32);
            ar = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            c42 = ar.fma(b2, c42);
            ar = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            c52 = ar.fma(b2, c52);
        }
        if (beta == 0 && mr == 6 && nr == 3 * L) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            c00.mul(va).intoArray(c, cOff);
            c01.mul(va).intoArray(c, cOff + L);
            c02.mul(va).intoArray(c, cOff + 2 * L);
            c10.mul(va).intoArray(c, cOff + ldc);
            c11.mul(va).intoArray(c, cOff + ldc + L);
            c12.mul(va).intoArray(c, cOff + ldc + 2 * L);
            c20.mul(va).intoArray(c, cOff + 2 * ldc);
            c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
            c22.mul(va).intoArray(c, cOff + 2 * ldc + 2 * L);
            c30.mul(va).intoArray(c, cOff + 3 * ldc);
            c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            c32.mul(va).intoArray(c, cOff + 3 * ldc + 2 * L);
            c40.mul(va).intoArray(c, cOff + 4 * ldc);
            c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
            c42.mul(va).intoArray(c, cOff + 4 * ldc + 2 * L);
            c50.mul(va).intoArray(c, cOff + 5 * ldc);
            c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
            c52.mul(va).intoArray(c, cOff + 5 * ldc + 2 * L);
            return;
        }
        int ld = 4 * L;
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c02.intoArray(edge, 2 * L);
        c10.intoArray(edge, ld);
        c11.intoArray(edge, ld + L);
        c12.intoArray(edge, ld + 2 * L);
        c20.intoArray(edge, 2 * ld);
        c21.intoArray(edge, 2 * ld + L);
        c22.intoArray(edge, 2 * ld + 2 * L);
        c30.intoArray(edge, 3 * ld);
        c31.intoArray(edge, 3 * ld + L);
        c32.intoArray(edge, 3 * ld + 2 * L);
        c40.intoArray(edge, 4 * ld);
        c41.intoArray(edge, 4 * ld + L);
        c42.intoArray(edge, 4 * ld + 2 * L);
        c50.intoArray(edge, 5 * ld);
        c51.intoArray(edge, 5 * ld + L);
        c52.intoArray(edge, 5 * ld + 2 * L);
        update(edge, ld, mr, nr, alpha, beta, c, cOff, ldc);
    }

    /**
     * tile6x3 with half a vector in place of its third, for a last panel at most 2.5L wide
     * (MNIST's 100 columns are 4L and 36 at L = 16): where the core splits a whole vector's
     * FMA in two halves, as AMD's Zen 4 does, a half costs half, and elsewhere no more than a
     * whole one. Each element is still the same fma chain. The half's broadcasts read A again
     * (see {@link #zero}). The direct path has no such kernel: there, A read in place and B's
     * unaligned rows already keep the loads busy, and with the second reads the product
     * (GemmBenchmark.mnist 32x784x100) ran only 1-2 % faster.
     */
    private static void tile6x2h(float[] ap, int aOff, float[] bp, int bOff, int kc, float alpha, float beta,
                                float[] c, int cOff, int ldc, int mr, int nr, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(H);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(H);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(H);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(H);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(H);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(H);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 6;
            int ah = ai + zero;
            int bi = bOff + p * 4 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(H, bp, bi + 2 * L);
            FloatVector ar = FloatVector.broadcast(S, ap[ai]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = FloatVector.broadcast(H, ap[ah]).fma(b2, c02);
            ar = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = FloatVector.broadcast(H, ap[ah + 1]).fma(b2, c12);
            ar = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = FloatVector.broadcast(H, ap[ah + 2]).fma(b2, c22);
            ar = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = FloatVector.broadcast(H, ap[ah + 3]).fma(b2, c32);
            ar = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            c42 = FloatVector.broadcast(H, ap[ah + 4]).fma(b2, c42);
            ar = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            c52 = FloatVector.broadcast(H, ap[ah + 5]).fma(b2, c52);
        }
        if (beta == 0 && mr == 6 && nr == 2 * L + L / 2) {
            FloatVector va = FloatVector.broadcast(S, alpha), vh = FloatVector.broadcast(H, alpha);
            c00.mul(va).intoArray(c, cOff);
            c01.mul(va).intoArray(c, cOff + L);
            c02.mul(vh).intoArray(c, cOff + 2 * L);
            c10.mul(va).intoArray(c, cOff + ldc);
            c11.mul(va).intoArray(c, cOff + ldc + L);
            c12.mul(vh).intoArray(c, cOff + ldc + 2 * L);
            c20.mul(va).intoArray(c, cOff + 2 * ldc);
            c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
            c22.mul(vh).intoArray(c, cOff + 2 * ldc + 2 * L);
            c30.mul(va).intoArray(c, cOff + 3 * ldc);
            c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            c32.mul(vh).intoArray(c, cOff + 3 * ldc + 2 * L);
            c40.mul(va).intoArray(c, cOff + 4 * ldc);
            c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
            c42.mul(vh).intoArray(c, cOff + 4 * ldc + 2 * L);
            c50.mul(va).intoArray(c, cOff + 5 * ldc);
            c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
            c52.mul(vh).intoArray(c, cOff + 5 * ldc + 2 * L);
            return;
        }
        int ld = 4 * L;
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c02.intoArray(edge, 2 * L);
        c10.intoArray(edge, ld);
        c11.intoArray(edge, ld + L);
        c12.intoArray(edge, ld + 2 * L);
        c20.intoArray(edge, 2 * ld);
        c21.intoArray(edge, 2 * ld + L);
        c22.intoArray(edge, 2 * ld + 2 * L);
        c30.intoArray(edge, 3 * ld);
        c31.intoArray(edge, 3 * ld + L);
        c32.intoArray(edge, 3 * ld + 2 * L);
        c40.intoArray(edge, 4 * ld);
        c41.intoArray(edge, 4 * ld + L);
        c42.intoArray(edge, 4 * ld + 2 * L);
        c50.intoArray(edge, 5 * ld);
        c51.intoArray(edge, 5 * ld + L);
        c52.intoArray(edge, 5 * ld + 2 * L);
        update(edge, ld, mr, nr, alpha, beta, c, cOff, ldc);
    }

    // ------------------------------------------------------------ direct path

    /**
     * Small problems: A and B read in place, in the blocked path's register tiles (4 rows x 2L
     * columns narrow, 6 x 4L wide). A transposed A is first copied into row-major form in a
     * per-thread buffer; a transposed B, and the last strip of B when it is narrower than the
     * tile, are copied one strip at a time into a small zero-padded buffer that stays in L1. Each strip of B is swept by every
     * row block while it is in cache. Every element is one fma chain over p = 0 … k-1 from
     * zero, whichever tile computes it, so splitting C across threads changes no bit.
     */
    private static void direct(Tile tile, boolean transA, boolean transB, int m, int n, int k,
                               float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        if (transA && n < L && m >= 2 * L) {
            narrowTransposed(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        if (transA) {
            float[] at = BUFFERS.get().a(m * k);
            transpose(a, lda, k, m, at);
            a = at;
            lda = k;
        }
        int rows = tile.rows, width = tile.vectors * L;
        int grid = grid(m, n, k, rows, width, PACK_COST, PACK_COST, Parallelism.threads());
        if (grid == ONE_TASK) {
            directRegion(tile, a, lda, transB, b, ldb, k, alpha, beta, c, ldc, 0, m, 0, n);
        } else {
            float[] af = a;
            int ldaf = lda;
            split(grid, m, n, rows, width, (i0, i1, j0, j1) ->
                    directRegion(tile, af, ldaf, transB, b, ldb, k, alpha, beta, c, ldc, i0, i1, j0, j1));
        }
    }

    /**
     * C = alpha Aᵀ op(B) + beta C where C is narrower than a vector and A, stored k x m, is wide: a
     * small output layer's weight gradient hᵀ·dz. Its tiles would be mostly padding, and A would
     * be transposed whole first; so compute Cᵀ = op(B)ᵀ·A instead, A's rows read in place as B's
     * of the direct path, then write each element back as the direct path's tiles do. Every
     * element is still one fma chain over p from zero: the same bits as the plain direct path.
     */
    private static void narrowTransposed(boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
                                         float[] b, int ldb, float beta, float[] c, int ldc) {
        float[] ct = BUFFERS.get().narrow(n * m);
        direct(tileFor(Path.DIRECT, m), !transB, false, n, m, k, 1f, b, ldb, a, lda, 0f, ct, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0, o = i * ldc; j < n; j++) {
                float t = ct[j * m + i];
                c[o + j] = beta == 0 ? t * alpha : Math.fma(t, alpha, c[o + j] * beta);
            }
        }
    }

    /**
     * dst (cols x rows, row-major) = the transpose of src's rows x cols, row stride lds, in
     * square blocks that stay in L1. Row by row, each store went to a cache line k floats
     * from the last: MNIST's batch-256 product hᵀ·dy (100 x 256 · 256 x 10) spent more time
     * transposing h than multiplying (GemmBenchmark.mnist, shape 100x256x10:TN).
     */
    private static void transpose(float[] src, int lds, int rows, int cols, float[] dst) {
        final int block = 16;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int c0 = 0; c0 < cols; c0 += block) {
                int c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    int s = r * lds;
                    for (int c = c0; c < c1; c++) {
                        dst[c * rows + r] = src[s + c];
                    }
                }
            }
        }
    }

    private static void directRegion(Tile tile, float[] a, int lda, boolean transB, float[] b, int ldb, int k,
                                     float alpha, float beta, float[] c, int ldc,
                                     int i0, int i1, int j0, int j1) {
        Buffers buf = BUFFERS.get();
        boolean wide = tile == Tile.WIDE;
        int rows = tile.rows, width = tile.vectors * L;
        for (int j = j0; j < j1; j += width) {
            int cols = Math.min(width, j1 - j);
            float[] bs = b;
            int bOff = j, lds = ldb, cj = j;
            int tileCols = wide && cols <= 3 * L ? 3 * L : width;
            if (!transB && cols < tileCols && beta == 0 && j1 - j0 >= tileCols) {
                // The last columns as a whole tile ending at j1, B read in place rather than
                // copied into a padded strip: the columns it shares with the tile before it get
                // the same fma chains, so storing them again stores the same bits.
                bOff = cj = j1 - tileCols;
                cols = tileCols;
            } else if (transB || cols < width) {
                bs = buf.strip(k * width);
                bOff = 0;
                lds = width;
                if (transB) {
                    // Row p of the strip is column p of B's rows j, j+1, ...: one gather per vector
                    // of it, where element by element each store went to another cache line.
                    int[] rowStarts = rowStarts(ldb);
                    int whole = cols - cols % L;
                    for (int p = 0; p < k; p++) {
                        int o = p * width;
                        for (int q = 0; q < whole; q += L) {
                            FloatVector.fromArray(S, b, (j + q) * ldb + p, rowStarts, 0).intoArray(bs, o + q);
                        }
                        for (int q = whole; q < cols; q++) {
                            bs[o + q] = b[(j + q) * ldb + p];
                        }
                        Arrays.fill(bs, o + cols, o + width, 0f);
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        System.arraycopy(b, p * ldb + j, bs, p * width, cols);
                        Arrays.fill(bs, p * width + cols, (p + 1) * width, 0f);
                    }
                }
            }
            for (int i = i0; i < i1; i += rows) {
                if (tileCols == 3 * L) {
                    direct6x3(a, i * lda, lda, Math.min(6, i1 - i), bs, bOff, lds, k, alpha, beta,
                            c, i * ldc + cj, ldc, cols, buf.edge);
                } else if (wide) {
                    direct6x4(a, i * lda, lda, Math.min(6, i1 - i), bs, bOff, lds, k, alpha, beta,
                            c, i * ldc + cj, ldc, cols, buf.edge);
                } else {
                    direct4x2(a, i * lda, lda, Math.min(4, i1 - i), bs, bOff, lds, k, alpha, beta,
                            c, i * ldc + cj, ldc, cols, buf.edge);
                }
            }
        }
    }

    /**
     * C(rows x cols tile) from `rows` (1..4) rows of A, lda apart from aOff, and 2L columns of
     * B from bOff. Missing rows repeat the last one; a full tile goes straight into C, and of a
     * partial one only rows x cols reach C, through the scratch tile `edge` (vectors never
     * cross a call that might not be inlined: a boxed vector costs an allocation per use).
     */
    private static void direct4x2(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int ldb, int k,
                                  float alpha, float beta, float[] c, int cOff, int ldc, int cols, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0 = aOff;
        int a1 = aOff + Math.min(1, rows - 1) * lda;
        int a2 = aOff + Math.min(2, rows - 1) * lda;
        int a3 = aOff + Math.min(3, rows - 1) * lda;
        for (int p = 0, bi = bOff; p < k; p++, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + p]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[a1 + p]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, a[a2 + p]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, a[a3 + p]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
        }
        if (rows == 4 && cols == 2 * L) {
            // Written out, not through a helper: eight more calls would exhaust C2's inlining
            // budget for this method, and a vector passed to a call not inlined is boxed.
            FloatVector va = FloatVector.broadcast(S, alpha);
            if (beta == 0) {
                c00.mul(va).intoArray(c, cOff);
                c01.mul(va).intoArray(c, cOff + L);
                c10.mul(va).intoArray(c, cOff + ldc);
                c11.mul(va).intoArray(c, cOff + ldc + L);
                c20.mul(va).intoArray(c, cOff + 2 * ldc);
                c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
                c30.mul(va).intoArray(c, cOff + 3 * ldc);
                c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            } else {
                FloatVector vb = FloatVector.broadcast(S, beta);
                c00.fma(va, FloatVector.fromArray(S, c, cOff).mul(vb)).intoArray(c, cOff);
                c01.fma(va, FloatVector.fromArray(S, c, cOff + L).mul(vb)).intoArray(c, cOff + L);
                c10.fma(va, FloatVector.fromArray(S, c, cOff + ldc).mul(vb)).intoArray(c, cOff + ldc);
                c11.fma(va, FloatVector.fromArray(S, c, cOff + ldc + L).mul(vb)).intoArray(c, cOff + ldc + L);
                c20.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(vb)).intoArray(c, cOff + 2 * ldc);
                c21.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(vb)).intoArray(c, cOff + 2 * ldc + L);
                c30.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(vb)).intoArray(c, cOff + 3 * ldc);
                c31.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(vb)).intoArray(c, cOff + 3 * ldc + L);
            }
            return;
        }
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c10.intoArray(edge, 2 * L);
        c11.intoArray(edge, 3 * L);
        c20.intoArray(edge, 4 * L);
        c21.intoArray(edge, 5 * L);
        c30.intoArray(edge, 6 * L);
        c31.intoArray(edge, 7 * L);
        update(edge, 2 * L, rows, cols, alpha, beta, c, cOff, ldc);
    }

    /**
     * direct4x2 on the wide tile: `rows` (1..6) rows of A and 4L columns of B, 24 accumulators.
     * Every tile is written back through `edge`: tile6x4's straight store of full tiles
     * measured no faster here (GemmBenchmark.mnist 32x784x100 and 256x784x100), where k is
     * long and the write-back a small share of a tile. One
     * kernel for both, with A's row and step strides as parameters, ran the blocked path
     * 7-14 % slower (six address registers instead of one with constant offsets), so the
     * two stay apart, as tile4x2 and direct4x2 do.
     */
    private static void direct6x4(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int ldb, int k,
                                  float alpha, float beta, float[] c, int cOff, int ldc, int cols, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        int a0 = aOff;
        int a1 = aOff + Math.min(1, rows - 1) * lda;
        int a2 = aOff + Math.min(2, rows - 1) * lda;
        int a3 = aOff + Math.min(3, rows - 1) * lda;
        int a4 = aOff + Math.min(4, rows - 1) * lda;
        int a5 = aOff + Math.min(5, rows - 1) * lda;
        for (int p = 0, bi = bOff; p < k; p++, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + p]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = ar.fma(b2, c02);
            c03 = ar.fma(b3, c03);
            ar = FloatVector.broadcast(S, a[a1 + p]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = ar.fma(b2, c12);
            c13 = ar.fma(b3, c13);
            ar = FloatVector.broadcast(S, a[a2 + p]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = ar.fma(b2, c22);
            c23 = ar.fma(b3, c23);
            ar = FloatVector.broadcast(S, a[a3 + p]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = ar.fma(b2, c32);
            c33 = ar.fma(b3, c33);
            ar = FloatVector.broadcast(S, a[a4 + p]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            c42 = ar.fma(b2, c42);
            c43 = ar.fma(b3, c43);
            ar = FloatVector.broadcast(S, a[a5 + p]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            c52 = ar.fma(b2, c52);
            c53 = ar.fma(b3, c53);
        }
        int ld = 4 * L;
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c02.intoArray(edge, 2 * L);
        c03.intoArray(edge, 3 * L);
        c10.intoArray(edge, ld);
        c11.intoArray(edge, ld + L);
        c12.intoArray(edge, ld + 2 * L);
        c13.intoArray(edge, ld + 3 * L);
        c20.intoArray(edge, 2 * ld);
        c21.intoArray(edge, 2 * ld + L);
        c22.intoArray(edge, 2 * ld + 2 * L);
        c23.intoArray(edge, 2 * ld + 3 * L);
        c30.intoArray(edge, 3 * ld);
        c31.intoArray(edge, 3 * ld + L);
        c32.intoArray(edge, 3 * ld + 2 * L);
        c33.intoArray(edge, 3 * ld + 3 * L);
        c40.intoArray(edge, 4 * ld);
        c41.intoArray(edge, 4 * ld + L);
        c42.intoArray(edge, 4 * ld + 2 * L);
        c43.intoArray(edge, 4 * ld + 3 * L);
        c50.intoArray(edge, 5 * ld);
        c51.intoArray(edge, 5 * ld + L);
        c52.intoArray(edge, 5 * ld + 2 * L);
        c53.intoArray(edge, 5 * ld + 3 * L);
        update(edge, ld, rows, cols, alpha, beta, c, cOff, ldc);
    }

    /** direct6x4 without its fourth vector of columns, as tile6x3 is to tile6x4. */
    private static void direct6x3(float[] a, int aOff, int lda, int rows, float[] b, int bOff, int ldb, int k,
                                  float alpha, float beta, float[] c, int cOff, int ldc, int cols, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        int a0 = aOff;
        int a1 = aOff + Math.min(1, rows - 1) * lda;
        int a2 = aOff + Math.min(2, rows - 1) * lda;
        int a3 = aOff + Math.min(3, rows - 1) * lda;
        int a4 = aOff + Math.min(4, rows - 1) * lda;
        int a5 = aOff + Math.min(5, rows - 1) * lda;
        for (int p = 0, bi = bOff; p < k; p++, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + p]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            c02 = ar.fma(b2, c02);
            ar = FloatVector.broadcast(S, a[a1 + p]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            c12 = ar.fma(b2, c12);
            ar = FloatVector.broadcast(S, a[a2 + p]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            c22 = ar.fma(b2, c22);
            ar = FloatVector.broadcast(S, a[a3 + p]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            c32 = ar.fma(b2, c32);
            ar = FloatVector.broadcast(S, a[a4 + p]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            c42 = ar.fma(b2, c42);
            ar = FloatVector.broadcast(S, a[a5 + p]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            c52 = ar.fma(b2, c52);
        }
        int ld = 4 * L;
        c00.intoArray(edge, 0);
        c01.intoArray(edge, L);
        c02.intoArray(edge, 2 * L);
        c10.intoArray(edge, ld);
        c11.intoArray(edge, ld + L);
        c12.intoArray(edge, ld + 2 * L);
        c20.intoArray(edge, 2 * ld);
        c21.intoArray(edge, 2 * ld + L);
        c22.intoArray(edge, 2 * ld + 2 * L);
        c30.intoArray(edge, 3 * ld);
        c31.intoArray(edge, 3 * ld + L);
        c32.intoArray(edge, 3 * ld + 2 * L);
        c40.intoArray(edge, 4 * ld);
        c41.intoArray(edge, 4 * ld + L);
        c42.intoArray(edge, 4 * ld + 2 * L);
        c50.intoArray(edge, 5 * ld);
        c51.intoArray(edge, 5 * ld + L);
        c52.intoArray(edge, 5 * ld + 2 * L);
        update(edge, ld, rows, cols, alpha, beta, c, cOff, ldc);
    }

    /**
     * C(rows x cols at off) = alpha * T + beta * C, T a tile with leading dimension ldt, or
     * alpha * T when beta == 0 (old C unread). Whole vectors, then lane by lane alike.
     */
    private static void update(float[] t, int ldt, int rows, int cols, float alpha, float beta,
                               float[] c, int off, int ldc) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int cv = cols - cols % L;
        // beta is tested once, not per vector: the blocked path updates all of C once per KC
        // slice, and with the test in the loop it ran about 3 % slower at n = 1024.
        if (beta == 0) {
            for (int r = 0; r < rows; r++, off += ldc) {
                int tr = r * ldt;
                for (int j = 0; j < cv; j += L) {
                    FloatVector.fromArray(S, t, tr + j).mul(va).intoArray(c, off + j);
                }
                for (int j = cv; j < cols; j++) {
                    c[off + j] = t[tr + j] * alpha;
                }
            }
        } else {
            for (int r = 0; r < rows; r++, off += ldc) {
                int tr = r * ldt;
                for (int j = 0; j < cv; j += L) {
                    FloatVector cj = FloatVector.fromArray(S, c, off + j);
                    FloatVector.fromArray(S, t, tr + j).fma(va, cj.mul(beta)).intoArray(c, off + j);
                }
                for (int j = cv; j < cols; j++) {
                    c[off + j] = Math.fma(t[tr + j], alpha, c[off + j] * beta);
                }
            }
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
        if (nv == 0) {
            // Rows narrower than a vector: L rows at a time, lane l gathering row i + l, so
            // each row is summed in the scalar loop's order; the rows left over are scalar.
            int[] rowStarts = rowStarts(n);
            FloatVector va = FloatVector.broadcast(S, alpha);
            for (; i + L <= m; i += L) {
                FloatVector d = FloatVector.zero(S);
                for (int p = 0; p < n; p++) {
                    d = FloatVector.fromArray(S, a, i * n + p, rowStarts, 0).fma(FloatVector.broadcast(S, x[p]), d);
                }
                if (beta == 0) {
                    va.mul(d).intoArray(y, i);
                } else {
                    va.fma(d, FloatVector.fromArray(S, y, i).mul(beta)).intoArray(y, i);
                }
            }
            for (; i < m; i++) {
                int r = i * n;
                float d = 0;
                for (int p = 0; p < n; p++) {
                    d = Math.fma(a[r + p], x[p], d);
                }
                y[i] = combine(d, alpha, beta, y[i]);
            }
            return;
        }
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
            float d0 = FloatVectorMath.sum(s0), d1 = FloatVectorMath.sum(s1);
            float d2 = FloatVectorMath.sum(s2), d3 = FloatVectorMath.sum(s3);
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
            float d = FloatVectorMath.sum(s0);
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
     * gemvT for rows narrower than a vector (a 1-10-1 network's at 16 lanes): a vector at
     * each row's start also reads the rows after it, but lane j still sums column j, row
     * by row, in the scalar loop's order. The last rows, where a vector would run past A, go
     * on in scalar code from the lanes' sums.
     */
    private static void shortGemvT(int m, int n, float alpha, float[] a, float[] x, float[] y) {
        int fit = m * n >= L ? (m * n - L) / n + 1 : 0;
        FloatVector s0 = FloatVector.zero(S);
        for (int i = 0; i < fit; i++) {
            s0 = FloatVector.fromArray(S, a, i * n).fma(FloatVector.broadcast(S, x[i]), s0);
        }
        float[] lanes = BUFFERS.get().strip(L);
        s0.intoArray(lanes, 0);
        for (int j = 0; j < n; j++) {
            float s = lanes[j];
            for (int i = fit; i < m; i++) {
                s = Math.fma(a[i * n + j], x[i], s);
            }
            y[j] = Math.fma(s, alpha, y[j]);
        }
    }

    /** C += alpha * acc, one rounding: update() with beta == 1, lane for lane. */
    private static void addTo(FloatVector acc, FloatVector alpha, float[] c, int off) {
        acc.fma(alpha, FloatVector.fromArray(S, c, off)).intoArray(c, off);
    }

    /**
     * y = alpha * A^T x + beta * y: y is first scaled by beta, then each strip of y gets
     * alpha times a strip of vector accumulators filled axpy-style over the rows of A, so A is
     * read row by row.
     */
    private static void gemvT(int m, int n, float alpha, float[] a, float[] x, float beta, float[] y) {
        scale(y, 0, 0, 1, 0, n, beta);
        if (n < L) {
            shortGemvT(m, n, alpha, a, x, y);
            return;
        }
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
            addTo(s0, va, y, j);
            addTo(s1, va, y, j + L);
            addTo(s2, va, y, j + 2 * L);
            addTo(s3, va, y, j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                s0 = FloatVector.fromArray(S, a, i * n + j).fma(FloatVector.broadcast(S, x[i]), s0);
            }
            addTo(s0, va, y, j);
        }
        if (j < n && n > L) {
            // The last L columns as one more strip, overlapping the last whole one: its
            // overlapping lanes, already added, keep the values the strips gave them.
            int w = n - L;
            FloatVector s0 = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                s0 = FloatVector.fromArray(S, a, i * n + w).fma(FloatVector.broadcast(S, x[i]), s0);
            }
            FloatVector done = FloatVector.fromArray(S, y, w);
            s0.fma(va, done).blend(done, VectorMask.fromLong(S, (1L << (j - w)) - 1)).intoArray(y, w);
            return;
        }
        for (; j < n; j++) {
            float s0 = 0;
            for (int i = 0; i < m; i++) {
                s0 = Math.fma(a[i * n + j], x[i], s0);
            }
            y[j] = Math.fma(s0, alpha, y[j]);
        }
    }
}

