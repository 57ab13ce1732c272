package io.nnlab.experiments;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Runs experiments once per JVM and keeps their results for the tests and the report.
 *
 * <p>Every (result, seed) run is a task on one small pool, one thread per core, so independent runs
 * use the free cores. Each run draws everything from its own seed and shares nothing it writes, and
 * the kernels' thread team runs a kernel on the calling thread when it is busy; so a run gives
 * bit-identical metrics on the pool, next to any other run, and alone. A result marked
 * {@link Experiment#exclusive() exclusive} (MNIST: its products use every core, and its epoch time is a
 * reported metric) waits until the pool is idle and runs alone.
 *
 * <p>Settings (system properties): {@code nnlab.seeds} runs every stochastic result over seeds 1..N
 * instead of its {@link Experiment#defaultSeeds() default}; {@code nnlab.dtype} overrides each
 * experiment's own dtype; {@code nnlab.workers} sizes the pool (default: the cores); the backend is
 * the JVM's ({@code nnlab.backend}). The seed-1 run heads its sweep.
 */
public final class Runner {
    private static final int WORKERS = wholeNumber("nnlab.workers").orElse(Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(WORKERS, task -> {
        Thread t = new Thread(task, "nnlab-run-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    /** Shared by ordinary runs, held alone by an exclusive one; fair, so a waiting exclusive run is not starved. */
    private static final ReentrantReadWriteLock MACHINE = new ReentrantReadWriteLock(true);

    /** What was asked: a result over seeds 1..seeds, trained or untrained. */
    private record Key(String id, int seeds, boolean trained) {}

    private static final Map<Key, CompletableFuture<Result>> COMPUTED = new ConcurrentHashMap<>();

    // The compute's wall time: the time during which at least one run was going. Guarded by CLOCK.
    private static final Object CLOCK = new Object();
    private static int active;
    private static int finished;
    private static long busySince;
    private static long busyNanos;

    private Runner() {}

    /** The seed count -Dnnlab.seeds sets for every stochastic result, if set. */
    public static OptionalInt seedsOverride() {
        return wholeNumber("nnlab.seeds");
    }

    /** A whole number >= 1 from a system property, if set and not blank. */
    private static OptionalInt wholeNumber(String property) {
        String s = System.getProperty(property, "").trim();
        if (s.isEmpty()) return OptionalInt.empty();
        try {
            int n = Integer.parseInt(s);
            if (n < 1) throw new NumberFormatException();
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": expected a whole number >= 1, got '" + s + "'");
        }
    }

    /** The seeds the experiment runs over in this JVM: 1 if deterministic, else -Dnnlab.seeds or its default. */
    public static int seeds(Experiment e) {
        if (!e.stochastic()) return 1;
        return seedsOverride().orElse(e.defaultSeeds());
    }

    /** The dtype an experiment runs in: -Dnnlab.dtype if set, else the experiment's own. */
    public static DType dtypeFor(Experiment e) {
        String s = System.getProperty("nnlab.dtype", "").trim();
        return s.isEmpty() ? e.defaultType() : DType.parse(s);
    }

    /** The result of an experiment over its configured seeds ({@link #seeds}), computed on first request. */
    public static Result result(String id) {
        Experiment e = Catalog.experiment(id);
        return result(e, seeds(e));
    }

    /**
     * The experiment over seeds 1..seeds, computed on first request: the seed-1 result, heading a
     * {@link Sweep} of all runs when seeds > 1. A failed computation fails every request the same way.
     */
    public static Result result(Experiment e, int seeds) {
        return join(e, COMPUTED.computeIfAbsent(key(e, seeds, true), k -> submit(e, k)));
    }

    /** The experiment's untrained result over seeds 1..seeds (see {@link Experiment#untrained()}). */
    public static Result untrained(Experiment e, int seeds) {
        if (e.untrained() == null) throw new IllegalArgumentException(e.id() + " trains nothing: it has no untrained result");
        return join(e, COMPUTED.computeIfAbsent(key(e, seeds, false), k -> submit(e, k)));
    }

    /**
     * Computes the experiments over their configured seeds, all at once on the pool, and returns those
     * that succeeded in the order given; the others are in {@link #failures()}.
     */
    public static List<Result> results(List<Experiment> experiments) {
        // The exclusive ones are queued last: they would wait for the pool to empty anyway, and
        // after the rest their first epochs find the kernels they share with them compiled.
        for (Experiment e : experiments) {
            if (!e.exclusive()) COMPUTED.computeIfAbsent(key(e, seeds(e), true), k -> submit(e, k));
        }
        List<CompletableFuture<Result>> futures = new ArrayList<>();
        for (Experiment e : experiments) {
            futures.add(COMPUTED.computeIfAbsent(key(e, seeds(e), true), k -> submit(e, k)));
        }
        List<Result> out = new ArrayList<>();
        for (CompletableFuture<Result> f : futures) {
            try {
                out.add(f.join());
            } catch (CompletionException failed) {
                // listed by failures()
            }
        }
        return out;
    }

    /** Every result computed so far in this JVM over its configured seeds: what the report shows. */
    public static List<Result> results() {
        List<Result> out = new ArrayList<>();
        configured().forEach((id, f) -> {
            if (f.isDone() && !f.isCompletedExceptionally()) out.add(f.join());
        });
        return out;
    }

    /** The experiments whose configured computation failed in this JVM, with the reason (its first cause's message). */
    public static Map<String, String> failures() {
        Map<String, String> out = new LinkedHashMap<>();
        configured().forEach((id, f) -> {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (CompletionException ex) {
                    Throwable why = ex.getCause();
                    while (why.getCause() != null) why = why.getCause();
                    out.put(id, why.getMessage() != null ? why.getMessage() : why.toString());
                }
            }
        });
        return out;
    }

    /**
     * Runs the experiment's computation once, on the calling thread: the result stamped with its seed,
     * dtype, stochasticity and {@code wall_ms}, the computation's elapsed time (figures stay data until
     * the report renders them).
     */
    public static Result runOnce(Experiment e, long seed, DType dtype) {
        return runOnce(e, e.body(), seed, dtype);
    }

    /** The pool's size: how many runs go at once. */
    public static int workers() { return WORKERS; }

    /** How many runs have finished in this JVM. */
    public static int runsFinished() {
        synchronized (CLOCK) {
            return finished;
        }
    }

    /** The compute's wall time so far in milliseconds: the time during which at least one run was going. */
    public static double computeWallMs() {
        synchronized (CLOCK) {
            return (busyNanos + (active > 0 ? System.nanoTime() - busySince : 0)) / 1e6;
        }
    }

    /** The backend this JVM computes on ("simd" or "scalar"). */
    public static String backend() { return Backend.current().label(); }

    // ------------------------------------------------------------------ the pool

    private static Key key(Experiment e, int seeds, boolean trained) {
        if (seeds < 1) throw new IllegalArgumentException(e.id() + ": seeds must be >= 1, got " + seeds);
        return new Key(e.id(), e.stochastic() ? seeds : 1, trained);
    }

    /** The catalogue's results as configured, by id: what the report shows. */
    private static Map<String, CompletableFuture<Result>> configured() {
        Map<String, CompletableFuture<Result>> out = new LinkedHashMap<>();
        for (Experiment e : Catalog.experiments()) {
            CompletableFuture<Result> f = COMPUTED.get(key(e, seeds(e), true));
            if (f != null) out.put(e.id(), f);
        }
        return out;
    }

    /**
     * One task per seed of the key (1 for a deterministic result), trained or not; the seed-1 result,
     * heading the sweep, once all are done.
     */
    private static CompletableFuture<Result> submit(Experiment e, Key k) {
        Experiment.Body body = k.trained() ? e.body() : e.untrained();
        DType dtype = dtypeFor(e);
        int n = k.seeds();
        List<CompletableFuture<Result>> runs = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            long seed = s;
            runs.add(CompletableFuture.supplyAsync(() -> onPool(e, body, seed, dtype), POOL));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Result head = runs.get(0).join();
            if (n > 1) head.sweep(new Sweep(runs.stream().map(f -> f.join().toRun()).toList()));
            return head;
        });
    }

    private static Result onPool(Experiment e, Experiment.Body body, long seed, DType dtype) {
        Lock lock = e.exclusive() ? MACHINE.writeLock() : MACHINE.readLock();
        lock.lock();
        try {
            synchronized (CLOCK) {
                if (active++ == 0) busySince = System.nanoTime();
            }
            try {
                return runOnce(e, body, seed, dtype);
            } finally {
                synchronized (CLOCK) {
                    finished++;
                    if (--active == 0) busyNanos += System.nanoTime() - busySince;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static Result runOnce(Experiment e, Experiment.Body body, long seed, DType dtype) {
        long t0 = System.nanoTime();
        Result r;
        try {
            r = body.run(seed, dtype);
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new IllegalStateException(e.id() + ": " + ex.getMessage(), ex);
        }
        r.wallMs((System.nanoTime() - t0) / 1e6);
        r.seed(seed).dtype(dtype.label()).stochastic(e.stochastic());
        return r;
    }

    /** The result, or the run's own exception (a failed sweep fails with its first failed run's). */
    private static Result join(Experiment e, CompletableFuture<Result> f) {
        try {
            return f.join();
        } catch (CompletionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(e.id() + ": " + cause.getMessage(), cause);
        }
    }
}
