package io.nnlab.tensor.internal;

/**
 * The choices a SIMD GEMM makes from the shape and the machine alone, shared by
 * {@link SimdFloatGemm} and its float64 twin: the path (blocked or direct), the register tile,
 * and the task grid that splits C across the {@link Team}. The thread count changes only how C
 * is split, never a reduction, so results do not depend on it.
 */
final class GemmPlan {

    private GemmPlan() {
    }

    /** The two ways through a GEMM. */
    enum Path { DIRECT, BLOCKED }

    /**
     * Register tiles, rows x vectors of FMA accumulators. Enough must be in
     * flight to cover FMA latency x throughput (4 cycles x 2 pipes), and the more a tile holds,
     * the fewer loads feed each FMA; how many fit is the register file's say.
     */
    enum Tile {
        /** Eight accumulators: AVX2's 16 registers hold them; 6 x 2 (15 registers) spilled and ran at half speed. */
        NARROW(4, 2),
        /** 24 accumulators, four vectors of B and a broadcast: 29 of AVX-512's 32 registers, 10 loads per 24 FMAs. */
        WIDE(6, 4);

        final int rows;
        final int vectors;

        Tile(int rows, int vectors) {
            this.rows = rows;
            this.vectors = vectors;
        }

        /** Vectors of 512 bits come with 32 registers (AVX-512); narrower ones, assume 16 (AVX2). */
        static Tile forBits(int vectorBits) {
            return vectorBits >= 512 ? WIDE : NARROW;
        }
    }

    /** Up to this many multiply-adds the direct path wins: packing is not repaid. */
    static final long DIRECT_MAX_WORK = 1L << 18;
    /** Fewer rows than this reuse each packed panel of B too few times to repay packing it. */
    static final int DIRECT_MAX_ROWS = 48;
    /**
     * A task gets at least this many multiply-adds: handing one to even a spinning helper costs
     * microseconds. Split at 2^19, the MNIST batch-32 products (2.5M) made JMH's bare step a
     * little faster on two threads but t3's training epochs slower (helpers that a training
     * loop's other work lets fall asleep wake late), so they stay whole.
     */
    static final long MIN_TASK_WORK = 1L << 21;

    /**
     * The path for a shape on a tile nr columns wide: a function of the shape alone, never of
     * the thread count. Packing A pays off only over many columns, packing B only over many
     * rows, unless B must be transposed anyway. On the wide tile, up to two tiles of columns
     * read in place beat packing A (GemmBenchmark: MNIST's 256 x 784 · 784 x 100, and
     * 1024 x 1024 · 1024 x 100), where a transposed A, copied whole first, does not.
     */
    static Path pathFor(Tile tile, boolean transA, boolean transB, int m, int n, int k, int nr) {
        boolean small = (long) m * n * k <= DIRECT_MAX_WORK || n <= nr || (m < DIRECT_MAX_ROWS && !transB)
                || (tile == Tile.WIDE && n <= 2 * nr && !transA && !transB);
        return small ? Path.DIRECT : Path.BLOCKED;
    }

    /** Rows [i0, i1) x columns [j0, j1) of C. */
    @FunctionalInterface
    interface Region {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * What packing one element of A or B costs, in multiply-adds: a task over r x c of C does
     * r c k of those and packs (r + c) k elements. Without it, the MNIST product 256 x 784 · 784 x 100
     * split its 100 columns, each task packed all of A, and two threads ran no faster than one.
     * An operand packed element by element (A's rows interleaved, or B transposed) costs
     * {@link #SCALAR_PACK_COST}: weighing A like B, square products split their columns and
     * each task packed all of A, which GemmBenchmark.square on two threads measured slower than
     * splitting the rows.
     */
    static final int PACK_COST = 16;
    static final int SCALAR_PACK_COST = 2 * PACK_COST;

    /**
     * The task grid for C (m x n) cut on multiples of rowUnit / colUnit, as rows * 65536 + columns:
     * at most one task per thread, none smaller than {@link #MIN_TASK_WORK}, the largest task's
     * cost (its padded region plus rowCost per element of A and colCost per element of B it reads
     * or packs) as small as possible (ties keep whole rows of C per task). {@link #ONE_TASK} when
     * it is not worth splitting.
     */
    static int grid(int m, int n, int k, int rowUnit, int colUnit, int rowCost, int colCost, int threads) {
        long work = (long) m * n * k;
        int mu = ceilDiv(m, rowUnit);
        int nu = ceilDiv(n, colUnit);
        for (int tasks = (int) Math.min(Math.min(threads, 32767), work / MIN_TASK_WORK); tasks > 1; tasks--) {
            int bestM = 0, bestN = 0;
            long bestCost = Long.MAX_VALUE;
            for (int tm = tasks; tm >= 1; tm--) {
                int tn = tasks / tm;
                if (tm * tn != tasks || tm > mu || tn > nu) {
                    continue;
                }
                long rows = (long) ceilDiv(mu, tm) * rowUnit, cols = (long) ceilDiv(nu, tn) * colUnit;
                long cost = rows * cols + rowCost * rows + colCost * cols;
                if (cost < bestCost) {
                    bestCost = cost;
                    bestM = tm;
                    bestN = tn;
                }
            }
            if (bestM > 0) {
                return bestM << 16 | bestN;
            }
        }
        return ONE_TASK;
    }

    static final int ONE_TASK = 1 << 16 | 1;

    /**
     * The {@link #grid} of the blocked path: an operand packed element by element (A not
     * transposed, B transposed) weighs {@link #SCALAR_PACK_COST}, the other {@link #PACK_COST}.
     */
    static int blockedGrid(boolean transA, boolean transB, int m, int n, int k, int rowUnit, int colUnit, int threads) {
        return grid(m, n, k, rowUnit, colUnit, transA ? PACK_COST : SCALAR_PACK_COST,
                transB ? SCALAR_PACK_COST : PACK_COST, threads);
    }

    /** Runs region on each task of a {@link #grid} across {@link Team}. */
    static void split(int grid, int m, int n, int rowUnit, int colUnit, Region region) {
        int tm = grid >>> 16, tn = grid & 0xFFFF;
        int mu = ceilDiv(m, rowUnit);
        int nu = ceilDiv(n, colUnit);
        Team.forEach(tm * tn, t -> {
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
}
