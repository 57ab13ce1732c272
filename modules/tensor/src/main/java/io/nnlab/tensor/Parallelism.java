package io.nnlab.tensor;

/**
 * How many threads nnlab's large kernels (matrix products) may use: the calling thread and up to
 * {@code threads() - 1} helper threads.
 *
 * <p>The count is the system property {@code nnlab.threads} (default
 * {@link Runtime#availableProcessors()}), and can be changed at run time with
 * {@link #setThreads(int)} or, for one piece of work, {@link #withThreads(int, Runnable)}; that is
 * how tests and benchmarks compare thread counts in one JVM. The setting is global, not per
 * caller. Results do not depend on it: kernels split only their output, never a reduction, so
 * they are bit-identical whatever the count, and a concurrent change only affects speed.
 */
public final class Parallelism {

    /** The property that sizes the team. */
    public static final String THREADS_PROPERTY = "nnlab.threads";

    private static volatile int threads = initialThreads();

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
}
