package io.nnlab.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class IrisMlpTest {

    @Test
    void trainingTakesTestAccuracyFromChanceToAbove85Percent() {
        IrisMlp.Outcome o = IrisMlp.run(42);
        // 41 of the 45 test flowers (0.911); the bound leaves two to spare. Chance is 1/3.
        assertTrue(o.untrainedAccuracy() < 0.5, "the untrained model is near chance: " + o.untrainedAccuracy());
        assertTrue(o.testAccuracy() >= 0.85, "test accuracy " + o.testAccuracy());
    }
}
