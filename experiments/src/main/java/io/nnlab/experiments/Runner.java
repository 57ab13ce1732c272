package io.nnlab.experiments;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs experiments once per JVM and keeps their results for the tests and the report.
 *
 * <p>Settings (system properties): {@code nnlab.seeds} (default 1) runs every stochastic result
 * over seeds 1..N in parallel across cores, the seed-1 run heading the sweep;
 * {@code nnlab.dtype} overrides each experiment's own dtype; the backend is the JVM's
 * ({@code nnlab.backend}).
 */
public final class Runner {
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    private Runner() {}

    public static int seeds() {
        String s = System.getProperty("nnlab.seeds", "1").trim();
        try {
            int n = s.isEmpty() ? 1 : Integer.parseInt(s);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nnlab.seeds: expected a whole number >= 1, got '" + s + "'");
        }
    }

    /** The dtype an experiment runs in: -Dnnlab.dtype if set, else the experiment's own. */
    public static DType dtypeFor(Experiment e) {
        String s = System.getProperty("nnlab.dtype", "").trim();
        return s.isEmpty() ? e.defaultType() : DType.parse(s);
    }

    /** The result of an experiment, computed on first request. */
    public static Result result(String id) {
        Result r = RESULTS.get(id);
        if (r != null) return r;
        synchronized (Runner.class) {
            return RESULTS.computeIfAbsent(id, k -> run(Catalog.experiment(k), seeds()));
        }
    }

    /** Every result computed so far in this JVM. */
    public static Collection<Result> results() { return List.copyOf(RESULTS.values()); }

    /** Runs one experiment: once, or over seeds 1..n when it is stochastic and n > 1. */
    public static Result run(Experiment e, int n) {
        DType dtype = dtypeFor(e);
        if (!e.stochastic() || n <= 1) return runOnce(e, 1, dtype);
        int threads = Math.min(n, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (long seed = 1; seed <= n; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> runOnce(e, s, dtype)));
            }
            List<Result> runs = new ArrayList<>();
            for (Future<Result> f : futures) runs.add(f.get());
            Result head = runs.get(0);
            head.sweep(new Sweep(runs));
            return head;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e.id() + ": interrupted", ex);
        } catch (ExecutionException ex) {
            throw new IllegalStateException(e.id() + " failed: " + ex.getCause().getMessage(), ex.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Runs the body once; wall_ms is the body's compute alone, since figures stay data until the report renders them. */
    public static Result runOnce(Experiment e, long seed, DType dtype) {
        long t0 = System.nanoTime();
        Result r;
        try {
            r = e.body().run(seed, dtype);
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new IllegalStateException(e.id() + " failed: " + ex.getMessage(), ex);
        }
        r.wallMs((System.nanoTime() - t0) / 1e6);
        r.seed(seed).dtype(dtype.label());
        return r;
    }

    public static String backend() { return Backend.current().label(); }
}
