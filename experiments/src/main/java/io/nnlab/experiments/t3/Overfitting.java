package io.nnlab.experiments.t3;

import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.optim.History;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Section 8: a 30-100-100-30 sigmoid network on ten points overfits; batch normalisation, dropout
 * and an L2 penalty on the weights change what it learns.
 */
final class Overfitting {
    private Overfitting() {}

    /** The notebook's ten points, x = linspace(-4.5, 4.5, 10). */
    static final double[] X = Keras.linspace(-4.5, 4.5, 10);
    static final double[] Y = {0.9819, 0.7973, 1.9737, 0.1838, 1.3180, -0.8361, -0.6591, -2.4701, -2.8122, -6.2512};

    /** Where the fits are drawn, as the notebook's xp. */
    private static final double[] PLOT_X = Keras.linspace(-4.5, 4.5, 100);

    private static final int[] HIDDEN = {30, 100, 100, 30};
    private static final double LEARNING_RATE = 0.001;

    /** The penalty factor of t3.l2-regularized: Keras's L2(λ) adds λ Σw² over every kernel. */
    static final double LAMBDA = 1e-3;

    private enum Variant { PLAIN, BATCH_NORM, DROPOUT }

    private static Sequential network(Variant variant, double lambda, DType dtype, long seed) {
        Sequential.Builder b = Sequential.builder().input(1);
        for (int units : HIDDEN) {
            switch (variant) {
                case PLAIN -> b.add(penalised(new Dense(units, Activation.SIGMOID), lambda));
                case BATCH_NORM -> b.dense(units).batchNorm().activation(Activation.SIGMOID);
                case DROPOUT -> b.dense(units, Activation.SIGMOID).dropout(0.2);
            }
        }
        return b.add(penalised(new Dense(1), lambda)).build(dtype, seed);
    }

    private static Dense penalised(Dense d, double lambda) {
        return lambda > 0 ? d.kernelRegularizer(new L2(lambda)) : d;
    }

    /** A trained network and the history of its run (empty for an untrained one). */
    private record Run(Sequential model, History history) {
        static Run train(Variant variant, double lambda, int epochs, long seed, DType dtype) {
            Rng rng = new Rng(seed);
            Sequential model = network(variant, lambda, dtype, rng.nextLong());
            History h = Keras.fit(model, new MeanSquaredError(), LEARNING_RATE, Keras.column(dtype, X),
                    Keras.column(dtype, Y), epochs, rng.nextLong());
            return new Run(model, h);
        }

        /** The last epoch's training loss (Keras's History); untrained, the training-mode loss of the start. */
        double finalLoss() {
            synchronized (model) {
                return Keras.finalLoss(history, model, new MeanSquaredError(), Keras.column(model.dtype(), X),
                        Keras.column(model.dtype(), Y));
            }
        }

        /** The MSE on the ten points in inference mode, without any penalty. */
        double mse() { return Keras.meanSquaredError(predict(X), Y); }

        /** The network's output at each x; one caller at a time, since a shared run's layers reuse buffers. */
        double[] predict(double[] x) {
            synchronized (model) {
                return Keras.predict(model, x);
            }
        }
    }

    // ---------------------------------------------------------------- the four results

    /**
     * The unpenalised 5000-epoch network of a seed and dtype: t3.overfit-sigmoid's result and the baseline
     * t3.l2-regularized compares with. Both would train the same network from the same seed, so it is trained
     * once per JVM (the backend is fixed for a JVM) and shared: the first run to ask trains it, and one
     * asking meanwhile on the runner's pool waits for it rather than training it again.
     */
    private static final Map<String, CompletableFuture<Run>> PLAIN_RUNS = new ConcurrentHashMap<>();

