package io.nnlab.experiments;

import io.nnlab.tensor.DType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** Asked for together, an exclusive result runs after the others, wherever it stands in the list. */
    @Test
    void anExclusiveResultRunsAfterTheOthersAskedWithIt() {
        AtomicInteger started = new AtomicInteger();
        List<Experiment> asked = new ArrayList<>();
        asked.add(new Experiment("t9.alone", false, DType.FLOAT64,
                (seed, dtype) -> new Result("t9.alone").metric("start", started.getAndIncrement())).alone());
        int pooled = Runner.workers() + 2;
        for (int i = 0; i < pooled; i++) {
            String id = "t9.pooled-" + i;
            asked.add(new Experiment(id, false, DType.FLOAT64,
                    (seed, dtype) -> new Result(id).metric("start", started.getAndIncrement())));
        }
        List<Result> results = Runner.results(asked);
        assertEquals(asked.stream().map(Experiment::id).toList(), results.stream().map(Result::id).toList(),
                "in the order given");
        // Queued behind the others, it is taken only after three of them have ended (the workers take
        // the first ones, and each later one waits for a worker to be free): it starts fourth or later.
        // Queued first, on two workers it would start first or second.
        double start = results.get(0).metrics().get("start");
        assertTrue(start >= 3, "the exclusive run started at position " + start);
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
