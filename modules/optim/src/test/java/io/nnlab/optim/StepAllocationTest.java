package io.nnlab.optim;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.schedules.CosineDecay;
import io.nnlab.optim.schedules.LearningRateSchedule.Interval;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fit loop's step allocates nothing after the first epoch, with everything a step can run: the
 * batching, a per-step schedule, the gradient hook (clipping), the progress callback and the
 * optimiser. Measured with the JVM's per-thread allocation counter between one step's end and the
 * next, on the scalar kernels (as nn's AllocationTest: Vector API code boxes until C2 compiles it).
 */
class StepAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void scalar() { Backend.use(Backend.SCALAR); }

    @AfterAll
    static void restore() { Backend.use(Backend.parse("auto")); }

    @Test
    void aStepWithAScheduleClippingAndProgressAllocatesNothing() {
        long thread = Thread.currentThread().threadId();
        long[] worst = {0};
        int[] measured = {0};
        Callback meter = new Callback() {
            private long last = -1;

            @Override
            public void onEpochBegin(int epoch, TrainingRun run) { last = -1; }

            @Override
            public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
                long now = THREADS.getThreadAllocatedBytes(thread);
                if (epoch > 0 && last >= 0) {
                    worst[0] = Math.max(worst[0], now - last);
                    measured[0]++;
                }
                last = THREADS.getThreadAllocatedBytes(thread);
            }
        };
        Rng rng = new Rng(1);
        Tensor x = Tensor.uniform(DType.FLOAT64, rng, -1, 1, 64, 4);
        Tensor y = Tensor.uniform(DType.FLOAT64, rng, 0, 1, 64, 1);
        Sequential m = Sequential.builder().input(4).dense(8, Activation.RELU).dense(1, Activation.SIGMOID)
                .build(DType.FLOAT64, 1);
        new Trainer(m, new MeanSquaredError(), new Adam(0.01)).fit(x, y, FitOptions.builder().epochs(3).batchSize(16)
                .learningRateSchedule(new CosineDecay(0.01, 100), Interval.STEP)
                .callbacks(meter, GradientClipping.byGlobalNorm(1))
                .progress(Progress.lines(new PrintStream(OutputStream.nullOutputStream()))).build());
        assertTrue(measured[0] >= 6, "steps measured: " + measured[0]);
        assertTrue(worst[0] < 512, "a step allocated " + worst[0] + " bytes");
    }
}
