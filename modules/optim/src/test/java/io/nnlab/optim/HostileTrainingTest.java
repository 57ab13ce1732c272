package io.nnlab.optim;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.InvalidTargetException;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data that would make training or evaluation silently wrong: each is refused where it is, by row. */
class HostileTrainingTest {

    private static final DType F32 = DType.FLOAT32;

    private static Sequential classifier() {
        return Sequential.builder().name("iris").input(4).dense(8, Activation.RELU).dense(3, Activation.SOFTMAX)
                .build(F32, 3);
    }

    private static Tensor features(int rows, long seed) { return Tensor.normal(F32, new Rng(seed), 0, 1, rows, 4); }

    private static Tensor labels(int rows, long seed) {
        Rng rng = new Rng(seed);
        Tensor y = Tensor.zeros(F32, rows);
        for (int i = 0; i < rows; i++) y.setFlat(i, rng.nextInt(3));
        return y;
    }

    private static Trainer trainer(Sequential m) {
        return new Trainer(m, new SparseCategoricalCrossEntropy(), new Adam(), Accuracy.sparseCategorical());
    }

    @Test
    void evaluateRefusesNanInXNamingTheRowInsteadOfReportingAnAccuracy() {
        Tensor x = features(20, 1);
        x.setFlat(13 * 4 + 2, Float.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(classifier()).evaluate(x, labels(20, 2)));
        assertEquals("evaluate: x holds NaN at row 13 (element [13, 2] of [20, 4]); a loss or accuracy over it would be"
                + " meaningless: drop or repair that sample", e.getMessage());
    }

    @Test
    void nanInValidationDataIsRefusedBeforeTheFirstStep() {
        Sequential m = classifier();
        Tensor before = m.weights().get(0).value().copy();
        Tensor xVal = features(10, 3);
        xVal.setFlat(7 * 4, Float.POSITIVE_INFINITY);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(m).fit(features(30, 1), labels(30, 2),
                FitOptions.builder().epochs(3).validation(xVal, labels(10, 4))
                        .callbacks(new EarlyStopping().restoreBestWeights(true)).build()));
        assertEquals("fit: validation x holds Infinity at row 7 (element [7, 0] of [10, 4]); drop or repair that sample,"
                + " or let it through with FitOptions.Builder.checkFinite(false)", e.getMessage());
        assertTrue(before.bitEquals(m.weights().get(0).value()), "nothing trained");
    }

    @Test
    void aNanMonitoredValueStopsTheRunSayingSoAndRestoresTheBestEpoch() {
        // A metric that turns NaN in the third epoch, as a model diverging on the validation data would.
        int[] calls = {0};
        Metric flaky = Metric.of("score", (p, t) -> ++calls[0] >= 5 ? Double.NaN : 1.0 / calls[0]);
        Sequential m = classifier();
        EarlyStopping stop = new EarlyStopping("val_score").mode(EarlyStopping.Mode.MIN).patience(5)
                .restoreBestWeights(true);
        Tensor[] atEpoch2 = new Tensor[1];
        History h = new Trainer(m, new SparseCategoricalCrossEntropy(), new Adam(), flaky).fit(features(30, 1),
                labels(30, 2), FitOptions.builder().epochs(10).batchSize(10).validation(features(10, 3), labels(10, 4))
                        .callbacks(stop, new Callback() {
                            @Override
                            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingRun run) {
                                if (epoch == 1) atEpoch2[0] = m.weights().get(0).value().copy();
                            }
                        }).build());
        assertEquals(TrainingStopReason.EARLY_STOPPING, h.stopReason());
        assertEquals("early stopping: val_score is NaN at epoch 3; the best was 0.250000 at epoch 2, whose weights are"
                + " restored", h.stopMessage());
        assertEquals(3, h.epochs());
        assertEquals(1, stop.restoredEpoch());
        assertTrue(atEpoch2[0].bitEquals(m.weights().get(0).value()));
    }

    @Test
    void aLabelOutOfRangeIsNamedByItsRowInYNotInTheBatch() {
        Tensor y = labels(40, 2);
        y.setFlat(29, 3);
        FitOptions o = FitOptions.builder().epochs(2).batchSize(8).seed(11).build();
        InvalidTargetException e = assertThrows(InvalidTargetException.class,
                () -> trainer(classifier()).fit(features(40, 1), y, o));
        assertEquals(29, e.row());
        assertTrue(e.getMessage().startsWith("sparse_categorical_crossentropy: row 29 of y (row "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" of the batch at epoch 1, step " + stepOf()
                + "): label 3 is not a class index: expected an integer in [0, 2] for 3 classes"), e.getMessage());
        InvalidTargetException inBatch = (InvalidTargetException) e.getCause();
        assertTrue(inBatch.row() < 8);
    }

    @Test
    void aLabelOutOfRangeInABatchedEvaluationIsNamedByItsRowInY() {
        Tensor y = labels(20, 2);
        y.setFlat(13, -1);
        var quiet = Progress.lines(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        InvalidTargetException e = assertThrows(InvalidTargetException.class,
                () -> trainer(classifier()).evaluate(features(20, 1), y, 5, quiet));
        assertEquals("sparse_categorical_crossentropy: row 13 of y (row 3 of evaluation batch 3): label -1 is not a"
                + " class index: expected an integer in [0, 2] for 3 classes", e.getMessage());
    }

    /** The step, as the message states it, that the shuffled order of seed 11 puts row 29 in. */
    private static String stepOf() {
        int[] order = new int[40];
        for (int i = 0; i < 40; i++) order[i] = i;
        new Rng(11).shuffle(order);
        int position = 0;
        while (order[position] != 29) position++;
        return (position / 8 + 1) + " (iteration " + (position / 8 + 1) + ")";
    }
}
