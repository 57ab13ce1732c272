package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReduceLROnPlateau against Keras' on_epoch_end, transcribed below, on a scripted sequence of epoch
 * losses (a model whose full-batch loss is the script's next value).
 */
class ReduceLROnPlateauTest {

    /** Keras 3's ReduceLROnPlateau.on_epoch_end for mode "min", as in keras/src/callbacks/reduce_lr_on_plateau.py. */
    private static List<Double> keras(double[] losses, double lr, double factor, int patience, double minDelta,
                                      int cooldown, double minLr) {
        List<Double> rates = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int wait = 0, cooldownCounter = 0;
        for (double current : losses) {
            if (cooldownCounter > 0) {          // in_cooldown()
                cooldownCounter -= 1;
                wait = 0;
            }
            if (current < best - minDelta) {    // monitor_op
                best = current;
                wait = 0;
            } else if (!(cooldownCounter > 0)) {
                wait += 1;
                if (wait >= patience) {
                    if (lr > minLr) {
                        lr = Math.max(lr * factor, minLr);
                        cooldownCounter = cooldown;
                        wait = 0;
                    }
                }
            }
            rates.add(lr);
        }
        return rates;
    }

    private static List<Double> nnlab(double[] losses, double lr, ReduceLROnPlateau callback) {
        Parameter w = new Parameter("w", Tensor.zeros(DType.FLOAT64, 1));
        int[] epoch = {0};
        Trainable scripted = Trainable.of((x, y, loss) -> losses[epoch[0]], () -> List.of(w), x -> x);
        List<Double> rates = new ArrayList<>();
        Callback log = new Callback() {
            @Override
            public void onEpochEnd(int e, Map<String, Double> logs, TrainingRun run) {
                rates.add(run.optimizer().learningRate());
                epoch[0]++;
            }
        };
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 1);
        new Trainer(scripted, new MseLoss(), new Sgd(lr)).fit(x, x, FitOptions.builder().epochs(losses.length)
                .fullBatch().callbacks(callback, log).build());
        return rates;
    }

    private static final double[] LOSSES = {1.0, 0.9, 0.9, 0.95, 0.9, 0.85, 0.85, 0.85, 0.85, 0.849995, 0.85, 0.85,
            0.85, 0.85, 0.85, 0.85};

    @Test
    void lowersTheRateAsKerasDoes() {
        List<Double> expected = keras(LOSSES, 0.1, 0.5, 2, 1e-4, 0, 0);
        assertEquals(expected, nnlab(LOSSES, 0.1,
                new ReduceLROnPlateau("loss").factor(0.5).patience(2)));
        assertEquals(List.of(0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125), expected.subList(0, 10),
                "by hand: no gain at epochs 3-4, 7-8 and 9 (0.849995 is within minDelta)");
    }

    @Test
    void cooldownAndFloorAsKeras() {
        List<Double> expected = keras(LOSSES, 0.1, 0.2, 1, 1e-4, 2, 0.003);
        ReduceLROnPlateau r = new ReduceLROnPlateau("loss").factor(0.2).patience(1).cooldown(2).minLearningRate(0.003);
        assertEquals(expected, nnlab(LOSSES, 0.1, r));
        assertEquals(0.003, expected.getLast(), 1e-18, "never below the floor");
        assertEquals(3, r.reductions());
    }

    @Test
    void defaultsAreKerasAndAMissingMonitorIsNamed() {
        ReduceLROnPlateau r = new ReduceLROnPlateau();
        assertEquals("val_loss", r.monitor());
        double[] flat = new double[12];
        java.util.Arrays.fill(flat, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> nnlab(flat, 0.1, r));
        assertEquals("ReduceLROnPlateau: monitors 'val_loss' but the run logs [loss] (pass validation data to fit)",
                e.getMessage());
        ReduceLROnPlateau onLoss = new ReduceLROnPlateau("loss");
        List<Double> rates = nnlab(flat, 0.1, onLoss);
        assertEquals(keras(flat, 0.1, 0.1, 10, 1e-4, 0, 0), rates, "factor 0.1 after patience 10");
        assertTrue(rates.get(10) < 0.0100001 && rates.get(9) == 0.1);
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1));
    }
}
