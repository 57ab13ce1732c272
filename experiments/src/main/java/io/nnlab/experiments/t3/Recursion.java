package io.nnlab.experiments.t3;

import io.nnlab.experiments.Result;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Section 6: recursion and dynamic programming, the idea behind backprop's reuse of partial
 * derivatives. Factorial by recursion; Fibonacci naively (exponential calls) and memoised
 * (each value computed once). The calls are counted: the work each does, whatever the machine.
 */
final class Recursion {
    private Recursion() {}

    static long factorial(int n) {
        return n == 1 ? 1 : n * factorial(n - 1);
    }

    /** The tutorial's fib (1 for n <= 2), adding each call to calls[0]. */
    static long fibonacci(int n, long[] calls) {
        calls[0]++;
        return n <= 2 ? 1 : fibonacci(n - 1, calls) + fibonacci(n - 2, calls);
    }

    /** The tutorial's mfib: memo[n - 1] holds fib(n) once known, 0 before; each call added to calls[0]. */
    static long memoFibonacci(int n, long[] memo, long[] calls) {
        calls[0]++;
        if (memo[n - 1] != 0) return memo[n - 1];
        memo[n - 1] = n <= 2 ? 1 : memoFibonacci(n - 1, memo, calls) + memoFibonacci(n - 2, memo, calls);
        return memo[n - 1];
    }

    /** How many calls fib(n) makes, naively and memoised from an empty memo: {naive, memoised}. */
    static long[] calls(int n) {
        long[] naive = {0}, memoised = {0};
        fibonacci(n, naive);
        memoFibonacci(n, new long[n], memoised);
        return new long[]{naive[0], memoised[0]};
    }

    static Result run() {
        Result r = new Result("t3.recursion");
        r.metric("fac5", factorial(5));
        long fib10 = fibonacci(10, new long[1]);
        if (memoFibonacci(10, new long[10], new long[1]) != fib10) throw new AssertionError("naive and memoised fib(10) differ");
        r.metric("fib10", fib10);
        r.metric("fib30_naive_ms", millisPerCall(() -> fibonacci(30, new long[1]), 5));
        r.metric("fib30_memo_ms", millisPerCall(() -> memoFibonacci(30, new long[30], new long[1]), 2000));
        r.printed("fac5", 120, 0).printed("fib10", 55, 0);
        long[] calls = calls(30);
        r.note(String.format(Locale.ROOT, "fib(30) takes %,d calls naively (2 fib(30) - 1) and %d memoised (2 · 30 - 3): "
                + "the work the two timings measure.", calls[0], calls[1]));
        r.note("Times are the mean over repeated calls after one warm-up call, on one JVM thread, and are reported, not "
                + "judged: they depend on the machine and on what else it runs. The memoised time starts each call from "
                + "an empty memo, so it measures the 30-step dynamic programme; the tutorial's %timeit reused one filled "
                + "memo across its loops, so after the first loop it timed a single lookup.");
        return r;
    }

    /** Written after timing so that the JIT cannot drop the timed calls as dead code. */
    private static volatile long sink;

    private static double millisPerCall(LongSupplier call, int calls) {
        long acc = call.getAsLong();
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) acc += call.getAsLong();
        double ms = (System.nanoTime() - t0) / 1e6 / calls;
        sink = acc;
        return ms;
    }
}
