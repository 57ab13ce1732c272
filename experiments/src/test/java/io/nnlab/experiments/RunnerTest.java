package io.nnlab.experiments;

import io.nnlab.tensor.DType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner: runs on the pool are the runs alone, bit for bit; a sweep is headed by seed 1; failures are kept. */
class RunnerTest {

    /**
     * Seeds of a result run side by side on the pool give the metrics each gives alone on this thread: the
     * fit loop, Adam in float32 and plain loops. (The main job's own sweeps are reused where there are.)
     */
    @Test
    void runsOnThePoolAreBitIdenticalToRunsAlone() {
        for (String id : List.of("t1.forwardnet-quadratic", "t2.mlp-backprop", "t3.two-unit-nonlinear")) {
            Experiment e = Catalog.experiment(id);
            int alongside = Runner.workers() + 1;
            int seeds = Math.max(Runner.seeds(e), alongside);
            Result swept = Runner.result(e, seeds);
            assertEquals(seeds, swept.sweep().size(), id);
            for (Run run : swept.sweep().runs().subList(0, alongside)) {
                Result alone = Runner.runOnce(e, run.seed(), Runner.dtypeFor(e));
                assertEquals(alone.metrics(), run.metrics(), id + " seed " + run.seed());
            }
            assertEquals(1, swept.seed(), id + ": seed 1 heads the sweep");
            assertEquals(swept.metrics(), swept.sweep().runs().get(0).metrics(), id);
            assertSame(swept, Runner.result(e, seeds), id + ": computed once");
        }
    }

    @Test
    void aFailedResultFailsEveryRequestWithItsOwnMessage() {
        int[] calls = {0};
        Experiment broken = new Experiment("t9.broken", true, DType.FLOAT64, (seed, dtype) -> {
            synchronized (calls) {
                calls[0]++;
            }
            throw new IOException("no data for seed " + seed);
        });
        for (int i = 0; i < 2; i++) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Runner.result(broken, 3));
            assertTrue(ex.getMessage().startsWith("t9.broken: no data for seed"), ex.getMessage());
        }
        assertEquals(3, calls[0], "each seed tried once");
    }

    @Test
    void aDeterministicResultRunsOnceWhateverTheSeeds() {
        Experiment e = Catalog.experiment("t5.numerical-derivative");
        Result r = Runner.result(e, 5);
        assertEquals(null, r.sweep());
        assertEquals(1, r.runs().size());
        assertEquals(1, Runner.seeds(e));
    }
}
