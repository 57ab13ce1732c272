package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.nn.losses.Loss;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training step allocates nothing once shapes are known: layers and losses
 * reuse their buffers, per batch size. Measured with the JVM's per-thread allocation counter: a
 * memory assertion, not a timing one.
 *
 * <p>Run on the scalar kernels: Vector API code boxes its vectors until C2 has compiled it, so a
 * cold test on SIMD would measure the interpreter, not the layers. The warm SIMD step is measured
 * by the JMH gc profiler (DenseBenchmark, -prof gc).
 */
class AllocationTest {
    /** Slack for the JVM's own counters; one reallocated buffer here would be over 1 KB. */
    static final long THRESHOLD_BYTES = 512;

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void scalar() { Backend.use(Backend.SCALAR); }

    @AfterAll
    static void restore() { Backend.use(Backend.parse("auto")); }

    static long allocatedBy(Runnable step) {
        long id = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(id);
        step.run();
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void denseForwardAndBackwardAtMnistShapes() {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(1);
            Dense hidden = new Dense(100, Activation.RELU);
            Dense output = new Dense(10, Activation.SOFTMAX);
            hidden.build(new int[]{784}, dtype, rng.split());
            output.build(new int[]{100}, dtype, rng.split());
            Tensor x = Tensor.uniform(dtype, rng, 0, 1, 32, 784);
            Tensor gradOut = Tensor.normal(dtype, rng, 0, 1, 32, 10);
            Runnable step = () -> {
                output.forward(hidden.forward(x, Mode.TRAIN), Mode.TRAIN);
                hidden.backward(output.backward(gradOut));
            };
            long first = allocatedBy(step);
            long second = allocatedBy(step);
            assertTrue(first > 32 * 784, dtype + ": the first step creates the buffers, " + first + " bytes");
            assertTrue(second < THRESHOLD_BYTES, dtype + ": the second step allocated " + second + " bytes");
        }
    }

    @Test
    void trainingStepsAlternatingWithAPartialBatch() {
        for (DType dtype : DType.values()) {
            Sequential model = SequentialTest.mnistMlp(dtype);
            Rng rng = new Rng(2);
            Tensor x = Tensor.uniform(dtype, rng, 0, 1, 32, 28, 28);
            Tensor y = labels(dtype, rng, 32);
            Tensor xLast = Tensor.uniform(dtype, rng, 0, 1, 16, 28, 28);  // an epoch's last batch
            Tensor yLast = labels(dtype, rng, 16);
            Loss loss = new SparseCategoricalCrossEntropy();
            model.computeGradients(x, y, loss);
            model.computeGradients(xLast, yLast, loss);
            long full = allocatedBy(() -> model.computeGradients(x, y, loss));
            long last = allocatedBy(() -> model.computeGradients(xLast, yLast, loss));
            assertTrue(full < THRESHOLD_BYTES, dtype + ": a full-batch step allocated " + full + " bytes");
            assertTrue(last < THRESHOLD_BYTES, dtype + ": a partial-batch step allocated " + last + " bytes");
        }
    }

    @Test
    void trainingStepWithBatchNormDropoutAndRegularisers() {
        Sequential model = SequentialTest.deepMix(Activation.SIGMOID, 1);
        Rng rng = new Rng(3);
        Tensor x = Tensor.normal(DType.FLOAT64, rng, 0, 1, 32, 2, 3);
        Tensor y = Tensor.uniform(DType.FLOAT64, rng, 0, 1, 32, 1);
        Loss loss = new BinaryCrossEntropy();
        model.computeGradients(x, y, loss);
        long bytes = allocatedBy(() -> model.computeGradients(x, y, loss));
        assertTrue(bytes < THRESHOLD_BYTES, "a step allocated " + bytes + " bytes");
    }

    static Tensor labels(DType dtype, Rng rng, int n) {
        Tensor y = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) y.setFlat(i, rng.nextInt(10));
        return y;
    }
}
