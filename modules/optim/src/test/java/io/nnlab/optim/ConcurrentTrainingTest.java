package io.nnlab.optim;

import io.nnlab.nn.ConcurrentUseException;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model, loss or optimiser used by two threads at once fails fast and never trains on mixed state;
 * separate models in parallel threads train to the bits they reach one after another.
 */
class ConcurrentTrainingTest {

    private static final DType F32 = DType.FLOAT32;
    private static final Tensor X = Tensor.normal(F32, new Rng(1), 0, 1, 48, 6);
    private static final Tensor Y = Tensor.normal(F32, new Rng(2), 0, 1, 48, 3);

    private static Sequential model(String name, long seed) {
        return Sequential.builder().name(name).input(6).dense(16, Activation.TANH).dense(3).build(F32, seed);
    }

    private static FitOptions options(int epochs, Callback... callbacks) {
        return FitOptions.builder().epochs(epochs).batchSize(8).seed(4).callbacks(callbacks).build();
    }

    /** Holds its fit at the end of the first epoch until released. */
    private static final class Pause implements Callback {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
            if (epoch != 0) return;
            paused.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What {@code use} throws on a thread named {@code name}, with that thread's description. */
    private static String[] failureOn(String name, Runnable use) throws InterruptedException {
        FutureTask<Void> task = new FutureTask<>(use, null);
        Thread t = new Thread(task, name);
        t.start();
        ExecutionException e = assertThrows(ExecutionException.class, task::get);
        assertTrue(e.getCause() instanceof ConcurrentUseException, String.valueOf(e.getCause()));
        return new String[] {e.getCause().getMessage(), id(t)};
    }

    private static String id(Thread t) { return "'" + t.getName() + "' (#" + t.threadId() + ")"; }

    @Test
    void aSecondThreadUsingAModelLossOrOptimiserInAFitFailsFastNamingBothUses() throws Exception {
        Sequential shared = model("shared", 7);
        MeanSquaredError loss = new MeanSquaredError();
        Adam adam = new Adam(0.01);
        Pause pause = new Pause();
        Thread a = new Thread(() -> new Trainer(shared, loss, adam).fit(X, Y, options(3, pause)), "fit-a");
        a.start();
        assertTrue(pause.paused.await(30, TimeUnit.SECONDS));

        String tail = " on it; Sequential 'shared' keeps state from call to call and is used by one thread at a time:"
                + " give each thread its own";
        String[] e = failureOn("fit-b", () -> new Trainer(shared, new MeanSquaredError(), new Adam(0.01)).fit(X, Y,
                options(3)));
        assertEquals("Sequential 'shared': fit on thread " + e[1] + " while thread " + id(a) + " is in fit" + tail, e[0]);
        e = failureOn("fit-b", () -> new Trainer(shared, new MeanSquaredError(), new Adam()).evaluate(X, Y));
        assertEquals("Sequential 'shared': evaluate on thread " + e[1] + " while thread " + id(a) + " is in fit" + tail,
                e[0]);
        e = failureOn("plot", () -> shared.predict(X));
        assertEquals("Sequential 'shared': predict on thread " + e[1] + " while thread " + id(a) + " is in fit" + tail,
                e[0]);
        e = failureOn("fit-b", () -> shared.computeGradients(X, Y, new MeanSquaredError()));
        assertEquals("Sequential 'shared': computeGradients on thread " + e[1] + " while thread " + id(a) + " is in fit"
                + tail, e[0]);
        // The loss and the optimiser of the running fit are guarded as well.
        e = failureOn("sweep", () -> new Trainer(model("other", 8), loss, new Adam()).fit(X, Y, options(1)));
        assertEquals("the mean_squared_error loss: fit on thread " + e[1] + " while thread " + id(a) + " is in fit on it;"
                + " the mean_squared_error loss keeps state from call to call and is used by one thread at a time: give"
                + " each thread its own", e[0]);
        e = failureOn("sweep", () -> new Trainer(model("other", 8), new MeanSquaredError(), adam).fit(X, Y, options(1)));
        assertEquals("the adam optimiser: fit on thread " + e[1] + " while thread " + id(a) + " is in fit on it; the"
                + " adam optimiser keeps state from call to call and is used by one thread at a time: give each thread"
                + " its own", e[0]);

        pause.release.countDown();
        a.join();
        Sequential alone = model("alone", 7);
        new Trainer(alone, new MeanSquaredError(), new Adam(0.01)).fit(X, Y, options(3));
        assertSameWeights(alone, shared, "the interrupted-at fit trained as if alone");
    }

