package io.nnlab.optim;

import io.nnlab.data.Dataset;
import io.nnlab.data.Iris;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.schedules.LearningRateSchedule;
import io.nnlab.optim.schedules.LearningRateSchedule.Interval;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the fit loop offers around each step: learning-rate schedules per step and per epoch, the
 * batch-begin and gradient hooks and their order, gradient clipping inside fit, Keras's
 * validation split, and fitting on a Dataset.
 */
class FitHooksTest {

    private static final DType F64 = DType.FLOAT64;

    /** x = 0, 1, ..., n-1 (so a model sees which rows it gets), y = 3x/n + 1. */
    private static Tensor[] line(int n) {
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 3.0 * i / n + 1;
        }
        return new Tensor[]{Tensor.of(F64, x, n, 1), Tensor.of(F64, y, n, 1)};
    }

    /** Records the optimiser's learning rate and step count as each batch begins. */
    private static final class RateLog implements Callback {
        final List<Double> rates = new ArrayList<>();
        final List<Long> steps = new ArrayList<>();

        @Override
        public void onBatchBegin(int epoch, int batch, TrainingRun run) {
            rates.add(run.optimizer().learningRate());
            steps.add(run.optimizer().iterations());
        }
    }

    @Test
    void aStepScheduleSetsTheRateBeforeEveryStep() {
        Tensor[] d = line(10);
        LearningRateSchedule inverse = t -> 0.1 / (t + 1);
        RateLog log = new RateLog();
        Sgd sgd = new Sgd(0.5);
        new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), sgd).fit(d[0], d[1], FitOptions.builder()
                .epochs(2).batchSize(4).learningRateSchedule(inverse, Interval.STEP).callbacks(log).build());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), log.steps);   // 3 steps an epoch
        for (int i = 0; i < 6; i++) assertEquals(0.1 / (i + 1), log.rates.get(i), 0, "step " + i);

        // Resuming: the optimiser's restored step count is where the schedule continues.
        RateLog resumed = new RateLog();
        Sgd restored = new Sgd(0.5);
        restored.setIterations(6);
        new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), restored).fit(d[0], d[1], FitOptions.builder()
                .epochs(3).initialEpoch(2).batchSize(4).learningRateSchedule(inverse, Interval.STEP).callbacks(resumed)
                .build());
        assertEquals(List.of(0.1 / 7, 0.1 / 8, 0.1 / 9), resumed.rates);
    }

    @Test
    void anEpochScheduleHoldsThroughTheEpoch() {
        Tensor[] d = line(10);
        RateLog log = new RateLog();
        new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.5)).fit(d[0], d[1], FitOptions.builder()
                .epochs(4).initialEpoch(1).batchSize(5).learningRateSchedule(t -> 0.01 * (t + 1), Interval.EPOCH)
                .callbacks(log).build());
        assertEquals(List.of(0.02, 0.02, 0.03, 0.03, 0.04, 0.04), log.rates);
    }

    @Test
    void aScheduleThatGivesNoRateIsAnError() {
        Tensor[] d = line(4);
        FitOptions o = FitOptions.builder().epochs(1).batchSize(2)
                .learningRateSchedule(t -> t == 1 ? Double.NaN : 0.1, Interval.STEP).build();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd()).fit(d[0], d[1], o));
        assertTrue(e.getMessage().startsWith("fit: the learning-rate schedule ") && e.getMessage().contains(
                " gave NaN at step 1; a rate must be >= 0 and finite"), e.getMessage());
    }

    @Test
    void hooksRunInOrderAroundEachStep() {
        Tensor[] d = line(4);
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochBegin(int epoch, TrainingRun run) { events.add("epoch " + epoch); }

            @Override
            public void onBatchBegin(int epoch, int batch, TrainingRun run) {
                events.add("begin " + batch + " at step " + run.iterations());
            }

            @Override
            public void onGradients(int epoch, int batch, TrainingRun run) {
                events.add("gradients " + batch + " before step " + run.optimizer().iterations());
            }

            @Override
            public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
                events.add("end " + batch + " after step " + run.optimizer().iterations());
            }
        };
        new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1))
                .fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(2).callbacks(recorder).build());
        assertEquals(List.of("epoch 0", "begin 0 at step 0", "gradients 0 before step 0", "end 0 after step 1",
                "begin 1 at step 1", "gradients 1 before step 1", "end 1 after step 2"), events);
    }

    /** One full-batch step of plain SGD with lr 1 moves the parameters by exactly the (clipped) gradient. */
    @Test
    void clippingInFitActsOnTheStepsGradients() {
        Tensor[] d = line(8);
        LinearModel free = LinearModel.regression(F64, 0, 0);
        new Trainer(free, new MseLoss(), new Sgd(1)).fit(d[0], d[1], FitOptions.builder().fullBatch().build());
        double w = free.kernel.value().getFlat(0), b = free.bias.value().getFlat(0);
        assertTrue(Math.hypot(w, b) > 2, "the unclipped step is large: " + w + ", " + b);

        LinearModel byValue = LinearModel.regression(F64, 0, 0);
        new Trainer(byValue, new MseLoss(), new Sgd(1)).fit(d[0], d[1], FitOptions.builder().fullBatch()
                .callbacks(GradientClipping.byValue(0.25)).build());
        assertEquals(0.25, byValue.kernel.value().getFlat(0), 0);   // both gradients are negative and beyond 0.25
        assertEquals(0.25, byValue.bias.value().getFlat(0), 0);

        LinearModel byNorm = LinearModel.regression(F64, 0, 0);
        new Trainer(byNorm, new MseLoss(), new Sgd(1)).fit(d[0], d[1], FitOptions.builder().fullBatch()
                .callbacks(GradientClipping.byGlobalNorm(0.5)).build());
        double cw = byNorm.kernel.value().getFlat(0), cb = byNorm.bias.value().getFlat(0);
        assertEquals(0.5, Math.hypot(cw, cb), 1e-15, "the step's norm is the limit");
        assertEquals(w / b, cw / cb, 1e-12, "in the gradient's direction");
    }

    @Test
    void validationSplitHoldsOutTheLastRowsBeforeShuffling() {
        Tensor[] d = line(10);
        List<Double> seen = new ArrayList<>();
        LinearModel inner = LinearModel.regression(F64, 0.1, 0);
        Trainable recording = Trainable.of((x, y, loss) -> {
            for (int i = 0; i < x.rows(); i++) seen.add(x.getFlat(i));
            return inner.computeGradients(x, y, loss);
        }, inner::parameters, inner::predict);
        Trainer trainer = new Trainer(recording, new MseLoss(), new Sgd(0.01));
        History h = trainer.fit(d[0], d[1], FitOptions.builder().epochs(3).batchSize(3).seed(4)
                .validationSplit(0.25).build());
        // Keras: rows [0, ⌊10·0.75⌋) = [0, 7) train, [7, 10) validate.
        assertEquals(21, seen.size());
        assertTrue(seen.stream().allMatch(v -> v < 7), "trained only on rows 0-6: " + seen);
        assertEquals(trainer.evaluate(d[0].rowRange(7, 10), d[1].rowRange(7, 10)).get("loss"), h.last("val_loss"), 0);

        var tooMuch = assertThrows(IllegalArgumentException.class, () -> trainer.fit(d[0], d[1],
                FitOptions.builder().validationSplit(0.95).build()));
        assertEquals("fit: a validationSplit of 0.95 of 10 samples leaves nothing to train on", tooMuch.getMessage());
        var both = assertThrows(IllegalArgumentException.class,
                () -> FitOptions.builder().validation(d[0], d[1]).validationSplit(0.2).build());
        assertTrue(both.getMessage().startsWith("FitOptions: give validation data one way"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().validationSplit(1));
    }

    @Test
    void aDatasetWithIntLabelsFitsAsItsTensorsDo() {
        Dataset iris = Iris.load(Iris.Version.CURRENT, F64);
        Dataset.Split parts = iris.split(0.2, 3);
        double[] labels = new double[parts.train().size()];
        for (int i = 0; i < labels.length; i++) labels[i] = parts.train().labels()[i];
        Tensor y = Tensor.of(F64, labels, labels.length);

        FitOptions.Builder options = FitOptions.builder().epochs(5).batchSize(16).seed(2);
        Trainer byTensors = trainer();
        History expected = byTensors.fit(parts.train().features(), y, options.build());
        Trainer byDataset = trainer();
        History actual = byDataset.fit(parts.train(), options.validation(parts.test()).build());
        assertArrayEquals(expected.loss(), actual.loss(), 0);
        assertArrayEquals(expected.get("accuracy"), actual.get("accuracy"), 0);
        assertEquals(byDataset.evaluate(parts.test()).get("loss"), actual.last("val_loss"), 0);
        assertTrue(actual.last("val_accuracy") > 0.8, "Iris is learnable: " + actual);
        assertNotEquals(expected.loss()[0], expected.loss()[4]);
    }

    private static Trainer trainer() {
        Sequential m = Sequential.builder().input(4).dense(16, Activation.RELU).dense(3, Activation.SOFTMAX)
                .build(F64, 5);
        return new Trainer(m, new SparseCategoricalCrossEntropy(), new Adam(0.05), Accuracy.sparseCategorical());
    }
}
