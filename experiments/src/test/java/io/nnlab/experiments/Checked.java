package io.nnlab.experiments;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holds an experiment's result to its {@link Experiment.Check} and to its untrained result. */
public final class Checked {
    private Checked() {}

    /** The seeds a check judges: those configured for the run, and at least the experiment's default. */
    public static int seeds(Experiment e) {
        return Math.max(Runner.seeds(e), e.defaultSeeds());
    }

    /**
     * The result over {@link #seeds} seeds, checked: every bound its experiment states, and every
     * comparison with the same seeds' untrained result, which must be there for an experiment that trains.
     * Fails listing every bound missed; returns the result for further checks.
     */
    public static Result verify(String id) {
        Experiment e = Catalog.experiment(id);
        assertNotNull(e.check(), id + " declares no check");
        int n = seeds(e);
        Result r = Runner.result(e, n);
        Result untrained = e.untrained() == null ? null : Runner.untrained(e, n);
        Bounds b = new Bounds(id, untrained);
        e.check().check(r, b);
        b.assertPassed();
        if (untrained != null) {
            assertTrue(b.untrainedComparisons() > 0, id + ": its check never compares with the untrained result");
        }
        return r;
    }
}
