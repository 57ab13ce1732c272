package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    private static final DType F64 = DType.FLOAT64;

    // ------------------------------------------------------------------ data

    /** t1-like regression data: x = linspace(0, 1, 20), g = 3x + 0.5 + 0.3 sin(7x). */
    private static final double[] X1 = new double[20];
    private static final double[] G1 = new double[20];

    static {
        for (int i = 0; i < 20; i++) {
            X1[i] = i / 19.0;
            G1[i] = 3 * X1[i] + 0.5 + 0.3 * Math.sin(7 * X1[i]);
        }
    }

    private static Tensor column(double[] v) { return Tensor.of(F64, v, v.length, 1); }

    /** Sample ids as a one-column input, so a recording model sees which rows each batch holds. */
    private static Tensor ids(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return column(v);
    }

    // ------------------------------------------------------------------ t1 and t4 stopping rules

    @Test
    void steepestDescentStopsLikeT1WhenTheLossChangeFallsBelowTol() {
        // t1's ForwardNet.train, written out: evaluate, test tol, test maxiter, step.
        double lr = 0.1, tol = 1e-5;
        int maxiter = 5000;
        double w = 0, b = 0, prev = Double.POSITIVE_INFINITY, err;
        int i = 0;
        List<Double> trace = new ArrayList<>();
        while (true) {
            double gw = 0, gb = 0;
            err = 0;
            for (int k = 0; k < 20; k++) {
                double e = w * X1[k] + b - G1[k];
                err += e * e / 20;
                gw += 2 * e * X1[k] / 20;
                gb += 2 * e / 20;
            }
            trace.add(err);
            if (Math.abs(prev - err) < tol) break;
            assertTrue(i <= maxiter, "the reference run should stop on tol");
            w -= lr * gw;
            b -= lr * gb;
            prev = err;
            i++;
        }

        LinearModel model = LinearModel.regression(F64, 0, 0);
        History h = new Trainer(model, new MseLoss(), new Sgd(lr)).fit(column(X1), column(G1),
                FitOptions.builder().fullBatch().epochs(100_000).lossTolerance(tol).maxIterations(maxiter + 1).build());

        assertEquals(TrainingStopReason.LOSS_TOLERANCE, h.stopReason());
        assertEquals("reached tol", h.stopReason().description());
        assertTrue(h.stopMessage().startsWith("reached tol"), h.stopMessage());
        assertEquals(i, h.iterations());
        assertEquals(i + 1, h.epochs());
        assertArrayEquals(trace.stream().mapToDouble(Double::doubleValue).toArray(), h.loss(), 1e-12);
        assertEquals(err, h.finalLoss(), 1e-12);
        // The stop leaves the parameters at which the final loss was measured.
        assertEquals(w, model.kernel.value().getFlat(0), 1e-12);
        assertEquals(b, model.bias.value().getFlat(0), 1e-12);
    }

    @Test
    void steepestDescentStopsLikeT1AtMaxiter() {
        // t1 breaks when i > maxiter, after maxiter + 1 steps, having evaluated the loss once more.
        int maxiter = 20;
        LinearModel model = LinearModel.regression(F64, 0, 0);
        History h = new Trainer(model, new MseLoss(), new Sgd(0.1)).fit(column(X1), column(G1),
                FitOptions.builder().fullBatch().epochs(1000).lossTolerance(1e-5).maxIterations(maxiter + 1).build());
        assertEquals(TrainingStopReason.MAX_ITERATIONS, h.stopReason());
        assertEquals("max iterations", h.stopReason().description());
        assertEquals(maxiter + 1, h.iterations());
        assertEquals(maxiter + 2, h.epochs());
        assertEquals(h.finalLoss(), new Trainer(model, new MseLoss(), new Sgd(0.1))
                .evaluate(column(X1), column(G1)).get("loss"), 1e-15);
    }

    @Test
    void minibatchLossRuleUsesTheFullDataLossAfterEachEpochLikeT1Sgd() {
        // t1's ForwardNetSGD: sequential minibatches, then the full-data MSE against the previous one.
        double lr = 0.1, tol = 1e-5;
        int batch = 6;
        double w = 0, b = 0;
        double prev = mse(w, b), err;
        double initial = prev;
        int epochs = 0;
        while (true) {
            for (int start = 0; start < 20; start += batch) {
                int end = Math.min(start + batch, 20);
                double gw = 0, gb = 0;
                for (int k = start; k < end; k++) {
                    double e = w * X1[k] + b - G1[k];
                    gw += 2 * e * X1[k] / (end - start);
                    gb += 2 * e / (end - start);
                }
                w -= lr * gw;
                b -= lr * gb;
            }
            epochs++;
            err = mse(w, b);
            if (Math.abs(prev - err) < tol) break;
            prev = err;
        }

        LinearModel model = LinearModel.regression(F64, 0, 0);
        History h = new Trainer(model, new MseLoss(), new Sgd(lr)).fit(column(X1), column(G1),
                FitOptions.builder().batchSize(batch).shuffle(false).epochs(10_000).lossTolerance(tol)
                        .lossAtEpochEnd(true).build());
        assertEquals(TrainingStopReason.LOSS_TOLERANCE, h.stopReason());
        assertEquals(initial, h.initialLoss(), 1e-12);
        assertEquals(epochs, h.epochs());
        assertEquals(epochs * 4L, h.iterations());
        assertEquals(err, h.finalLoss(), 1e-12);
        assertEquals(w, model.kernel.value().getFlat(0), 1e-12);
    }

    private static double mse(double w, double b) {
        double s = 0;
        for (int k = 0; k < 20; k++) {
            double e = w * X1[k] + b - G1[k];
            s += e * e;
        }
        return s / 20;
    }

    @Test
    void gradientDescentStopsLikeT4WhenTheParametersStopMoving() {
        // t4's neuron: θ from ones, θ ← θ + step·mean((y - σ(Xθ))·X) while ‖θ - θ_prev‖ > threshold.
        // t4 takes step 0.1 and threshold 5e-5 on Iris; a larger step keeps this test short.
        int n = 30;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.cos(i * 0.7), c = 2 * Math.sin(i * 1.3);
            x[i] = new double[] {a, c, 1};
            y[i] = a + 0.5 * c + 1.5 * Math.sin(i * 2.9) > 0 ? 1 : 0;
        }
        double threshold = 1e-3, step = 1.0;
        double[] theta = {1, 1, 1};
        double change = Double.POSITIVE_INFINITY;
        int iterations = 0;
        while (change > threshold) {
            double[] grad = new double[3];
            for (int i = 0; i < n; i++) {
                double z = x[i][0] * theta[0] + x[i][1] * theta[1] + x[i][2] * theta[2];
                double r = y[i] - 1 / (1 + Math.exp(-z));
                for (int j = 0; j < 3; j++) grad[j] += r * x[i][j] / n;
            }
            double ss = 0;
            for (int j = 0; j < 3; j++) {
                theta[j] += step * grad[j];
                ss += step * grad[j] * step * grad[j];
            }
            change = Math.sqrt(ss);
            iterations++;
        }
        assertEquals(519, iterations, "the python run of the same loop takes 519 iterations");

        LinearModel neuron = new LinearModel(F64, new double[][] {{1}, {1}, {1}}, null, true);
        History h = new Trainer(neuron, new BceLoss(), new Sgd(step)).fit(Tensor.matrix(F64, x), column(y),
                FitOptions.builder().fullBatch().epochs(1_000_000).parameterTolerance(threshold).build());
        assertEquals(TrainingStopReason.PARAMETER_TOLERANCE, h.stopReason());
        assertEquals("parameter change below tol", h.stopReason().description());
        assertEquals(iterations, h.iterations());
        assertArrayEquals(theta, neuron.kernel.value().toDoubleArray(), 1e-9);
        // python: [4.29622452, 2.93265205, -2.36751818]
        assertArrayEquals(new double[] {4.29622452, 2.93265205, -2.36751818}, theta, 1e-8);
    }

    @Test
    void epochsRunOutWithoutStoppingRules() {
        History h = new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1))
                .fit(column(X1), column(G1), FitOptions.builder().batchSize(5).epochs(3).build());
        assertEquals(TrainingStopReason.EPOCHS_COMPLETED, h.stopReason());
        assertEquals(3, h.epochs());
        assertEquals(12, h.iterations());
        assertEquals(List.of("loss"), h.names());
        assertTrue(h.loss()[2] < h.loss()[0]);
    }

    @Test
    void iterationCapCanEndAnEpochEarly() {
        History h = new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1))
                .fit(column(X1), column(G1), FitOptions.builder().batchSize(5).epochs(10).maxIterations(7)
                        .recordIterations(true).build());
        assertEquals(TrainingStopReason.MAX_ITERATIONS, h.stopReason());
        assertEquals(7, h.iterations());
        assertEquals(2, h.epochs());
        assertEquals(8, h.iterationLoss().length, "the batch evaluated before the cap is recorded too");
    }

    @Test
    void zeroEpochsTrainNothing() {
        LinearModel model = LinearModel.regression(F64, 0.5, 0);
        History h = new Trainer(model, new MseLoss(), new Sgd(0.1))
                .fit(column(X1), column(G1), FitOptions.builder().epochs(0).build());
        assertEquals(0, h.epochs());
        assertEquals(0, h.iterations());
        assertEquals(0.5, model.kernel.value().getFlat(0));
    }

    // ------------------------------------------------------------------ batching and shuffling

    /** Records the sample ids of every batch it is given. */
    private static final class RecordingModel implements Trainable {
        final LinearModel inner = LinearModel.regression(F64, 0, 0);
        final List<int[]> batches = new ArrayList<>();
        Tensor lastX;

        @Override
        public double computeGradients(Tensor x, Tensor y, Loss loss) {
            int[] seen = new int[x.rows()];
            for (int i = 0; i < seen.length; i++) seen[i] = (int) x.getFlat(i);
            batches.add(seen);
            lastX = x;
            return inner.computeGradients(x, y, loss);
        }

        @Override
        public List<Parameter> parameters() { return inner.parameters(); }

        @Override
        public Tensor predict(Tensor x) { return inner.predict(x); }
    }

    private static RecordingModel record(int n, FitOptions options) {
        RecordingModel m = new RecordingModel();
        new Trainer(m, new MseLoss(), new Sgd(1e-3)).fit(ids(n), ids(n), options);
        return m;
    }

    @Test
    void shufflingIsDeterministicFromTheSeed() {
        FitOptions seven = FitOptions.builder().batchSize(4).epochs(3).seed(7).build();
        List<int[]> a = record(10, seven).batches;
        List<int[]> b = record(10, seven).batches;
        List<int[]> c = record(10, FitOptions.builder().batchSize(4).epochs(3).seed(8).build()).batches;
        assertEquals(9, a.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertFalse(Arrays.deepEquals(a.toArray(), c.toArray()), "another seed, another order");

        // Epoch e's order is the (e+1)-th permutation drawn from new Rng(seed).
        Rng rng = new Rng(7);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] expected = rng.permutation(10);
            int[] actual = new int[10];
            int at = 0;
            for (int k = 0; k < 3; k++) for (int id : a.get(epoch * 3 + k)) actual[at++] = id;
            assertArrayEquals(expected, actual, "epoch " + epoch);
        }
    }

    @Test
    void everyEpochSeesEverySampleOnceAndUnshuffledRunsKeepTheOrder() {
        List<int[]> shuffled = record(10, FitOptions.builder().batchSize(3).epochs(2).seed(3).build()).batches;
        int[] epoch0 = shuffled.subList(0, 4).stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, epoch0);

        List<int[]> ordered = record(10, FitOptions.builder().batchSize(3).shuffle(false).build()).batches;
        assertArrayEquals(new int[] {0, 1, 2}, ordered.get(0));
        assertArrayEquals(new int[] {9}, ordered.get(3));
    }

    @Test
    void lastPartialBatchIsKeptOrDropped() {
        List<int[]> kept = record(10, FitOptions.builder().batchSize(3).epochs(2).build()).batches;
        assertEquals(8, kept.size());
        assertArrayEquals(new int[] {3, 3, 3, 1, 3, 3, 3, 1}, kept.stream().mapToInt(x -> x.length).toArray());

        List<int[]> dropped = record(10, FitOptions.builder().batchSize(3).epochs(2).dropLastBatch(true).build()).batches;
        assertEquals(6, dropped.size());
        assertTrue(dropped.stream().allMatch(x -> x.length == 3));

        // Exact division leaves nothing to drop.
        assertEquals(4, record(10, FitOptions.builder().batchSize(5).epochs(2).dropLastBatch(true).build())
                .batches.size());
    }

    @Test
    void aFullBatchIsTheDataItselfInItsOwnOrder() {
        Tensor x = ids(10);
        RecordingModel m = new RecordingModel();
        new Trainer(m, new MseLoss(), new Sgd(1e-3)).fit(x, ids(10), FitOptions.builder().batchSize(10).epochs(2).build());
        assertSame(x, m.lastX);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, m.batches.get(1));
    }

    @Test
    void defaultBatchIs32OrAllTheDataWhenThereIsLess() {
        assertEquals(1, record(10, FitOptions.defaults()).batches.size());
        assertEquals(2, record(40, FitOptions.defaults()).batches.size());
    }

    // ------------------------------------------------------------------ validation, metrics, early stopping

    /** One weight that each step raises by lr (its gradient is -1); it predicts w for every row. */
    private static final class ClimbingModel implements Trainable {
        final Parameter w = new Parameter("climb/w", Tensor.vector(F64, 0));

        @Override
        public double computeGradients(Tensor x, Tensor y, Loss loss) {
            w.grad().fill(-1);
            return 1.0;
        }

        @Override
        public List<Parameter> parameters() { return List.of(w); }

        @Override
        public Tensor predict(Tensor x) { return Tensor.full(F64, w.value().getFlat(0), x.rows(), 1); }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        // After epoch e the weight is e + 1, so val_loss = (e + 1 - 3)²: 4, 1, 0, 1, 4, … best at epoch 2.
        ClimbingModel model = new ClimbingModel();
        EarlyStopping stop = new EarlyStopping("val_loss").patience(2).restoreBestWeights(true);
        Tensor x = ids(4);
        History h = new Trainer(model, new MseLoss(), new Sgd(1)).fit(x, ids(4), FitOptions.builder()
                .fullBatch().epochs(100).validation(ids(2), Tensor.full(F64, 3, 2, 1)).callbacks(stop).build());

        assertEquals(TrainingStopReason.EARLY_STOPPING, h.stopReason());
        assertEquals("early stopping", h.stopReason().description());
        assertArrayEquals(new double[] {4, 1, 0, 1, 4}, h.get("val_loss"), 0);
        assertEquals(2, stop.bestEpoch());
        assertEquals(4, stop.stoppedEpoch());
        assertEquals(2, stop.restoredEpoch());
        assertEquals(3.0, model.w.value().getFlat(0), "the weights of the best epoch are back");
        assertTrue(h.stopMessage().contains("val_loss") && h.stopMessage().contains("epoch 3"), h.stopMessage());
    }

    @Test
    void earlyStoppingMaximisesAccuracyAndLeavesWeightsWithoutRestore() {
        // Predictions w against targets 1 at threshold 0.5: accuracy is 0 at w = 0, then 1 from w = 1 on.
        ClimbingModel model = new ClimbingModel();
        EarlyStopping stop = new EarlyStopping("val_accuracy").patience(1);
        History h = new Trainer(model, new MseLoss(), new Sgd(1), Accuracy.binary()).fit(ids(4),
                Tensor.full(F64, 1, 4, 1), FitOptions.builder().fullBatch().epochs(100).validation(ids(2), Tensor.full(F64, 1, 2, 1))
                        .callbacks(stop).build());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());
        assertArrayEquals(new double[] {1, 1}, h.get("val_accuracy"), 0);
        assertEquals(0, stop.bestEpoch());
        assertEquals(TrainingStopReason.EARLY_STOPPING, h.stopReason());
        assertEquals(2.0, model.w.value().getFlat(0));
        assertEquals(-1, stop.restoredEpoch());
    }

    @Test
    void earlyStoppingNeedsItsMonitorLogged() {
        Trainer t = new Trainer(new ClimbingModel(), new MseLoss(), new Sgd(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(ids(4), ids(4),
                FitOptions.builder().callbacks(new EarlyStopping()).build()));
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void validationLossAndMetricsAreLoggedPerEpoch() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        double[] y = {0, 0, 1, 1};
        LinearModel neuron = new LinearModel(F64, new double[][] {{-1}}, new double[] {0}, true);
        Trainer t = new Trainer(neuron, new BceLoss(), new Sgd(0.5), Accuracy.binary());
        History h = t.fit(Tensor.matrix(F64, x), column(y), FitOptions.builder().fullBatch().epochs(30)
                .validation(Tensor.matrix(F64, x), column(y)).build());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());
        assertEquals(0.0, h.get("accuracy")[0], "w = -1 gets every sample wrong at first");
        assertEquals(1.0, h.last("accuracy"));
        assertEquals(h.last("accuracy"), h.last("val_accuracy"));
        Map<String, Double> eval = t.evaluate(Tensor.matrix(F64, x), column(y));
        assertEquals(h.last("val_loss"), eval.get("loss"), 1e-15);
        assertEquals(30, h.elapsedSeconds().length);
    }

    // ------------------------------------------------------------------ callbacks and progress

    @Test
    void callbacksSeeEveryStepAndEpochAndCanStopTheRun() {
        List<String> events = new ArrayList<>();
        Callback spy = new Callback() {
            @Override
            public void onTrainBegin(TrainingRun run) { events.add("begin " + run.stepsPerEpoch()); }

            @Override
            public void onEpochBegin(int epoch, TrainingRun run) { events.add("epoch " + epoch); }

            @Override
            public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
                events.add("batch " + batch);
                if (run.iterations() == 6) run.stop("enough");
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
                events.add("end " + epoch + " " + logs.keySet());
            }

            @Override
            public void onTrainEnd(TrainingRun run) { events.add("done " + run.history().stopReason()); }
        };
        History h = new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1))
                .fit(column(X1), column(G1), FitOptions.builder().batchSize(5).epochs(5).callbacks(spy).build());
        assertEquals(List.of("begin 4", "epoch 0", "batch 0", "batch 1", "batch 2", "batch 3", "end 0 [loss]",
                "epoch 1", "batch 0", "batch 1", "end 1 [loss]", "done stopped by a callback"), events);
        assertEquals(TrainingStopReason.CALLBACK, h.stopReason());
        assertEquals("enough", h.stopMessage());
    }

    @Test
    void progressPrintsEpochsTimesAndTheStopReason() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1), Metric.meanSquaredError())
                .fit(column(X1), column(G1), FitOptions.builder().batchSize(5).epochs(3)
                        .progress(new Progress(out).interval(Duration.ZERO)).build());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("training: 20 samples, batches of 5 (4 steps per epoch), 3 epochs, Sgd("), text);
        assertTrue(text.contains("epoch 1/3 - step 1/4 - batch loss"), text);
        assertTrue(text.contains("epoch 3/3 - loss "), text);
        assertTrue(text.contains(" - mse "), text);
        assertTrue(text.contains("elapsed, about "), text);
        assertTrue(text.contains("stopped: completed epochs: 3 epochs, 12 iterations"), text);
    }

    @Test
    void trainingIsQuietByDefault() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1))
                    .fit(column(X1), column(G1), FitOptions.builder().epochs(3).build());
        } finally {
            System.setOut(original);
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("0.042s", Progress.duration(0.0421));
        assertEquals("12.3s", Progress.duration(12.34));
        assertEquals("2m05s", Progress.duration(125));
        assertEquals("1h02m", Progress.duration(3725));
    }

    // ------------------------------------------------------------------ non-finite values

    /** A linear model that misbehaves at one call of computeGradients (counting from 1). */
    private static final class FaultyModel implements Trainable {
        final LinearModel inner = LinearModel.regression(F64, 0, 0);
        final int at;
        final Consumer<LinearModel> fault;
        int calls;
        boolean nanLoss;

        FaultyModel(int at, boolean nanLoss, Consumer<LinearModel> fault) {
            this.at = at;
            this.nanLoss = nanLoss;
            this.fault = fault;
        }

        @Override
        public double computeGradients(Tensor x, Tensor y, Loss loss) {
            double value = inner.computeGradients(x, y, loss);
            if (++calls != at) return value;
            fault.accept(inner);
            return nanLoss ? Double.NaN : value;
        }

        @Override
        public List<Parameter> parameters() { return inner.parameters(); }

        @Override
        public Tensor predict(Tensor x) { return inner.predict(x); }
    }

    @Test
    void aNanLossStopsTrainingNamingTheEpochAndStep() {
        // 4 steps per epoch: call 7 is epoch 2, step 3.
        FaultyModel model = new FaultyModel(7, true, m -> {});
        Trainer t = new Trainer(model, new MseLoss(), new Sgd(0.1));
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.fit(column(X1), column(G1),
                FitOptions.builder().batchSize(5).epochs(5).build()));
        assertTrue(e.getMessage().contains("the loss is NaN at epoch 2, step 3 (iteration 7)"), e.getMessage());
        assertEquals(2, e.epoch());
        assertEquals(3, e.step());
        assertEquals(7, e.iteration());
        assertNull(e.parameter());
        assertEquals(6, e.history().iterations());
        assertEquals(1, e.history().epochs());
    }

    @Test
    void aNonFiniteGradientNamesTheParameterAndLeavesTheValuesAlone() {
        FaultyModel model = new FaultyModel(3, false, m -> m.bias.grad().setFlat(0, Double.POSITIVE_INFINITY));
        Trainer t = new Trainer(model, new MseLoss(), new Sgd(0.1));
        double[][] before = new double[1][];
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.fit(column(X1), column(G1),
                FitOptions.builder().fullBatch().epochs(5).callbacks(new Callback() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
                        before[0] = model.inner.bias.value().toDoubleArray();
                    }
                }).build()));
        assertEquals("linear/bias", e.parameter());
        assertTrue(e.getMessage().contains("gradient of parameter 'linear/bias' is Infinity"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch 3, step 1"), e.getMessage());
        assertArrayEquals(before[0], model.inner.bias.value().toDoubleArray(), 0.0);
    }

    @Test
    void aParameterThatOverflowsIsNamed() {
        LinearModel model = new LinearModel(DType.FLOAT32, new double[][] {{1}}, new double[] {0}, false);
        Tensor x = Tensor.of(DType.FLOAT32, new double[] {1e19, 1e19}, 2, 1);
        Tensor y = Tensor.of(DType.FLOAT32, new double[] {0, 0}, 2, 1);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> new Trainer(model, new MseLoss(),
                new Sgd(10)).fit(x, y, FitOptions.builder().fullBatch().build()));
        assertEquals("linear/kernel", e.parameter());
        assertTrue(e.getMessage().contains("parameter 'linear/kernel' became -Infinity"), e.getMessage());
    }

    @Test
    void checksCanBeSwitchedOff() {
        FaultyModel model = new FaultyModel(2, true, m -> {});
        History h = new Trainer(model, new MseLoss(), new Sgd(0.1)).fit(column(X1), column(G1),
                FitOptions.builder().fullBatch().epochs(3).checkFinite(false).build());
        assertTrue(Double.isNaN(h.loss()[1]));
        assertEquals(3, h.iterations());
    }

    // ------------------------------------------------------------------ bad input

    private static void assertRejected(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
    }

    @Test
    void badOptionsAreRejectedByName() {
        assertRejected(() -> FitOptions.builder().batchSize(0), "batchSize", ">= 1", "0");
        assertRejected(() -> FitOptions.builder().batchSize(-3), "batchSize", "-3");
        assertRejected(() -> FitOptions.builder().epochs(-1), "epochs", ">= 0", "-1");
        assertRejected(() -> FitOptions.builder().lossTolerance(0), "lossTolerance", "> 0", "0.0");
        assertRejected(() -> FitOptions.builder().lossTolerance(Double.NaN), "lossTolerance", "NaN");
        assertRejected(() -> FitOptions.builder().parameterTolerance(-1e-5), "parameterTolerance", ">= 0", "-1.0E-5");
        assertRejected(() -> FitOptions.builder().maxIterations(-1), "maxIterations", ">= 0", "-1");
        assertRejected(() -> new EarlyStopping().patience(-1), "patience", "-1");
        assertRejected(() -> new Progress(System.out).everyEpochs(0), "everyEpochs", "0");
    }

    @Test
    void badDataAreRejectedWithShapes() {
        Trainer t = new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1));
        Tensor x = column(X1), y = column(G1);
        assertRejected(() -> t.fit(x, y, FitOptions.builder().batchSize(21).build()), "batchSize", "[1, 20]", "21");
        assertRejected(() -> t.fit(Tensor.zeros(F64, 0, 1), Tensor.zeros(F64, 0, 1)), "empty", "[0, 1]");
        assertRejected(() -> t.fit(x, Tensor.zeros(F64, 19, 1)), "same number of rows", "20", "19");
        assertRejected(() -> t.fit(x, y.astype(DType.FLOAT32)), "float64", "float32");
        assertRejected(() -> t.fit(x.astype(DType.FLOAT32), y.astype(DType.FLOAT32)), "linear/kernel", "float32");
        assertRejected(() -> t.fit(x, y, FitOptions.builder().validation(x, Tensor.zeros(F64, 3, 1)).build()),
                "validation", "20", "3");
        assertRejected(() -> t.fit(Tensor.scalar(F64, 1), Tensor.scalar(F64, 1)), "first (sample) dimension");
        assertRejected(() -> new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1),
                Metric.meanSquaredError(), Metric.meanSquaredError()), "distinct", "mse");
    }

    @Test
    void aModelWithoutTrainableParametersIsRejected() {
        LinearModel frozen = LinearModel.regression(F64, 0, 0);
        frozen.parameters().forEach(p -> p.trainable(false));
        assertRejected(() -> new Trainer(frozen, new MseLoss(), new Sgd(0.1)).fit(column(X1), column(G1)),
                "no trainable parameters");
    }

    @Test
    void float32TrainsLikeFloat64() {
        History h64 = new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Adam(0.05))
                .fit(column(X1), column(G1), FitOptions.builder().batchSize(5).epochs(20).seed(1).build());
        History h32 = new Trainer(LinearModel.regression(DType.FLOAT32, 0, 0), new MseLoss(), new Adam(0.05))
                .fit(column(X1).astype(DType.FLOAT32), column(G1).astype(DType.FLOAT32),
                        FitOptions.builder().batchSize(5).epochs(20).seed(1).build());
        assertArrayEquals(h64.loss(), h32.loss(), 1e-4);
        assertNotEquals(h64.loss()[0], h64.finalLoss());
    }
}
