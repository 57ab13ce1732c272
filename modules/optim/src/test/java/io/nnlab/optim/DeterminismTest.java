package io.nnlab.optim;

import io.nnlab.data.Dataset;
import io.nnlab.data.MissingDataException;
import io.nnlab.data.Mnist;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.Loss;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Parallelism;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Same seed, dtype and backend give the same bits: across runs, across thread counts, and across a
 * checkpoint (train 2 epochs = train 1, save, load, train 1).
 *
 * <p>Each net runs on both backends. The first runs of a JVM are interpreted and later ones compiled,
 * so these also check that no kernel changes its bits when the JIT compiles it.
 */
class DeterminismTest {

    @TempDir
    Path dir;

    /** What a training run ends with: every weight, copied. */
    private record Outcome(List<Tensor> weights) {
        static Outcome of(Sequential m) {
            List<Tensor> w = new ArrayList<>();
            for (Parameter p : m.weights()) w.add(p.value().copy());
            return new Outcome(w);
        }

        boolean bitEquals(Outcome o) {
            if (weights.size() != o.weights.size()) return false;
            for (int i = 0; i < weights.size(); i++) if (!weights.get(i).bitEquals(o.weights.get(i))) return false;
            return true;
        }
    }

    /** One training problem on one backend; every call builds a fresh model, loss, optimiser and options. */
    private record Problem(Backend backend, Tensor x, Tensor y, Supplier<Sequential> model, Supplier<Loss> loss,
                           Supplier<Optimizer> optimizer, Supplier<FitOptions.Builder> options) {

        Outcome train(int threads, int epochs) {
            return on(threads, () -> {
                Sequential m = model.get();
                new Trainer(m, loss.get(), optimizer.get()).fit(x, y, options.get().epochs(epochs).build());
                return Outcome.of(m);
            });
        }

        /** Trains `first` epochs, checkpoints, loads into fresh objects, and trains on to `total`. */
        Outcome trainResumed(Path file, int first, int total) {
            return on(1, () -> {
                try {
                    Sequential m = model.get();
                    Optimizer opt = optimizer.get();
                    new Trainer(m, loss.get(), opt).fit(x, y, options.get().epochs(first).build());
                    Checkpoint.save(file, m, opt, first);

                    Checkpoint c = Checkpoint.load(file);
                    Optimizer resumed = optimizer.get();
                    c.restore(resumed);
                    new Trainer(c.model(), loss.get(), resumed).fit(x, y,
                            options.get().epochs(total).initialEpoch(c.epochsCompleted()).build());
                    return Outcome.of(c.model());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        /** Runs work with this problem's backend and the thread count, restoring both after. */
        <T> T on(int threads, Supplier<T> work) {
            Backend before = Backend.current();
            Backend.use(backend);
            try {
                List<T> out = new ArrayList<>();
                Parallelism.withThreads(threads, () -> out.add(work.get()));
                return out.getFirst();
            } finally {
                Backend.use(before);
            }
        }

        void assertSameBitsAcrossRunsAndThreads(int epochs) {
            Outcome reference = train(1, epochs);
            assertTrue(reference.bitEquals(train(1, epochs)), "a second run");
            assertTrue(reference.bitEquals(train(2, epochs)), "2 threads");
            assertTrue(reference.bitEquals(train(3, epochs)), "3 threads");
        }
    }

    // ---------------------------------------------------------------- t1: a 1-10-1 tanh net, steepest descent

    private static Problem t1(Backend backend, DType dtype, Supplier<Optimizer> optimizer) {
        Tensor x = Tensor.linspace(dtype, -1, 1, 41).reshape(41, 1);
        Tensor y = Tensor.zeros(dtype, 41, 1);
        for (int i = 0; i < 41; i++) y.setFlat(i, 0.5 * Math.sin(3 * x.getFlat(i)) + 0.2 * Math.cos(9 * x.getFlat(i)));
        return new Problem(backend, x, y,
                () -> Sequential.builder().input(1).dense(10, Activation.TANH).dense(1).build(dtype, 1),
                MeanSquaredError::new, optimizer, () -> FitOptions.builder().fullBatch());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void t1NetGivesTheSameBitsAcrossRunsAndThreadCounts(DType dtype) {
        for (Backend backend : backends()) {
            Problem p = t1(backend, dtype, () -> new Sgd(0.3));
            p.assertSameBitsAcrossRunsAndThreads(300);
            assertFalse(p.train(1, 300).bitEquals(p.train(1, 299)), "the comparison sees one step");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void t1NetResumedFromACheckpointMatchesOneThatNeverStopped(DType dtype) {
        for (Backend backend : backends()) {
            Problem p = t1(backend, dtype, () -> new Sgd(0.3));
            assertTrue(p.train(1, 300).bitEquals(p.trainResumed(dir.resolve("t1.safetensors"), 150, 300)), backend.toString());
        }
    }

    /** Scalar, and SIMD where this JVM has it. */
    private static List<Backend> backends() {
        return Backend.simdUnavailableReason() == null ? List.of(Backend.SCALAR, Backend.SIMD) : List.of(Backend.SCALAR);
    }

    @Test
    void momentumIsPartOfTheCheckpoint() {
        Problem p = t1(Backend.SCALAR, DType.FLOAT64, () -> new Sgd(0.1, 0.9));
        assertTrue(p.train(1, 200).bitEquals(p.trainResumed(dir.resolve("m.safetensors"), 100, 200)));
    }

    // ---------------------------------------------------------------- MNIST: 784-100-10, Adam, mini-batches

    private static Tensor[] mnist2000;

    /** The first 2000 training images scaled to [0, 1] and their labels; skips the test without MNIST. */
    private static synchronized Tensor[] mnistSubset() {
        if (mnist2000 == null) {
            Mnist m;
            try {
                m = Mnist.load(DType.FLOAT32);
            } catch (MissingDataException e) {
                assumeTrue(false, "MNIST is not available: " + e.getMessage());
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int[] first = new int[2000];
            for (int i = 0; i < first.length; i++) first[i] = i;
            Dataset d = m.train().subset(first);
            Tensor x = d.features().reshape(2000, 784).copy();
            for (int i = 0; i < x.size(); i++) x.setFlat(i, x.getFlat(i) / 255.0);
            Tensor y = Tensor.zeros(DType.FLOAT32, 2000);
            for (int i = 0; i < 2000; i++) y.setFlat(i, d.labels()[i]);
            mnist2000 = new Tensor[]{x, y};
        }
        return mnist2000;
    }

    /** The usual classifier: ReLU, softmax, sparse cross-entropy, Adam, batches of 32. */
    private static Problem mnistClassifier(Backend backend) {
        Tensor[] d = mnistSubset();
        return new Problem(backend, d[0], d[1],
                () -> Sequential.builder().input(784).dense(100, Activation.RELU).dense(10, Activation.SOFTMAX)
                        .build(DType.FLOAT32, 3),
                SparseCategoricalCrossEntropy::new, Adam::new, () -> FitOptions.builder().batchSize(32).seed(17));
    }

    /**
     * On the SIMD backend: ReLU, a linear output fitted to one-hot targets by squared error, Adam; batches
     * of 500 make the GEMMs large enough to split across threads.
     */
    private static Problem mnistRegressionSimd() {
        Tensor[] d = mnistSubset();
        Tensor oneHot = Tensor.zeros(DType.FLOAT32, 2000, 10);
        for (int i = 0; i < 2000; i++) oneHot.set(1, i, (int) d[1].getFlat(i));
        return new Problem(Backend.SIMD, d[0], oneHot,
                () -> Sequential.builder().input(784).dense(100, Activation.RELU).dense(10).build(DType.FLOAT32, 3),
                MeanSquaredError::new, Adam::new, () -> FitOptions.builder().batchSize(500).seed(17));
    }

    @Tag("slow")
    @Test
    void anMnistEpochGivesTheSameBitsAcrossRunsAndThreadCounts() {
        // SIMD where there is one (the backend with JIT-dependent kernels); the t1 tests cover scalar.
        mnistClassifier(backends().getLast()).assertSameBitsAcrossRunsAndThreads(1);
        assumeTrue(Backend.simdUnavailableReason() == null, "the SIMD backend is unavailable");
        mnistRegressionSimd().assertSameBitsAcrossRunsAndThreads(1);
    }

    @Tag("slow")
    @Test
    void mnistTwoEpochsEqualOneSavedLoadedAndOneMore() {
        Problem p = mnistClassifier(backends().getLast());
        Outcome straight = p.train(1, 2);
        assertTrue(straight.bitEquals(p.trainResumed(dir.resolve("mnist.safetensors"), 1, 2)));

        // The comparison would catch a resume that reshuffled from the start, or forgot Adam's state.
        Outcome reshuffled = p.on(1, () -> {
            Sequential m = p.model().get();
            Adam adam = new Adam();
            new Trainer(m, p.loss().get(), adam).fit(p.x(), p.y(), p.options().get().epochs(1).build());
            new Trainer(m, p.loss().get(), adam).fit(p.x(), p.y(), p.options().get().epochs(1).build());
            return Outcome.of(m);
        });
        assertFalse(straight.bitEquals(reshuffled), "epoch 2 must not reuse epoch 1's order");
        Outcome freshAdam = p.on(1, () -> {
            Sequential m = p.model().get();
            new Trainer(m, p.loss().get(), new Adam()).fit(p.x(), p.y(), p.options().get().epochs(1).build());
            new Trainer(m, p.loss().get(), new Adam()).fit(p.x(), p.y(),
                    p.options().get().epochs(2).initialEpoch(1).build());
            return Outcome.of(m);
        });
        assertFalse(straight.bitEquals(freshAdam), "Adam's moments and step count matter");

        if (Backend.simdUnavailableReason() == null) {
            Problem simd = mnistRegressionSimd();
            assertTrue(simd.train(1, 2).bitEquals(simd.trainResumed(dir.resolve("simd.safetensors"), 1, 2)));
        }
    }
}
