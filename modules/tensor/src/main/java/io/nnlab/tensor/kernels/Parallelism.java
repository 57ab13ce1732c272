package io.nnlab.tensor.kernels;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The threads large kernels may use: a shared {@link ForkJoinPool}, created on first use.
 *
 * <p>The thread count is the system property {@code nnlab.threads} (default
 * {@link Runtime#availableProcessors()}), and can be changed at run time with
 * {@link #setThreads(int)} or, for one piece of work, {@link #withThreads(int, Runnable)} — that is
 * how tests and benchmarks compare thread counts in one JVM. The setting is global, not per
 * caller: kernels split only their output (never a reduction) across tasks, so results are
 * bit-identical whatever the count, and a concurrent change only affects speed.
 */
public final class Parallelism {

    /** The property that sizes the pool. */
    public static final String THREADS_PROPERTY = "nnlab.threads";

    private static volatile int threads = initialThreads();

    // One pool per count ever asked for; idle workers time out, so unused pools cost nothing.
    // Pools are never shut down, so a caller racing a count change still finds its pool alive.
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private Parallelism() {
    }

    private static int initialThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        String v = System.getProperty(THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            return cores;
        }
        try {
            int t = Integer.parseInt(v.trim());
            if (t < 1) {
                throw new IllegalArgumentException(THREADS_PROPERTY + " must be >= 1, got " + v);
            }
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + v + "'", e);
        }
    }

    /** The number of threads kernels currently split their work across (1 = the caller only). */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count for all later kernel calls in this JVM. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code work} with the thread count set to {@code n}, then restores the previous count.
     * Meant for tests and benchmarks; calls that overlap from several threads share one setting.
     */
    public static void withThreads(int n, Runnable work) {
        int previous = threads;
        setThreads(n);
        try {
            work.run();
        } finally {
            threads = previous;
        }
    }

    /**
     * Runs {@code task.accept(i)} for every i in [0, tasks), across the pool when the current
     * thread count is above 1, and returns when all have finished. Tasks must be independent.
     */
    static void forEach(int tasks, IntConsumer task) {
        int t = threads;
        if (tasks <= 1 || t <= 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        ForkJoinPool pool = pool(t);
        Split root = new Split(task, 0, tasks);
        if (ForkJoinTask.getPool() == pool) {
            root.invoke();  // already a worker of this pool: fork in place rather than block a worker
        } else {
            pool.invoke(root);
        }
    }

    private static ForkJoinPool pool(int t) {
        return POOLS.computeIfAbsent(t, n -> new ForkJoinPool(n, p -> {
            ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            w.setName("nnlab-kernels-" + n + "-" + w.getPoolIndex());
            w.setDaemon(true);
            return w;
        }, null, false));
    }

    /** Halves the index range until one index is left; the half kept runs in the current thread. */
    private static final class Split extends RecursiveAction {
        private final IntConsumer task;
        private final int from;
        private final int to;

        Split(IntConsumer task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                task.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Split(task, from, mid), new Split(task, mid, to));
        }
    }
}
