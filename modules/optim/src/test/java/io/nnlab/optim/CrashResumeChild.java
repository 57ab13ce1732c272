package io.nnlab.optim;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process {@link CrashResumeTest} kills: trains several independent runs, each in a folder of its
 * own, each resuming from its checkpoint there if it has one and saving a checkpoint after every epoch.
 *
 * <p>Arguments: the base folder, the number of runs, the epochs per run, and "parallel" (a thread per
 * run, so that one kill catches each run at another point) or "sequential" (one run after another).
 * Prints "ready" once started, and "done" when every run has all its epochs.
 */
public final class CrashResumeChild {

    static final String CHECKPOINT = "checkpoint.safetensors";

    private CrashResumeChild() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        boolean parallel = args[3].equals("parallel");
        System.out.println("ready");
        System.out.flush();
        if (parallel) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            for (int k = 0; k < runs; k++) {
                int run = k;
                Thread t = new Thread(() -> {
                    try {
                        train(base, run, epochs);
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }, "run-" + k);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) t.join();
            if (!errors.isEmpty()) throw new IllegalStateException(errors.get(0));
        } else {
            for (int k = 0; k < runs; k++) train(base, k, epochs);
        }
        System.out.println("done");
    }

    /** One run: resumes from its checkpoint if there is one, saves one after every epoch, stops at {@code epochs}. */
    static void train(Path base, int run, int epochs) throws IOException {
        Path dir = Files.createDirectories(base.resolve("run-" + run));
        Path file = dir.resolve(CHECKPOINT);
        Sequential model;
        Adam adam = new Adam(0.01);
        int initial = 0;
        if (Files.exists(file)) {
            Checkpoint c = Checkpoint.load(file);
            model = c.model();
            c.restore(adam);
            initial = c.epochsCompleted();
        } else {
            model = Sequential.builder().name("run" + run).input(FEATURES).dense(32, Activation.RELU)
                    .dense(CLASSES, Activation.SOFTMAX).build(DType.FLOAT32, 1000 + run);
        }
        if (initial >= epochs) return;
        Callback save = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun r) {
                try {
                    Checkpoint.save(file, model, adam, epoch + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        new Trainer(model, new SparseCategoricalCrossEntropy(), adam).fit(X, labels(), FitOptions.builder()
                .epochs(epochs).initialEpoch(initial).batchSize(16).seed(2000 + run).callbacks(save).build());
    }

    private static final int FEATURES = 12;
    private static final int CLASSES = 4;
    private static final Tensor X = Tensor.normal(DType.FLOAT32, new Rng(1), 0, 1, 64, FEATURES);

    private static Tensor labels() {
        Rng rng = new Rng(2);
        Tensor y = Tensor.zeros(DType.FLOAT32, 64);
        for (int i = 0; i < 64; i++) y.setFlat(i, rng.nextInt(CLASSES));
        return y;
    }
}
