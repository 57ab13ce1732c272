package io.nnlab.experiments;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.nnlab.experiments.ReportTest.swept;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Verdicts: printed digits for a deterministic result, nnlab's spread over seeds for a stochastic one. */
class VerdictTest {

    private static Verdict verdict(double printed, double tolerance) {
        // Seeds 1..21 giving 1..21: p5 = 2, median 11, p95 = 20.
        return Verdict.of(swept(21, "m", seed -> seed, printed, tolerance), "m");
    }

    @Test
    void aStochasticValueIsPlacedInTheSpread() {
        assertEquals(new Verdict(Verdict.Kind.INSIDE, "inside nnlab's 5–95 % range (at the 50th percentile)"), verdict(11, 0));
        assertEquals(new Verdict(Verdict.Kind.INSIDE, "inside nnlab's 5–95 % range (at the 62nd percentile)"), verdict(13.4, 0));
        assertEquals(new Verdict(Verdict.Kind.INSIDE, "inside nnlab's 5–95 % range (at the 5th percentile)"), verdict(2, 0));
        assertEquals(new Verdict(Verdict.Kind.OUTSIDE, "outside: below the 5th percentile (at the 2nd)"), verdict(1.5, 0));
        assertEquals(new Verdict(Verdict.Kind.OUTSIDE, "outside: above the 95th percentile (at the 98th)"), verdict(20.5, 0));
        assertEquals(new Verdict(Verdict.Kind.OUTSIDE, "outside: below all 21 seeds"), verdict(0.5, 0));
        assertEquals(new Verdict(Verdict.Kind.OUTSIDE, "outside: above all 21 seeds"), verdict(22, 0));
        // The printed digits count: 1.5 ± 0.6 reaches into the range.
        assertEquals(new Verdict(Verdict.Kind.INSIDE,
                "inside nnlab's 5–95 % range to the printed digits (the printed value at the 3rd percentile)"), verdict(1.5, 0.6));
    }

    @Test
    void oneSeedIsNotJudgedAndEverySeedAlikeIsHeldToTheDigits() {
        Result one = new Result("t9.one").stochastic(true).metric("m", 1).printed("m", 1, 0);
        assertEquals(Verdict.Kind.ONE_SEED, Verdict.of(one, "m").kind());
        assertEquals("one seed, not judged: `-Dnnlab.seeds=20` gives nnlab's spread", Verdict.of(one, "m").text());
        assertEquals(new Verdict(Verdict.Kind.MATCHES, "matches (every seed alike)"),
                Verdict.of(swept(5, "m", seed -> 150, 150, 0), "m"));
        assertEquals(new Verdict(Verdict.Kind.DIFFERS, "differs (every seed alike)"),
                Verdict.of(swept(5, "m", seed -> 150, 155, 0), "m"));
        assertEquals(new Verdict(Verdict.Kind.OUTSIDE, "outside: no seed gave a finite value"),
                Verdict.of(swept(5, "m", seed -> Double.NaN, 1, 0), "m"));
    }

    @Test
    void aDeterministicValueIsHeldToThePrintedDigits() {
        Result r = new Result("t9.d").metric("a", 0.0117).metric("b", 2).metric("c", 3).printed("a", 0.0117, 5e-5)
                .printed("b", 2.1, 0.05);
        assertEquals(new Verdict(Verdict.Kind.MATCHES, "matches"), Verdict.of(r, "a"));
        assertEquals(new Verdict(Verdict.Kind.DIFFERS, "differs"), Verdict.of(r, "b"));
        assertEquals(new Verdict(Verdict.Kind.NOT_PRINTED, "—"), Verdict.of(r, "c"));
    }

    /** position() inverts quantile(), ties taking the middle of their positions. */
    @Test
    void positionIsTheInverseOfTheQuantile() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[]{2, 3, 20, 101}) {
            double[] v = random.doubles(n).sorted().toArray();
            for (double q = 0; q <= 1; q += 0.01) assertEquals(q, Sweep.position(v, Sweep.quantile(v, q)), 1e-9, "n " + n);
        }
        double[] ties = {1, 2, 2, 2, 3};
        assertEquals(0.5, Sweep.position(ties, 2), 0);
        assertEquals(0, Sweep.position(ties, 0.5), 0);
        assertEquals(1, Sweep.position(ties, 3.5), 0);
        long[] n = {1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101};
        assertEquals(List.of("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st"),
                Arrays.stream(n).mapToObj(Verdict::ordinal).toList());
    }
}
