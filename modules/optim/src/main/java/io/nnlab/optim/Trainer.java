package io.nnlab.optim;

import io.nnlab.data.Batcher;
import io.nnlab.data.Dataset;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.UseGuard;
import io.nnlab.nn.losses.InvalidTargetException;
import io.nnlab.nn.losses.Loss;
import io.nnlab.optim.schedules.LearningRateSchedule;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fit loop: trains a model on tensors (x, y) with a loss and an optimiser, Keras's
 * {@code compile} + {@code fit}.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new BinaryCrossEntropy(), new Adam(), Accuracy.binary());
 * History h = trainer.fit(x, y, FitOptions.builder().epochs(50).batchSize(16).seed(1)
 *         .validation(xVal, yVal)
 *         .callbacks(new EarlyStopping("val_accuracy").patience(5).restoreBestWeights(true))
 *         .verbose(1).build());
 * }</pre>
 *
 * <p>Each epoch takes its batches from a {@link Batcher} (the sample order shuffled from the seed,
 * each batch gathered into buffers allocated once per fit), and for each batch sets the scheduled
 * learning rate (if any), calls the callbacks' {@code onBatchBegin}, computes the gradients, checks
 * them, lets the callbacks see and change them ({@code onGradients}: {@link GradientClipping} acts
 * there), and steps the optimiser: a step allocates nothing in the loop itself. Data come as tensors
 * or as a {@link Dataset}. At the end of an epoch it records the loss and the
 * metrics (on the training data at the epoch's final parameters, and on validation data when given),
 * applies the stopping rules, and calls the callbacks. {@link History#stopReason()} says why it
 * stopped.
 *
 * <p>Training metrics are computed from one inference pass over the training data at the end of each
 * epoch, not averaged over the batches while the weights move as Keras does; the loss is the batch
 * average unless {@link FitOptions.Builder#lossAtEpochEnd} asks for the same end-of-epoch pass.
 *
 * <p>Data holding NaN or an infinity is refused before training (and by {@link #evaluate}), naming the
 * row; {@link FitOptions.Builder#checkFinite}(false) lets it through to fit. A target a loss cannot use
 * (a class label out of range) is reported with its row in y, not in the batch.
 *
 * <p>A Trainer, like its model, loss and optimiser, is single-threaded: a fit or an evaluation holds the
 * guards of all three ({@link io.nnlab.nn.UseGuard}) from start to end, so that another thread using
 * any of them meanwhile fails with a {@link io.nnlab.nn.ConcurrentUseException} naming both uses,
 * rather than training on mixed state. Independent Trainers on separate models, losses and optimisers
 * run in parallel threads freely, with the same bits as one after another.
 */
public final class Trainer {

    private final Trainable model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<Metric> metrics;

    public Trainer(Trainable model, Loss loss, Optimizer optimizer, Metric... metrics) {
        this(model, loss, optimizer, List.of(metrics));
    }

    /** Trains a Sequential model, seen through {@link Trainable#of(Sequential)}. */
    public Trainer(Sequential model, Loss loss, Optimizer optimizer, Metric... metrics) {
        this(Trainable.of(model), loss, optimizer, List.of(metrics));
    }

    public Trainer(Trainable model, Loss loss, Optimizer optimizer, List<Metric> metrics) {
        this.model = Objects.requireNonNull(model, "model");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.metrics = List.copyOf(metrics);
        Set<String> names = new HashSet<>(Set.of("loss"));
        for (Metric m : this.metrics) {
            if (m.name().startsWith("val_") || !names.add(m.name())) {
                throw new IllegalArgumentException("Trainer: metric names must be distinct, not \"loss\" and not start"
                        + " with \"val_\", got " + m.name() + " among " + this.metrics.stream().map(Metric::name).toList());
            }
        }
    }

    public Trainable model() { return model; }

    public Loss loss() { return loss; }

    public Optimizer optimizer() { return optimizer; }

    public List<Metric> metrics() { return metrics; }

    /** Trains with the default options: one epoch in batches of 32. */
    public History fit(Tensor x, Tensor y) { return fit(x, y, FitOptions.defaults()); }

    /**
     * Trains the model on inputs x and targets y (the same number of rows, the same dtype).
     *
     * @throws IllegalArgumentException for empty or mismatched data, or a batch size above the data size
     * @throws NonFiniteException       when the loss, a gradient or a parameter becomes NaN or infinite
     *                                  (with {@link FitOptions.Builder#checkFinite} on, the default)
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        Objects.requireNonNull(options, "options");
        checkData("fit", "x", "y", x, y);
        FitData d = FitData.of(x, y, options);
        if (options.checkFinite()) {
            String remedy = "drop or repair that sample, or let it through with FitOptions.Builder.checkFinite(false)";
            Finite.requireFiniteData("fit", "x", d.x(), remedy);
            Finite.requireFiniteData("fit", "y", d.y(), remedy);
            if (d.xVal() != null) {
                Finite.requireFiniteData("fit", "validation x", d.xVal(), remedy);
                Finite.requireFiniteData("fit", "validation y", d.yVal(), remedy);
            }
        }
        return UseGuard.during("fit", () -> new Loop(d, options).run(), model.guard(), loss.guard(),
                optimizer.guard());
    }

    /** The rows a fit trains on and those it validates on (none, given, or held out), checked. */
    private record FitData(Tensor x, Tensor y, Tensor xVal, Tensor yVal) {

        static FitData of(Tensor x, Tensor y, FitOptions options) {
            int n = x.rows();
            Tensor xVal = options.validationX();
            Tensor yVal = options.validationY();
            if (options.validationData() != null) {
                xVal = options.validationData().features();
                yVal = targets(options.validationData(), x.dtype());
            }
            if (options.validationSplit() > 0) {
                // Keras's validation_split: the last rows, before any shuffling.
                int split = (int) Math.floor(n * (1 - options.validationSplit()));
                if (split == 0 || split == n) {
                    throw new IllegalArgumentException("fit: a validationSplit of " + options.validationSplit() + " of "
                            + n + " samples leaves " + (split == 0 ? "nothing to train on" : "no validation samples"));
                }
                return new FitData(x.rowRange(0, split), y.rowRange(0, split), x.rowRange(split, n), y.rowRange(split, n));
            }
            if (xVal != null) {
                checkData("fit", "validation x", "validation y", xVal, yVal);
                if (xVal.dtype() != x.dtype()) {
                    throw new IllegalArgumentException("fit: validation data are " + xVal.dtype() + " but training data "
                            + "are " + x.dtype());
                }
            }
            return new FitData(x, y, xVal, yVal);
        }
    }

    /**
     * Trains on a dataset: its features, and its target rows or int class labels (which become a [n]
     * tensor of the features' dtype, what the sparse losses and metrics take).
     */
    public History fit(Dataset data, FitOptions options) {
        Objects.requireNonNull(data, "data");
        return fit(data.features(), targets(data, data.features().dtype()), options);
    }

    /** {@link #evaluate(Tensor, Tensor)} on a dataset, int labels as in {@link #fit(Dataset, FitOptions)}. */
    public Map<String, Double> evaluate(Dataset data) {
        Objects.requireNonNull(data, "data");
        return evaluate(data.features(), targets(data, data.features().dtype()));
    }

    /** A dataset's targets as a tensor: its target rows, or its labels as a [n] vector of the dtype. */
    private static Tensor targets(Dataset data, DType dtype) {
        return data.hasLabels() ? data.labelTensor(dtype) : data.targets();
    }

    /**
     * The loss and metrics on (x, y), in inference mode: Keras's {@code evaluate}. Grads are left alone.
     * Data holding NaN or an infinity is refused; a model that outputs NaN gets NaN metrics.
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        checkEvaluationData(x, y);
        return UseGuard.during("evaluate", () -> {
            Map<String, Double> logs = new LinkedHashMap<>();
            evaluateInto(x, y, "", true, logs);
            return Collections.unmodifiableMap(logs);
        }, model.guard(), loss.guard());
    }

    /**
     * The loss and metrics on (x, y) as {@link #evaluate(Tensor, Tensor)} gives them, computed in batches
     * of {@code batchSize} rows so that {@code progress} can show them go by. The loss is the mean of the
     * batch losses weighted by their rows, so it may differ from the one-pass value in the last bits;
     * the metrics see every prediction at once, as there.
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, Progress progress) {
        int n = checkEvaluationData(x, y);
        Objects.requireNonNull(progress, "progress");
        if (batchSize < 1) throw new IllegalArgumentException("evaluate: batchSize must be >= 1, got " + batchSize);
        return UseGuard.during("evaluate", () -> evaluateInBatches(x, y, n, batchSize, progress), model.guard(),
                loss.guard());
    }

    /** Data to evaluate on: matching rows and dtypes, and no NaN or infinity (the result would mean nothing). */
    private static int checkEvaluationData(Tensor x, Tensor y) {
        int n = checkData("evaluate", "x", "y", x, y);
        String remedy = "a loss or accuracy over it would be meaningless: drop or repair that sample";
        Finite.requireFiniteData("evaluate", "x", x, remedy);
        Finite.requireFiniteData("evaluate", "y", y, remedy);
        return n;
    }

    private Map<String, Double> evaluateInBatches(Tensor x, Tensor y, int n, int batchSize, Progress progress) {
        Batcher batches = Batcher.inOrder(batchSize, x, y);
        int steps = batches.batches();
        progress.evaluateBegin();
        double lossSum = 0;
        double[] predicted = null;
        int[] predictedShape = null;
        DType predictedType = null;
        for (int b = 0; b < steps; b++) {
            int start = b * batches.batchSize(), rows = batches.size(b);
            Tensor[] xy = batches.batch(b);
            Tensor xb = xy[0], yb = xy[1];
            double batchLoss;
            try {
                batchLoss = model.evaluate(xb, yb, loss);
            } catch (InvalidTargetException e) {
                throw e.inData(start + e.row(), "y (row " + e.row() + " of evaluation batch " + (b + 1) + ")");
            }
            lossSum += batchLoss * rows;
            if (!metrics.isEmpty()) {
                Tensor p = model.predict(xb);
                int perRow = p.size() / rows;
                if (predicted == null) {
                    predictedShape = p.shape();
                    predictedShape[0] = n;
                    predictedType = p.dtype();
                    predicted = new double[n * perRow];
                }
                System.arraycopy(p.toDoubleArray(), 0, predicted, start * perRow, rows * perRow);
            }
            progress.evaluateBatch(b + 1, steps, batchLoss);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / n);
        if (predicted != null) {
            Tensor prediction = Tensor.of(predictedType, predicted, predictedShape);
            for (Metric m : metrics) logs.put(m.name(), m.compute(prediction, y));
        }
        progress.evaluateEnd(steps, n, logs);
        return Collections.unmodifiableMap(logs);
    }

    private void evaluateInto(Tensor x, Tensor y, String prefix, boolean withLoss, Map<String, Double> logs) {
        if (withLoss) logs.put(prefix + "loss", model.evaluate(x, y, loss));
        if (metrics.isEmpty()) return;
        Tensor prediction = model.predict(x);
        for (Metric m : metrics) logs.put(prefix + m.name(), m.compute(prediction, y));
    }

    private static int checkData(String op, String xName, String yName, Tensor x, Tensor y) {
        Objects.requireNonNull(x, xName);
        Objects.requireNonNull(y, yName);
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException(op + ": " + xName + " and " + yName + " need a first (sample) dimension,"
                    + " got shapes " + x.shapeString() + " and " + y.shapeString());
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException(op + ": " + xName + " is empty (shape " + x.shapeString()
                    + "): expected at least 1 sample");
        }
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException(op + ": " + xName + " and " + yName + " must have the same number of rows"
                    + " (samples), got " + x.rows() + " " + x.shapeString() + " and " + y.rows() + " " + y.shapeString());
        }
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException(op + ": " + xName + " is " + x.dtype() + " but " + yName + " is "
                    + y.dtype() + " (targets have the prediction's dtype, class labels included)");
        }
        return x.rows();
    }

    /** One call of fit: its buffers and counters. */
    private final class Loop {
        private final Tensor x;
        private final Tensor y;
        private final int n;
        private final Tensor xVal;
        private final Tensor yVal;
        private final FitOptions o;
        private final int batch;
        private final boolean fullBatch;
        private final int stepsPerEpoch;
        private final List<Parameter> parameters;
        private final List<Parameter> trainable;
        private final List<Callback> callbacks;
        private final History history = new History();
        private final TrainingRun run;
        private final boolean lossRuleBeforeStep;

        private final Batcher batches;
        private final Tensor[] epochStart;

        private long iterations;
        private double previousLoss = Double.POSITIVE_INFINITY;

        Loop(FitData d, FitOptions o) {
            this.x = d.x();
            this.y = d.y();
            this.n = d.x().rows();
            this.xVal = d.xVal();
            this.yVal = d.yVal();
            this.o = o;
            this.batch = o.batchSize(n);
            this.fullBatch = batch == n;
            Batcher b = o.shuffle() ? Batcher.shuffled(batch, o.seed(), x, y) : Batcher.inOrder(batch, x, y);
            this.batches = o.dropLastBatch() ? b.dropLast() : b;
            this.stepsPerEpoch = batches.batches();
            this.lossRuleBeforeStep = fullBatch && !o.lossAtEpochEnd();

            this.parameters = List.copyOf(model.parameters());
            this.trainable = parameters.stream().filter(Parameter::trainable).toList();
            if (trainable.isEmpty()) {
                throw new IllegalArgumentException("fit: the model has no trainable parameters (of "
                        + parameters.size() + ")");
            }
            for (Parameter p : trainable) {
                if (p.value().dtype() != x.dtype()) {
                    throw new IllegalArgumentException("fit: parameter '" + p.name() + "' is " + p.value().dtype()
                            + " but the data are " + x.dtype() + " (convert one with astype)");
                }
            }

            epochStart = Double.isNaN(o.parameterTolerance()) ? null
                    : trainable.stream().map(p -> p.value().copy()).toArray(Tensor[]::new);

            callbacks = new ArrayList<>(o.callbacks());
            if (o.progress() != null) callbacks.add(o.progress());
            run = new TrainingRun(model, parameters, optimizer, history, logNames(), n, batch, stepsPerEpoch,
                    o.initialEpoch(), o.epochs(), o.maxIterations());
        }

        private List<String> logNames() {
            List<String> names = new ArrayList<>();
            names.add("loss");
            for (Metric m : metrics) names.add(m.name());
            if (xVal != null) {
                names.add("val_loss");
                for (Metric m : metrics) names.add("val_" + m.name());
            }
            return names;
        }

        History run() {
            for (Callback c : callbacks) c.onTrainBegin(run);
            if (o.lossAtEpochEnd()) {
                previousLoss = model.evaluate(x, y, loss);
                history.setInitialLoss(previousLoss);
            }
            for (int epoch = o.initialEpoch(); epoch < o.epochs() && !run.stopRequested(); epoch++) {
                runEpoch(epoch);
            }
            history.setIterations(iterations);
            if (!run.stopRequested()) {
                run.stop(TrainingStopReason.EPOCHS_COMPLETED, String.format(Locale.ROOT,
                        "completed epochs: %d epochs, %d iterations", o.epochs(), iterations));
            }
            history.finish(run.stopReason(), run.stopMessage(), run.elapsedSeconds());
            for (Callback c : callbacks) c.onTrainEnd(run);
            return history;
        }

        private void runEpoch(int epoch) {
            run.position(epoch, 0, iterations);
            if (o.scheduleInterval() == LearningRateSchedule.Interval.EPOCH) scheduleRate(epoch);
            for (Callback c : callbacks) c.onEpochBegin(epoch, run);
            batches.startEpoch(epoch);
            if (epochStart != null) {
                for (int i = 0; i < epochStart.length; i++) epochStart[i].copyFrom(trainable.get(i).value());
            }
            long stepsBefore = iterations;
            double lossSum = 0;
            long seen = 0;
            for (int b = 0; b < stepsPerEpoch; b++) {
                int size = batches.size(b);
                Tensor[] xy = batches.batch(b);
                if (o.scheduleInterval() == LearningRateSchedule.Interval.STEP) scheduleRate(optimizer.iterations());
                for (int i = 0; i < callbacks.size(); i++) callbacks.get(i).onBatchBegin(epoch, b, run);
                double batchLoss;
                try {
                    batchLoss = model.computeGradients(xy[0], xy[1], loss);
                } catch (InvalidTargetException e) {
                    throw e.inData(batches.order()[b * batches.batchSize() + e.row()], "y (row " + e.row()
                            + " of the batch at " + where(epoch, b) + ")");
                }
                if (o.checkFinite() && !Double.isFinite(batchLoss)) throw nonFiniteLoss(batchLoss, epoch, b);
                lossSum += batchLoss * size;
                seen += size;
                if (o.recordIterations()) history.addIterationLoss(batchLoss);

                if (lossRuleBeforeStep) {
                    if (lossConverged(batchLoss)) break;
                    previousLoss = batchLoss;
                }
                if (iterations >= o.maxIterations()) {
                    run.stop(TrainingStopReason.MAX_ITERATIONS, "max iterations: " + iterations + " steps taken");
                    break;
                }
                if (o.checkFinite()) checkGradients(epoch, b);
                for (int i = 0; i < callbacks.size(); i++) callbacks.get(i).onGradients(epoch, b, run);
                optimizer.step(parameters);
                iterations++;
                if (o.checkFinite()) checkValues(epoch, b);
                run.position(epoch, b + 1, iterations);
                for (int i = 0; i < callbacks.size(); i++) callbacks.get(i).onBatchEnd(epoch, b, batchLoss, run);
                if (run.stopRequested()) break;
            }
            endEpoch(epoch, seen == 0 ? Double.NaN : lossSum / seen, iterations > stepsBefore);
        }

        private void endEpoch(int epoch, double batchMeanLoss, boolean stepped) {
            Map<String, Double> logs = new LinkedHashMap<>();
            if (o.lossAtEpochEnd()) {
                evaluateInto(x, y, "", true, logs);
            } else {
                logs.put("loss", batchMeanLoss);
                if (!metrics.isEmpty()) evaluateInto(x, y, "", false, logs);
            }
            if (xVal != null) evaluateInto(xVal, yVal, "val_", true, logs);
            history.setIterations(iterations);
            history.addEpoch(logs, run.elapsedSeconds());

            if (!lossRuleBeforeStep) {
                double epochLoss = logs.get("loss");
                lossConverged(epochLoss);
                previousLoss = epochLoss;
            }
            if (epochStart != null && stepped && !run.stopRequested()) parametersConverged();

            Map<String, Double> view = Collections.unmodifiableMap(logs);
            for (Callback c : callbacks) c.onEpochEnd(epoch, view, run);
        }

        /** Sets the optimiser's rate from the schedule at t (steps or epochs). */
        private void scheduleRate(long t) {
            double rate = o.learningRateSchedule().learningRate(t);
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("fit: the learning-rate schedule " + o.learningRateSchedule()
                        + " gave " + rate + " at " + o.scheduleInterval().name().toLowerCase(Locale.ROOT) + " " + t
                        + "; a rate must be >= 0 and finite");
            }
            optimizer.setLearningRate(rate);
        }

        /** The |Δloss| rule; records the stop and returns true when it fires. */
        private boolean lossConverged(double current) {
            double tol = o.lossTolerance();
            if (Double.isNaN(tol) || run.stopRequested()) return false;
            double change = Math.abs(previousLoss - current);
            if (!(change < tol)) return false;
            run.stop(TrainingStopReason.LOSS_TOLERANCE, String.format(Locale.ROOT,
                    "reached tol: |Δloss| = %.3g < %.3g after %d iterations", change, tol, iterations));
            return true;
        }

        /** The ‖Δθ‖ rule over this epoch. Leaves epochStart holding the differences. */
        private void parametersConverged() {
            double sumSquares = 0;
            for (int i = 0; i < epochStart.length; i++) {
                Tensor d = epochStart[i];
                Ops.sub(d, trainable.get(i).value(), d);
                double norm = Ops.norm2(d);
                sumSquares += norm * norm;
            }
            double change = Math.sqrt(sumSquares);
            double tol = o.parameterTolerance();
            if (change <= tol) {
                run.stop(TrainingStopReason.PARAMETER_TOLERANCE, String.format(Locale.ROOT,
                        "parameter change below tol: ‖Δθ‖ = %.3g <= %.3g after %d iterations", change, tol, iterations));
            }
        }

        /** A non-finite loss; names the weight to blame when one holds NaN or ±∞ (a loaded one, or BatchNorm's). */
        private NonFiniteException nonFiniteLoss(double batchLoss, int epoch, int b) {
            for (Parameter p : parameters) {
                int bad = Finite.firstNonFinite(p.value());
                if (bad >= 0) {
                    return nonFinite("the loss is " + batchLoss + " at " + where(epoch, b) + " because parameter '"
                            + p.name() + "' holds " + p.value().getFlat(bad) + " at element " + bad, epoch, b, p.name());
                }
            }
            return nonFinite("the loss is " + batchLoss + " at " + where(epoch, b)
                    + "; the parameters were not updated with it. Lower the learning rate, or look for NaN"
                    + " or infinite values in the data", epoch, b, null);
        }

        private void checkGradients(int epoch, int b) {
            for (int i = 0; i < trainable.size(); i++) {
                Parameter p = trainable.get(i);
                int bad = Finite.firstNonFinite(p.grad());
                if (bad >= 0) {
                    throw nonFinite("the gradient of parameter '" + p.name() + "' is " + p.grad().getFlat(bad)
                            + " at element " + bad + ", at " + where(epoch, b) + "; the parameters were not updated"
                            + " with it", epoch, b, p.name());
                }
            }
        }

        private void checkValues(int epoch, int b) {
            for (int i = 0; i < trainable.size(); i++) {
                Parameter p = trainable.get(i);
                int bad = Finite.firstNonFinite(p.value());
                if (bad >= 0) {
                    throw nonFinite("parameter '" + p.name() + "' became " + p.value().getFlat(bad) + " at element "
                            + bad + " after the update at " + where(epoch, b) + " (its gradient there was finite:"
                            + " the step overflowed; lower the learning rate)", epoch, b, p.name());
                }
            }
        }

        private String where(int epoch, int b) {
            return "epoch " + (epoch + 1) + ", step " + (b + 1) + " (iteration " + (iterations + 1) + ")";
        }

        private NonFiniteException nonFinite(String message, int epoch, int b, String parameter) {
            history.setIterations(iterations);
            return new NonFiniteException("Training diverged: " + message, epoch + 1, b + 1, iterations + 1,
                    parameter, history);
        }
    }
}
