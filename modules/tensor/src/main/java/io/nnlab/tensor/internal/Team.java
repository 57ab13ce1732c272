package io.nnlab.tensor.internal;

import io.nnlab.tensor.Parallelism;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The helper threads that large kernels split their work across: the calling thread and up to
 * {@link Parallelism#threads()} - 1 helpers, started on first use.
 *
 * <p>Kernels split only their output (never a reduction) across tasks, so results are
 * bit-identical whatever the thread count or whichever thread runs a task.
 *
 * <p>Helpers spin for {@link #SPIN_NANOS} after each job before they park, as OpenMP and OpenBLAS
 * threads do: waking a parked thread can take as long as a 256³ float32 GEMM on one core of a
 * virtual machine, so back-to-back kernels of a training step find the helpers awake. The caller
 * works too and takes any task no helper has started, so a helper that wakes late costs little
 * more than running alone.
 *
 * <p>The team runs one job at a time. A kernel called while it is busy (from another thread,
 * or from inside a task) runs its tasks itself, in order: callers that are already parallel,
 * such as a seed sweep, do not multiply threads.
 */
final class Team {

    /** How long an idle helper (or a waiting caller) spins before it parks. */
    static final long SPIN_NANOS = 200_000;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    // Both guarded by BUSY: only the job's caller starts helpers and numbers jobs.
    private static final List<Helper> HELPERS = new ArrayList<>();
    private static long jobCount;
    /** The job being run, or null; helpers watch it. Cleared after each job so it keeps no arrays alive. */
    private static volatile Job current;

    private Team() {
    }

    /**
     * How many tasks to split work of this size into: one per thread, but none smaller than
     * minPerTask, whose hand-off to a helper would cost more than it saves; 1 on one thread.
     */
    static int tasks(long work, long minPerTask) {
        return (int) Math.max(1, Math.min(Parallelism.threads(), work / minPerTask));
    }

    /**
     * The start of chunk t of n elements cut into `tasks` chunks of whole vectors of `lanes`:
     * every chunk but the last ends on a vector boundary, so a kernel run chunk by chunk takes
     * its scalar tail where it would on one thread, and gives the same bits.
     */
    static int chunkStart(int t, int tasks, int n, int lanes) {
        long vectors = n / lanes;
        return t == tasks ? n : (int) (vectors * t / tasks) * lanes;
    }

    /**
     * Runs {@code task.accept(i)} for every i in [0, tasks), across the team when the current
     * thread count is above 1, and returns when all have finished. Tasks must be independent.
     * An exception from a task reaches the caller; on the team, only once every other task has
     * finished, so that none is still writing when the caller sees it.
     */
    static void forEach(int tasks, IntConsumer task) {
        forEach(tasks, task, true);
    }

    /**
     * {@link #forEach}, but no helper is woken: one still spinning after the last job joins in,
     * and the caller runs whatever no helper has started. For memory-bound work too short to
     * repay waking a parked thread, such as an optimiser's update after a training step's
     * products (which leave the helpers spinning on a large net, and parked on a small one).
     */
    static void forEachAwake(int tasks, IntConsumer task) {
        forEach(tasks, task, false);
    }

    private static void forEach(int tasks, IntConsumer task, boolean wake) {
        int helpers = Math.min(Parallelism.threads(), tasks) - 1;
        if (helpers <= 0 || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        try {
            while (wake && HELPERS.size() < helpers) {
                HELPERS.add(new Helper(HELPERS.size()));
            }
            helpers = Math.min(helpers, HELPERS.size());
            Job job = new Job(++jobCount, task, tasks, helpers, Thread.currentThread());
            current = job;
            for (int h = 0; wake && h < helpers; h++) {
                LockSupport.unpark(HELPERS.get(h).thread);
            }
            job.work(0);
            job.await();
            current = null;
            job.rethrow();
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * One call of {@link #forEach}. Participant p (the caller is 0, helper h is h + 1) runs tasks p,
     * p + n, p + 2n, ... of the n participants first, then any task no one has started. So each
     * thread gets the same share of a kernel's data job after job, and it stays in that core's
     * caches. (Where whoever was free took the next task, a spinning helper took the caller's in
     * most jobs, the two threads' shares swapped back and forth, and MNIST's batch-256 step on two
     * threads ran far slower in some JVMs.) A helper that wakes late still costs little: the others
     * take its tasks.
     */
    private static final class Job {
        final long id;
        final IntConsumer task;
        final int tasks;
        final int helpers;
        final Thread caller;
        /** 1 once some participant has started the task. */
        final AtomicIntegerArray started;
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(long id, IntConsumer task, int tasks, int helpers, Thread caller) {
            this.id = id;
            this.task = task;
            this.tasks = tasks;
            this.helpers = helpers;
            this.caller = caller;
            this.started = new AtomicIntegerArray(tasks);
        }

        void work(int participant) {
            for (int i = participant; i < tasks; i += helpers + 1) {
                run(i);
            }
            for (int i = 0; i < tasks; i++) {
                run(i);
            }
        }

        private void run(int i) {
            if (started.get(i) != 0 || !started.compareAndSet(i, 0, 1)) {
                return;
            }
            try {
                task.accept(i);
            } catch (Throwable e) {
                if (error == null) {
                    error = e;
                }
            } finally {
                if (done.incrementAndGet() == tasks && Thread.currentThread() != caller) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Until every task has finished: spins a while, then parks until the last one unparks it. */
        void await() {
            long start = System.nanoTime();
            while (done.get() < tasks) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void rethrow() {
            Throwable e = error;
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error r) {
                throw r;
            }
            if (e != null) {
                throw new IllegalStateException("a parallel kernel task failed", e);
            }
        }
    }

    /**
     * A daemon thread that runs its share of each job, spinning between jobs and parking when idle.
     * It never exits, so it keeps its per-thread GEMM packing buffers (a few MiB at most) for the next job.
     */
    private static final class Helper implements Runnable {
        final int index;
        final Thread thread;

        Helper(int index) {
            this.index = index;
            this.thread = new Thread(this, "nnlab-kernels-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            long seen = 0;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = current;
                if (job != null && job.id != seen) {
                    seen = job.id;
                    if (index < job.helpers) {
                        job.work(index + 1);
                    }
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(Team.class);
                }
            }
        }
    }
}