    @Test
    void aFullBatchEvaluationHoldsTheModelFromPointToGradient() throws Exception {
        Sequential shared = model("bfgs", 3);
        FullBatchObjective f = new FullBatchObjective(shared, new MeanSquaredError(), X, Y);
        Pause pause = new Pause();
        Thread a = new Thread(() -> new Trainer(shared, new MeanSquaredError(), new Adam()).fit(X, Y, options(2, pause)),
                "fit-a");
        a.start();
        assertTrue(pause.paused.await(30, TimeUnit.SECONDS));
        double[] before = f.initialPoint();
        String[] e = failureOn("bfgs", () -> f.evaluate(new double[f.dimension()], new double[f.dimension()]));
        assertEquals("Sequential 'bfgs': a full-batch evaluation on thread " + e[1] + " while thread " + id(a)
                + " is in fit on it; Sequential 'bfgs' keeps state from call to call and is used by one thread at a"
                + " time: give each thread its own", e[0]);
        assertTrue(java.util.Arrays.equals(before, f.initialPoint()), "the refused evaluation set no parameters");
        pause.release.countDown();
        a.join();
    }

    @Test
    void racingFitsOnOneModelEachTrainOnStateNoOtherThreadTouched() throws Exception {
        Sequential shared = model("shared", 9);
        List<Tensor[][]> runs = Collections.synchronizedList(new ArrayList<>()); // {before, after} per finished fit
        List<Throwable> others = Collections.synchronizedList(new ArrayList<>());
        int[] refused = new int[2];
        CyclicBarrier start = new CyclicBarrier(2);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int id = k;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    // 20 finished fits each, retrying after each refusal, so that ownership changes hands.
                    for (int done = 0; done < 20; ) {
                        Tensor[][] run = new Tensor[2][];
                        // Copied while the fit holds the model: before its first step and after its last.
                        Callback record = new Callback() {
                            @Override
                            public void onTrainBegin(TrainingRun r) { run[0] = copy(shared); }

                            @Override
                            public void onTrainEnd(TrainingRun r) { run[1] = copy(shared); }
                        };
                        try {
                            new Trainer(shared, new MeanSquaredError(), new Adam(0.01)).fit(X, Y, options(1, record));
                            runs.add(run);
                            done++;
                        } catch (ConcurrentUseException expected) {
                            refused[id]++;
                            Thread.yield();
                        }
                    }
                } catch (Throwable e) {
                    others.add(e);
                }
            }, "racer-" + k));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        assertEquals(List.of(), others, "no error but the guard's");
        assertEquals(40, runs.size());
        // Each fit that finished is the fit of a model no one else touched: replayed alone, from the weights it
        // started with, it gives the same bits.
        for (Tensor[][] run : runs) {
            Sequential replay = model("replay", 9);
            for (int i = 0; i < replay.weights().size(); i++) replay.weights().get(i).value().copyFrom(run[0][i]);
            new Trainer(replay, new MeanSquaredError(), new Adam(0.01)).fit(X, Y, options(1));
            for (int i = 0; i < replay.weights().size(); i++) {
                assertTrue(run[1][i].bitEquals(replay.weights().get(i).value()), replay.weights().get(i).name());
            }
        }
    }

    @Test
    void independentModelsInParallelThreadsGiveTheBitsOfSequentialRuns() throws Exception {
        int n = 4;
        Tensor x = Tensor.normal(F32, new Rng(5), 0, 1, 256, 64);
        Tensor y = Tensor.zeros(F32, 256);
        Rng labels = new Rng(6);
        for (int i = 0; i < 256; i++) y.setFlat(i, labels.nextInt(10));
        List<Sequential> sequential = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Sequential m = mlp(k);
            fitMlp(m, x, y, k);
            sequential.add(m);
        }
        List<Sequential> parallel = new ArrayList<>();
        for (int k = 0; k < n; k++) parallel.add(mlp(k));
        CyclicBarrier start = new CyclicBarrier(n);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int id = k;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    fitMlp(parallel.get(id), x, y, id);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "seed-" + k));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        assertEquals(List.of(), errors);
        for (int k = 0; k < n; k++) assertSameWeights(sequential.get(k), parallel.get(k), "seed " + k);
    }

    private static Sequential mlp(long seed) {
        return Sequential.builder().input(64).dense(128, Activation.RELU).dense(10, Activation.SOFTMAX).build(F32, seed);
    }

    private static void fitMlp(Sequential m, Tensor x, Tensor y, long seed) {
        new Trainer(m, new SparseCategoricalCrossEntropy(), new Adam(), Accuracy.sparseCategorical())
                .fit(x, y, FitOptions.builder().epochs(3).batchSize(32).seed(seed).build());
    }

    private static Tensor[] copy(Sequential m) {
        return m.weights().stream().map(p -> p.value().copy()).toArray(Tensor[]::new);
    }

    private static void assertSameWeights(Sequential expected, Sequential actual, String what) {
        for (int i = 0; i < expected.weights().size(); i++) {
            Parameter p = expected.weights().get(i);
            assertTrue(p.value().bitEquals(actual.weights().get(i).value()), what + ": " + p.name());
        }
    }
}
