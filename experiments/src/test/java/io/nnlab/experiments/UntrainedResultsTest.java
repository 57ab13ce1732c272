package io.nnlab.experiments;

import io.nnlab.data.MissingDataException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Every experiment's checks can fail: run on the experiment's untrained result (the same nets, data
 * and seeds, before training), they must reject it. A check that an untrained net also meets checks
 * nothing.
 */
@Tag("tutorial")
class UntrainedResultsTest {

    /** Results that train nothing: fixed formulas and gradients, held to printed digits or to numerical derivatives. */
    private static final Set<String> TRAIN_NOTHING = Set.of("t2.weighted-sum-cost", "t2.sigmoid-neuron-cost",
            "t3.recursion", "t4.backprop-worked-example", "t5.numerical-derivative", "t5.gradient-check");

    /**
     * Results whose bands alone cannot tell every untrained start from a trained run: with 1, 2 or 4 ReLU
     * units a random start can score as well as a run that ended in the one-sided mode. For them the
     * bound the untrained result fails is the comparison with the same start (see their check).
     */
    private static final Set<String> JUDGED_AGAINST_THEIR_START = Set.of("t3.relu-1", "t3.relu-2", "t3.relu-4");

    @TestFactory
    Stream<DynamicTest> everyCheckRejectsTheUntrainedResult() {
        return Catalog.experiments().stream().filter(e -> e.untrained() != null)
                .map(e -> DynamicTest.dynamicTest(e.id(), () -> rejects(e)));
    }

    private static void rejects(Experiment e) {
        Result untrained;
        try {
            untrained = Runner.untrained(e, Checked.seeds(e));
        } catch (RuntimeException ex) {
            if (ex.getCause() instanceof MissingDataException) abort("no data for " + e.id() + " (its own test says why)");
            throw ex;
        }
        // Compared with itself, it cannot beat itself by the check's margin.
        Bounds withBaseline = new Bounds(e.id(), untrained);
        e.check().check(untrained, withBaseline);
        assertFalse(withBaseline.failures().isEmpty(), e.id() + ": the check accepts the untrained result "
                + untrained.metrics() + " even against itself");
        // Its bands alone reject it too.
        Bounds alone = new Bounds(e.id(), null);
        e.check().check(untrained, alone);
        if (!JUDGED_AGAINST_THEIR_START.contains(e.id())) {
            assertFalse(alone.failures().isEmpty(), e.id() + ": the check's bands accept the untrained result "
                    + untrained.metrics());
        }
        System.out.println(e.id() + ": untrained result rejected by " + alone.failures().size() + " band(s) and "
                + (withBaseline.failures().size() - alone.failures().size()) + " comparison(s) with the untrained start");
    }

    @Test
    void everyExperimentHasACheckAndEveryTrainingOneAnUntrainedForm() {
        for (Experiment e : Catalog.experiments()) assertNotNull(e.check(), e.id() + " declares no check");
        List<String> withoutUntrained = Catalog.experiments().stream().filter(e -> e.untrained() == null)
                .map(Experiment::id).toList();
        assertEquals(TRAIN_NOTHING, Set.copyOf(withoutUntrained),
                "the results with no untrained form are those that train nothing");
    }
}
