package io.nnlab.tensor.internal;

import io.nnlab.tensor.Parallelism;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel team: every task once, really in parallel, errors and nesting handled. */
class TeamTest {

    @Test
    void everyTaskRunsExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            for (int tasks = 0; tasks <= 9; tasks++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(tasks, 1));
                int n = tasks;
                Parallelism.withThreads(threads, () -> {
                    for (int rep = 0; rep < 50; rep++) {
                        Team.forEach(n, runs::incrementAndGet);
                    }
                });
                for (int i = 0; i < tasks; i++) {
                    assertEquals(50, runs.get(i), "task " + i + " of " + tasks + " on " + threads + " threads");
                }
            }
        }
    }

    /** Each task waits for the other to start: this only finishes if two threads run them at once. */
    @Test
    void twoThreadsRunTwoTasksAtOnce() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger timedOut = new AtomicInteger();
        Parallelism.withThreads(2, () -> Team.forEach(2, i -> {
            ran.add(Thread.currentThread());
            startAndWaitForTheOther(bothStarted, timedOut);
        }));
        assertEquals(0, timedOut.get(), "a task waited 10 s for the other to start");
        assertEquals(2, ran.size());
    }

    /**
     * Job after job, the caller runs its own share (task 0 of two) and the helper its (task 1), so
     * each keeps the same part of the data in its core's caches. Each task waits for the other to
     * start, so neither thread can finish its own and take the other's.
     */
    @Test
    void eachThreadRunsItsOwnShareJobAfterJob() {
        Thread caller = Thread.currentThread();
        AtomicInteger swapped = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        Parallelism.withThreads(2, () -> {
            for (int job = 0; job < 200; job++) {
                CountDownLatch bothStarted = new CountDownLatch(2);
                Thread[] ranBy = new Thread[2];
                Team.forEach(2, i -> {
                    ranBy[i] = Thread.currentThread();
                    startAndWaitForTheOther(bothStarted, timedOut);
                });
                if (ranBy[0] != caller || ranBy[1] == caller) {
                    swapped.incrementAndGet();
                }
            }
        });
        assertEquals(0, timedOut.get(), "a task waited 10 s for the other to start");
        assertEquals(0, swapped.get(), "jobs of 200 whose tasks ran on the other thread");
    }

    /** Counts this task as started, then waits up to 10 s for the other (counting a timeout). */
    /**
     * A job that wakes no one runs every task, and once the helper has parked, runs them all on
     * the caller: the helper is left asleep.
     */
    @Test
    void forEachAwakeLeavesAParkedHelperAsleep() throws InterruptedException {
        Thread caller = Thread.currentThread();
        Parallelism.withThreads(2, () -> Team.forEach(2, i -> { }));   // the helper exists, then spins and parks
        Thread helper = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("nnlab-kernels-0")).findFirst().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (helper.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, helper.getState(), "the helper parks once it has idled");
        List<Thread> ranOn = new ArrayList<>();
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        Parallelism.withThreads(2, () -> Team.forEachAwake(5, i -> {
            synchronized (ranOn) {
                ranOn.add(Thread.currentThread());
            }
            runs.incrementAndGet(i);
        }));
        for (int i = 0; i < 5; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
        assertTrue(ranOn.stream().allMatch(t -> t == caller), "tasks ran on " + ranOn);
    }

    private static void startAndWaitForTheOther(CountDownLatch bothStarted, AtomicInteger timedOut) {
        bothStarted.countDown();
        try {
            if (!bothStarted.await(10, TimeUnit.SECONDS)) {
                timedOut.incrementAndGet();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailingTaskIsRethrownAfterTheOthersFinish() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("task 3 failed");
        Parallelism.withThreads(2, () -> {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                    Team.forEach(8, i -> {
                        if (i == 3) {
                            throw boom;
                        }
                        finished.incrementAndGet();
                    }));
            assertSame(boom, thrown);
            assertEquals(7, finished.get());
            // The team is still usable.
            AtomicInteger again = new AtomicInteger();
            Team.forEach(4, i -> again.incrementAndGet());
            assertEquals(4, again.get());
        });
    }

    @Test
    void aKernelInsideATaskRunsInline() {
        AtomicInteger inner = new AtomicInteger();
        Parallelism.withThreads(2, () -> Team.forEach(2, i -> Team.forEach(3, j -> inner.incrementAndGet())));
        assertEquals(6, inner.get());
    }

    @Test
    void concurrentCallersEachGetAllTheirTasks() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> sums = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                sums.add(callers.submit(() -> {
                    int total = 0;
                    for (int rep = 0; rep < 200; rep++) {
                        AtomicInteger sum = new AtomicInteger();
                        Team.forEach(5, i -> sum.addAndGet(i + 1));
                        total += sum.get();
                    }
                    return total;
                }));
            }
            for (Future<Integer> f : sums) {
                assertEquals(200 * 15, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdown();
        }
        assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
    }
}
