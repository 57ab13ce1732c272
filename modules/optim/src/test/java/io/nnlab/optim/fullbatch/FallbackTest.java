package io.nnlab.optim.fullbatch;

import static io.nnlab.optim.fullbatch.TestFunctions.maxAbsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.optim.fullbatch.TestFunctions.Quadratic;
import org.junit.jupiter.api.Test;

/**
 * The steepest-descent fallback, exercised with deliberately broken inverse-Hessian models: once a
 * model holds curvature it proposes a useless direction, and the loop must reset it and carry on
 * along −g instead of stopping.
 */
class FallbackTest {

    /** After the first update the model returns {@code scale · (−g)} (an ascent direction if negative). */
    private static final class BrokenModel extends QuasiNewtonOptimizer {

        private final double scale;
        private boolean updated;
        int resets;

        BrokenModel(double scale) {
            super(MinimizerOptions.defaults().withGradientTolerance(1e-8), null);
            this.scale = scale;
        }

        @Override
        void reset(int dimension) {
            updated = false;
            resets++;
        }

        @Override
        void direction(double[] gradient, double[] p) {
            double s = updated ? scale : 1;
            for (int i = 0; i < p.length; i++) {
                p[i] = -s * gradient[i];
            }
        }

        @Override
        void update(double[] s, double[] y, double sy) {
            updated = true;
        }
    }

    private static final Quadratic MILD = Quadratic.illConditioned(4, 3, 11);

    @Test
    void anAscentDirectionFallsBackToSteepestDescent() {
        var broken = new BrokenModel(-1);
        var result = broken.run(MILD, new double[4]);

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason(), result::toString);
        assertTrue(maxAbsError(result.x(), MILD.minimum()) <= 1e-7);
        // One reset at the start, then one for every iteration that had a (broken) model.
        assertEquals(result.iterations(), broken.resets);
    }

    /** A direction 1e-30 long descends, but no step within the search's budget changes x at all. */
    @Test
    void aFailedLineSearchFallsBackToSteepestDescent() {
        var broken = new BrokenModel(1e-30);
        var result = broken.run(MILD, new double[4]);

        assertEquals(StopReason.GRADIENT_TOLERANCE, result.reason(), result::toString);
        assertTrue(maxAbsError(result.x(), MILD.minimum()) <= 1e-7);
        // The tiny direction still descends, so every reset after the first was a failed search.
        assertEquals(result.iterations(), broken.resets);
    }
}
