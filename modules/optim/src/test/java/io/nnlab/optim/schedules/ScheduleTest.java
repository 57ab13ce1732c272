package io.nnlab.optim.schedules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each schedule against the definition it follows, written out here: PyTorch's StepLR,
 * ExponentialLR and CosineAnnealingLR closed forms, and Keras' ExponentialDecay and CosineDecay
 * (with its docstring examples' numbers).
 */
class ScheduleTest {

    @Test
    void stepDecayIsPyTorchsStepLR() {
        // torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5) with lr 0.1, read after each scheduler.step():
        double[] torch = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
        StepDecay s = new StepDecay(0.1, 3, 0.5);
        for (int t = 0; t < torch.length; t++) assertEquals(torch[t], s.learningRate(t), 1e-17, "t=" + t);
        assertEquals(0.1 * 1e-3, new StepDecay(0.1, 30).learningRate(95), 1e-18, "γ defaults to 0.1");
    }

    @Test
    void exponentialDecayIsKeras() {
        // Keras' docstring: ExponentialDecay(0.1, decay_steps=100000, decay_rate=0.96, staircase=True).
        ExponentialDecay stairs = new ExponentialDecay(0.1, 100_000, 0.96, true);
        assertEquals(0.1, stairs.learningRate(99_999), 0);
        assertEquals(0.096, stairs.learningRate(100_000), 1e-17);
        assertEquals(0.09216, stairs.learningRate(250_000), 1e-16);
        ExponentialDecay smooth = new ExponentialDecay(0.1, 100_000, 0.96);
        assertEquals(0.097979589711327123928, smooth.learningRate(50_000), 3e-17);  // 0.1·sqrt(0.96)
        // PyTorch's ExponentialLR(γ = 0.9): lr₀·γ^t.
        ExponentialDecay torch = new ExponentialDecay(0.5, 1, 0.9);
        for (int t = 0; t < 20; t++) assertEquals(0.5 * Math.pow(0.9, t), torch.learningRate(t), 1e-16);
    }

    @Test
    void cosineDecayIsKerasAndPyTorchsCosineAnnealing() {
        CosineDecay c = new CosineDecay(0.1, 1000);
        assertEquals(0.1, c.learningRate(0), 0);
        assertEquals(0.08535533905932738, c.learningRate(250), 1e-17);   // 0.1·½(1 + cos(π/4))
        assertEquals(0.05, c.learningRate(500), 1e-17);
        assertEquals(0, c.learningRate(1000), 1e-18);
        assertEquals(0, c.learningRate(5000), 1e-18, "stays at the end");
        // CosineAnnealingLR(T_max = 1000, eta_min = 0.01): η_min + (η_max - η_min)·(1 + cos(π t / T_max)) / 2.
        CosineDecay floor = new CosineDecay(0.1, 1000, 0.1);
        for (int t = 0; t <= 1000; t += 37) {
            double torch = 0.01 + (0.1 - 0.01) * (1 + Math.cos(Math.PI * t / 1000)) / 2;
            assertEquals(torch, floor.learningRate(t), 1e-16, "t=" + t);
        }
    }

    @Test
    void cosineDecayWithWarmupIsKeras() {
        // Keras' docstring: CosineDecay(0, decay_steps=1000, warmup_target=0.1, warmup_steps=1000).
        LearningRateSchedule w = new CosineDecay(0, 1000).warmup(0.1, 1000);
        assertEquals(0, w.learningRate(0), 0);
        assertEquals(0.025, w.learningRate(250), 1e-17);
        assertEquals(0.0999, w.learningRate(999), 1e-17);
        assertEquals(0.1, w.learningRate(1000), 1e-17);
        assertEquals(0.05, w.learningRate(1500), 1e-17);
        assertEquals(0, w.learningRate(2000), 1e-18);
        assertEquals(0, w.learningRate(9000), 1e-18);
        double prev = -1;
        for (int t = 0; t <= 1000; t++) {
            assertTrue(w.learningRate(t) > prev, "rises through the warm-up");
            prev = w.learningRate(t);
        }
    }

    @Test
    void badHyperparametersAreRefusedByName() {
        assertEquals("StepDecay: stepSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1, 0)).getMessage());
        assertEquals("ExponentialDecay: initialLearningRate must be > 0 and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(-1, 10, 0.5)).getMessage());
        assertEquals("CosineDecay: alpha must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 1.5)).getMessage());
        assertEquals("CosineDecay: warmup steps must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0, 10).warmup(0.1, 0)).getMessage());
    }
}
