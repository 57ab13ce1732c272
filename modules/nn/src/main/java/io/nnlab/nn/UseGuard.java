package io.nnlab.nn;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps an object that holds state from call to call (a model, a loss, an optimiser) to one thread
 * at a time, and says so loudly: the thread that starts a use owns the object until that use ends, and
 * a use from another thread meanwhile fails at once with a {@link ConcurrentUseException} naming the
 * object and both uses (thread and operation), before it has touched any state. Uses nest on the owning
 * thread (a fit that calls computeGradients). Different threads may use the object one after another.
 *
 * <pre>{@code
 * guard.enter("step");
 * try {
 *     ... // the work
 * } finally {
 *     guard.exit();
 * }
 * }</pre>
 *
 * <p>A use costs one atomic compare-and-set (or, nested, a read) and allocates nothing, so it can
 * guard every training step. A layer, loss or model of your own can hold one the same way.
 */
public final class UseGuard {
    private final String what;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private volatile String operation;
    private int depth; // touched only by the owning thread

    /** @param what the guarded object as messages name it, e.g. "Sequential 'mnist'" */
    public UseGuard(String what) { this.what = what; }

    /**
     * Starts a use by the calling thread.
     *
     * @throws ConcurrentUseException when another thread is using the object
     */
    public void enter(String operation) {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            depth++;
            return;
        }
        while (!owner.compareAndSet(null, me)) {
            Thread other = owner.get();
            String otherOperation = this.operation;
            if (other != null) {
                throw new ConcurrentUseException(what + ": " + operation + " on thread " + describe(me)
                        + " while thread " + describe(other) + " is in " + (otherOperation == null ? "a call that is just"
                        + " starting" : otherOperation) + " on it; " + what + " keeps state from call to call and is"
                        + " used by one thread at a time: give each thread its own");
            }
        }
        this.operation = operation;
        depth = 1;
    }

    /** Ends the calling thread's innermost use. */
    public void exit() {
        if (owner.get() != Thread.currentThread()) {
            throw new IllegalStateException(what + ": exit() without a matching enter() on thread "
                    + describe(Thread.currentThread()));
        }
        if (--depth == 0) {
            operation = null;
            owner.set(null);
        }
    }

    /** Runs {@code body} as one use: for a whole operation, such as a fit, made of many guarded calls. */
    public <T> T during(String operation, Supplier<T> body) { return during(operation, body, this); }

    /**
     * Runs {@code body} as one use of each guard (null ones skipped), entered in order; if one is
     * taken, those already entered are released and nothing runs.
     */
    public static <T> T during(String operation, Supplier<T> body, UseGuard... guards) {
        int entered = 0;
        try {
            for (UseGuard g : guards) {
                if (g != null) g.enter(operation);
                entered++;
            }
            return body.get();
        } finally {
            for (int i = entered - 1; i >= 0; i--) if (guards[i] != null) guards[i].exit();
        }
    }

    private static String describe(Thread t) { return "'" + t.getName() + "' (#" + t.threadId() + ")"; }

    @Override
    public String toString() { return "UseGuard(" + what + ")"; }
}
