package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.losses.Loss;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One model, or one loss, used from two threads at once: the second use fails at once and changes nothing. */
class ConcurrentUseTest {

    private static final DType F64 = DType.FLOAT64;
    private static final Tensor X = Tensor.normal(F64, new Rng(1), 0, 1, 5, 3);
    private static final Tensor Y = Tensor.normal(F64, new Rng(2), 0, 1, 5, 2);

    /** An identity layer that, once armed, holds the thread in its forward until released. */
    static final class Gate implements Layer {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed;
        private boolean built;

        @Override public String name() { return "gate"; }
        @Override public void build(int[] inputShape, DType dtype, Rng rng) { built = true; }
        @Override public boolean isBuilt() { return built; }
        @Override public int[] outputShape(int[] inputShape) { return inputShape; }
        @Override public Tensor backward(Tensor gradOut) { return gradOut; }
        @Override public List<Parameter> parameters() { return List.of(); }

        @Override
        public Tensor forward(Tensor x, Mode mode) {
            if (armed) {
                armed = false;
                entered.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return x;
        }
    }

    private static Sequential model(String name, Gate gate) {
        Sequential.Builder b = Sequential.builder().name(name).input(3).dense(4, Activation.TANH);
        if (gate != null) b.add(gate);
        return b.dense(2).build(F64, 7);
    }

    /** Runs {@code use} on a thread of this name and returns what it threw. */
    private static Throwable thrownOn(String thread, Runnable use) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                use.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, thread);
        t.start();
        t.join();
        return thrown.get();
    }

    private static String id(Thread t) { return "'" + t.getName() + "' (#" + t.threadId() + ")"; }

    @Test
    void aSecondThreadFailsFastNamingTheModelAndBothUsesAndChangesNothing() throws Exception {
        Gate gate = new Gate();
        Sequential shared = model("shared", gate);
        Loss loss = new MeanSquaredError();
        AtomicReference<Double> lossA = new AtomicReference<>();
        Thread a = new Thread(() -> lossA.set(shared.computeGradients(X, Y, loss)), "trainer-a");
        gate.armed = true;
        a.start();
        assertTrue(gate.entered.await(30, TimeUnit.SECONDS));

        Map<String, Consumer<Sequential>> uses = Map.of(
                "predict", m -> m.predict(X),
                "evaluate", m -> m.evaluate(X, Y, new MeanSquaredError()),
                "computeGradients", m -> m.computeGradients(X, Y, new MeanSquaredError()),
                "forward", m -> m.forward(X, Mode.INFERENCE),
                "backward", m -> m.backward(Y));
        for (Map.Entry<String, Consumer<Sequential>> use : uses.entrySet()) {
            Thread[] b = new Thread[1];
            Throwable e = thrownOn("trainer-b", () -> {
                b[0] = Thread.currentThread();
                use.getValue().accept(shared);
            });
            assertTrue(e instanceof ConcurrentUseException, use.getKey() + ": " + e);
            assertEquals("Sequential 'shared': " + use.getKey() + " on thread " + id(b[0]) + " while thread " + id(a)
                    + " is in computeGradients on it; Sequential 'shared' keeps state from call to call and is used by"
                    + " one thread at a time: give each thread its own", e.getMessage());
        }
        gate.release.countDown();
        a.join();

        // The refused calls changed nothing: thread a's step is the step of a model no one else touched.
        Sequential alone = model("alone", new Gate());
        assertEquals(alone.computeGradients(X, Y, new MeanSquaredError()), lossA.get());
        for (int i = 0; i < alone.weights().size(); i++) {
            assertTrue(alone.weights().get(i).grad().bitEquals(shared.weights().get(i).grad()), alone.weights().get(i).name());
        }
        // Once a is done, another thread may use the model.
        assertEquals(null, thrownOn("trainer-b", () -> shared.predict(X)));
    }

    @Test
    void oneLossSharedByTwoModelsInTwoThreadsIsCaught() throws Exception {
        Gate gate = new Gate();
        Sequential first = model("first", gate);
        Sequential second = model("second", null);
        Loss loss = new MeanSquaredError();
        Thread a = new Thread(() -> first.computeGradients(X, Y, loss), "sweep-1");
        gate.armed = true;
        a.start();
        assertTrue(gate.entered.await(30, TimeUnit.SECONDS));
        Thread[] b = new Thread[1];
        Throwable e = thrownOn("sweep-2", () -> {
            b[0] = Thread.currentThread();
            second.computeGradients(X, Y, loss);
        });
        gate.release.countDown();
        a.join();
        assertTrue(e instanceof ConcurrentUseException, String.valueOf(e));
        assertEquals("the mean_squared_error loss: a loss computation of Sequential 'second' on thread " + id(b[0])
                + " while thread " + id(a) + " is in a loss computation of Sequential 'first' on it; the"
                + " mean_squared_error loss keeps state from call to call and is used by one thread at a time: give each"
                + " thread its own", e.getMessage());
        // The second model's guard was released on the way out.
        assertEquals(null, thrownOn("sweep-2", () -> second.computeGradients(X, Y, new MeanSquaredError())));
    }

    @Test
    void usesNestOnOneThreadAndAnUnmatchedExitIsAnError() {
        UseGuard g = new UseGuard("thing");
        g.during("outer", () -> {
            g.enter("inner");
            g.exit();
            return null;
        });
        var e = assertThrows(IllegalStateException.class, g::exit);
        assertTrue(e.getMessage().startsWith("thing: exit() without a matching enter() on thread"), e.getMessage());
    }
}