    private static Run plainRun(long seed, DType dtype) {
        CompletableFuture<Run> mine = new CompletableFuture<>();
        CompletableFuture<Run> theirs = PLAIN_RUNS.putIfAbsent(seed + "/" + dtype.label(), mine);
        if (theirs != null) return theirs.join();
        try {
            Run run = Run.train(Variant.PLAIN, 0, 5000, seed, dtype);
            mine.complete(run);
            return run;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The plain network of a seed, trained (shared, see PLAIN_RUNS) or not. */
    private static Run plain(long seed, DType dtype, boolean trained) {
        return trained ? plainRun(seed, dtype) : Run.train(Variant.PLAIN, 0, 0, seed, dtype);
    }

    static Result overfitSigmoid(long seed, DType dtype, boolean trained) {
        Run run = plain(seed, dtype, trained);
        Result r = new Result("t3.overfit-sigmoid").metric("final_mse", run.finalLoss());
        return finish(r, run, Figure.xy("t3/overfit-sigmoid.png", "Sigmoid network 30-100-100-30 on ten points"),
                "1 -> 30 -> 100 -> 100 -> 30 sigmoid -> 1 linear, Adam lr 0.001, MSE, 5000 epochs; with ten points "
                        + "each epoch is one full batch. final_mse is the last epoch's loss (Keras's History), measured "
                        + "before that epoch's step.");
    }

    static Result batchNorm(long seed, DType dtype, boolean trained) {
        Run run = Run.train(Variant.BATCH_NORM, 0, trained ? 4000 : 0, seed, dtype);
        // Inference first: the untrained net's training-mode loss would move its moving statistics.
        double inference = run.mse();
        Result r = new Result("t3.batchnorm")
                .metric("final_mse", run.finalLoss())
                .metric("final_mse_inference", inference);
        return finish(r, run, Figure.xy("t3/batchnorm.png", "Batch normalisation before each sigmoid (inference mode)"),
                "Dense -> BatchNormalization (momentum 0.99, eps 1e-3) -> sigmoid in each hidden layer, 4000 epochs. "
                        + "final_mse is the last epoch's training loss, normalised with the batch's own statistics; "
                        + "final_mse_inference is the MSE on the ten points with the moving statistics, as predict() "
                        + "uses them (and as the notebook's plot shows). The moving variance averages the biased batch "
                        + "variance, as Keras 3 does.");
    }

    static Result dropout(long seed, DType dtype, boolean trained) {
        Run run = Run.train(Variant.DROPOUT, 0, trained ? 200 : 0, seed, dtype);
        Result r = new Result("t3.dropout").metric("final_mse", run.finalLoss());
        return finish(r, run, Figure.xy("t3/dropout.png", "Dropout 0.2 after each sigmoid, 200 epochs (inference mode)"),
                "Dropout(0.2) after each hidden sigmoid, 200 epochs. final_mse is the last epoch's training loss with "
                        + "dropout active (Keras's History), so it carries the masks' noise; the plotted fit is the "
                        + "network at inference, all units kept.");
    }

    static Result l2Regularized(long seed, DType dtype, boolean trained) {
        Run run = Run.train(Variant.PLAIN, LAMBDA, trained ? 5000 : 0, seed, dtype);
        // The same network from the same seed (same initial weights and batch order) without the penalty.
        Run plain = plain(seed, dtype, trained);
        Result r = new Result("t3.l2-regularized")
                .metric("final_mse", run.mse())
                .metric("weight_norm", kernelNorm(run.model()))
                .metric("weight_norm_unregularized", kernelNorm(plain.model()));
        Figure fit = Figure.xy("t3/l2-regularized.png", "L2 penalty λ = " + LAMBDA + " on every kernel, against none")
                .line("no penalty", PLOT_X, plain.predict(PLOT_X));
        return finish(r, run, fit,
                "Beyond the notebook: section 8.3.1's shrinkage penalty as Keras's kernel_regularizer=L2(" + LAMBDA
                        + "), i.e. λ Σw² with λ = " + LAMBDA + " on the kernel of every Dense layer (biases free), added "
                        + "to the MSE, on the overfitting network of t3.overfit-sigmoid with its 5000 epochs. "
                        + "final_mse is the plain MSE of the trained network on the ten points (penalty excluded); "
                        + "weight_norm is the Euclidean norm of all kernel weights together; weight_norm_unregularized is "
                        + "the same for the network trained from the same seed without the penalty (t3.overfit-sigmoid's "
                        + "network: trained once and shared, so this result's time includes it only when it runs "
                        + "first). λ = " + LAMBDA
                        + " was chosen so that the penalty visibly shrinks the weights and smooths the fit while still "
                        + "following the trend of the points.");
    }

    /** Adds the loss trace, the network's curve over the points (onto {@code fit}) and the loss curve. */
    private static Result finish(Result r, Run run, Figure fit, String note) {
        String name = r.id().substring(r.id().indexOf('.') + 1);
        r.trace("loss", Keras.losses(run.history()));
        r.figure(fit.scatter("data", X, Y)
                .line("network", PLOT_X, run.predict(PLOT_X))
                .labels("x", "y"));
        Classification.lossCurve(r, "t3/" + name + "-loss.png", r.id() + ": training loss", run.history(), true);
        r.note(note + " Initial weights and batch order come from nnlab's seeded generator (TensorFlow's stream is not "
                + "reproduced).");
        return r;
    }

    /** The Euclidean norm of every Dense kernel taken together. */
    static double kernelNorm(Sequential model) {
        double sumSquares = 0;
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense d) {
                double n = Ops.norm2(d.kernel().value());
                sumSquares += n * n;
            }
        }
        return Math.sqrt(sumSquares);
    }
}
