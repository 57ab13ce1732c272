package io.nnlab.experiments.t3;

import io.nnlab.data.Batcher;
import io.nnlab.data.DataLocation;
import io.nnlab.data.MissingDataException;
import io.nnlab.data.Mnist;
import io.nnlab.data.Npy;
import io.nnlab.experiments.Runner;
import io.nnlab.nn.Mode;
import io.nnlab.nn.layers.Dense;
import io.nnlab.optim.Callback;
import io.nnlab.optim.TrainingRun;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * t3's MNIST run against an independent implementation: numpy, in float32, trains the same model from
 * nnlab's initial weights and batch order, with Keras's training step written out by hand (cross-entropy
 * from the logits, averaged over the batch, and Keras's Adam). The two must take the same steps, up to
 * the rounding of different summation orders, and end at the same test accuracy.
 *
 * <p>The seed is 16, the one seed in 40 whose test accuracy ends below 0.97 (0.9659): numpy from the same
 * start ends there too (0.9663, after 0.9725 at the fourth epoch, as nnlab), so the dip is the algorithm's
 * answer to that start and order, not nnlab's. Skipped where python3 or numpy is missing.
 */
@Tag("t3")
class MnistNumpyTrajectoryTest {

    private static final long SEED = 16;

    @TempDir
    Path dir;

    /**
     * Arguments: the MNIST folder, then a folder holding w1, b1, w2, b2 and order (epochs x 60000) as
     * .npy, where it writes step_loss.npy (one per step) and test_accuracy.npy (one per epoch).
     */
    private static final String KERAS_IN_NUMPY = """
            import gzip, os, sys
            import numpy as np
            data, work = sys.argv[1], sys.argv[2]
            def raw(name):
                path = os.path.join(data, name)
                if os.path.exists(path + '.gz'):
                    with gzip.open(path + '.gz') as f:
                        return f.read()
                with open(path, 'rb') as f:
                    return f.read()
            f32 = np.float32
            def images(name):
                return np.frombuffer(raw(name), np.uint8, offset=16).reshape(-1, 784).astype(f32) / f32(255)
            def labels(name):
                return np.frombuffer(raw(name), np.uint8, offset=8).astype(np.int64)
            x, y = images('train-images-idx3-ubyte'), labels('train-labels-idx1-ubyte')
            tx, ty = images('t10k-images-idx3-ubyte'), labels('t10k-labels-idx1-ubyte')
            p = [np.load(os.path.join(work, n + '.npy')).astype(f32) for n in ('w1', 'b1', 'w2', 'b2')]
            order = np.load(os.path.join(work, 'order.npy'))
            # Keras's Adam: alpha = lr sqrt(1 - b2^t) / (1 - b1^t), then p -= alpha m / (sqrt(v) + eps).
            lr, b1, b2, eps = f32(0.001), f32(0.9), f32(0.999), f32(1e-7)
            m = [np.zeros_like(q) for q in p]
            v = [np.zeros_like(q) for q in p]
            losses, accuracies, t = [], [], 0
            for epoch in order:
                for s in range(0, len(epoch), 32):
                    i = epoch[s:s + 32]
                    xb, yb, n = x[i], y[i], len(i)
                    z1 = xb @ p[0] + p[1]
                    h = np.maximum(z1, 0)
                    z = h @ p[2] + p[3]
                    z = z - z.max(axis=1, keepdims=True)
                    e = np.exp(z)
                    sum_e = e.sum(axis=1, keepdims=True)
                    losses.append(-(z - np.log(sum_e))[np.arange(n), yb].mean())
                    dz = e / sum_e
                    dz[np.arange(n), yb] -= 1
                    dz /= f32(n)
                    dh = (dz @ p[2].T) * (z1 > 0)
                    g = [xb.T @ dh, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)]
                    t += 1
                    alpha = lr * np.sqrt(f32(1) - b2 ** f32(t)) / (f32(1) - b1 ** f32(t))
                    for k in range(4):
                        m[k] += (g[k] - m[k]) * (f32(1) - b1)
                        v[k] += (g[k] * g[k] - v[k]) * (f32(1) - b2)
                        p[k] -= m[k] * alpha / (np.sqrt(v[k]) + eps)
                predicted = np.argmax(np.maximum(tx @ p[0] + p[1], 0) @ p[2] + p[3], axis=1)
                accuracies.append(np.mean(predicted == ty))
            np.save(os.path.join(work, 'step_loss.npy'), np.array(losses, np.float64))
            np.save(os.path.join(work, 'test_accuracy.npy'), np.array(accuracies, np.float64))
            """;

    @Test
    void numpyFromTheSameStartTakesTheSameSteps() throws IOException {
        String check = python("import numpy");
        assumeTrue(check.isEmpty(), "python3 with numpy not available: " + check.strip());
        // The report's own MNIST run first, whichever test class runs first: its epoch times are to be
        // those of a JVM that has not trained on MNIST yet, not of one this test has warmed up. Without the
        // files, that result's own test says so, once.
        try {
            Runner.result("t3.mnist-mlp");
        } catch (RuntimeException e) {
            assumeFalse(e.getCause() instanceof MissingDataException, "no MNIST files: see t3.mnist-mlp");
            throw e;
        }
        MnistMlp.Data data = MnistMlp.Data.get(DType.FLOAT32);
        MnistMlp.Start start = MnistMlp.Start.of(SEED, DType.FLOAT32);
        Dense hidden = (Dense) start.model().layer(1), output = (Dense) start.model().layer(2);
        Npy.save(dir.resolve("w1.npy"), hidden.kernel().value());
        Npy.save(dir.resolve("b1.npy"), hidden.bias().value());
        Npy.save(dir.resolve("w2.npy"), output.kernel().value());
        Npy.save(dir.resolve("b2.npy"), output.bias().value());
        Npy.of(batchOrder(start.shuffleSeed(), data.trainLabels().length), MnistMlp.EPOCHS, data.trainLabels().length)
                .save(dir.resolve("order.npy"));

        int steps = MnistMlp.EPOCHS * data.trainLabels().length / 32;
        double[] nnlabLoss = new double[steps];
        double[] nnlabAccuracy = new double[MnistMlp.EPOCHS];
        // numpy trains from the saved start while nnlab trains: the two runs are independent, so they share
        // the cores instead of queueing.
        Python numpy = startPython(KERAS_IN_NUMPY, DataLocation.current().dataset(Mnist.FOLDER).toString(), dir.toString());
        boolean trained = false;
        try {
            start.fit(data, MnistMlp.EPOCHS, new Callback() {
                int step;

                @Override
                public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
                    nnlabLoss[step++] = loss;
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
                    nnlabAccuracy[epoch] = MnistMlp.accuracy(start.model().forward(data.testX(), Mode.INFERENCE),
                            data.testLabels());
                }
            });
            trained = true;
        } finally {
            if (!trained) numpy.stop();
        }

        String out = numpy.finish();
        assertTrue(out.isEmpty(), "the numpy training failed:\n" + out);
        double[] numpyLoss = Npy.load(dir.resolve("step_loss.npy")).tensor().toDoubleArray();
        double[] numpyAccuracy = Npy.load(dir.resolve("test_accuracy.npy")).tensor().toDoubleArray();
        System.out.printf(Locale.ROOT, "t3.mnist-mlp seed %d, test accuracy per epoch: nnlab %s, numpy %s%n", SEED,
                Arrays.toString(nnlabAccuracy), Arrays.toString(numpyAccuracy));
        assertEquals(steps, numpyLoss.length, "numpy's steps");

        // The first epoch: the two differ only in how their products round (float32, summed in different
        // orders), which moved a loss by at most 5.7e-7 here. A changed rule moves it by far more: Adam as
        // PyTorch writes it (eps added after the bias correction), or with eps = 1e-8, by 4e-4 within ten
        // steps and 3e-2 within the epoch.
        int epochSteps = steps / MnistMlp.EPOCHS;
        for (int s = 0; s < epochSteps; s++) {
            assertEquals(numpyLoss[s], nnlabLoss[s], 1e-5, "batch loss at step " + (s + 1));
        }
        // Rounding differences grow over 9375 steps, but not into a different run: the test accuracies per
        // epoch differed by at most 0.0005 here, on either backend; numpy's own moved by 0.0006 when
        // OpenBLAS ran on two threads instead of one.
        for (int e = 0; e < MnistMlp.EPOCHS; e++) {
            assertEquals(numpyAccuracy[e], nnlabAccuracy[e], 0.003, "test accuracy after epoch " + (e + 1));
        }
    }

    /** The fit loop's batch order, epoch after epoch, from its own batcher. */
    private static int[] batchOrder(long shuffleSeed, int n) {
        Batcher batches = Batcher.shuffled(32, shuffleSeed, Tensor.zeros(DType.FLOAT32, n));
        int[] all = new int[MnistMlp.EPOCHS * n];
        for (int e = 0; e < MnistMlp.EPOCHS; e++) {
            batches.startEpoch(e);
            System.arraycopy(batches.order(), 0, all, e * n, n);
        }
        return all;
    }

    /** Runs a python3 script on one core and returns what it printed: nothing, where all went well. */
    private String python(String script, String... args) throws IOException {
        return startPython(script, args).finish();
    }

    /** A python3 script running, its output going to a file; process is null where python3 could not start. */
    private record Python(Process process, Path log, String startError) {
        /** Waits for the script and returns what it printed: nothing, where all went well. */
        String finish() throws IOException {
            if (process == null) return "python3 could not be started: " + startError;
            try {
                boolean done = process.waitFor(300, TimeUnit.SECONDS);
                if (!done) process.destroyForcibly().waitFor();
                String out = Files.readString(log);
                if (!done) return "python3 did not finish in 300 s\n" + out;
                return process.exitValue() == 0 ? out : "python3 exited with " + process.exitValue() + "\n" + out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        void stop() {
            if (process != null) process.destroyForcibly();
        }
    }

    /** Starts a python3 script on one core. */
    private Python startPython(String script, String... args) throws IOException {
        String[] command = new String[3 + args.length];
        command[0] = "python3";
        command[1] = "-c";
        command[2] = script;
        System.arraycopy(args, 0, command, 3, args.length);
        Path log = Files.createTempFile(dir, "python", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        try {
            return new Python(pb.start(), log, null);
        } catch (IOException e) {
            return new Python(null, log, e.getMessage());
        }
    }
}
