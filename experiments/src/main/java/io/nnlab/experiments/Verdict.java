package io.nnlab.experiments;

import java.util.Locale;

/**
 * How one metric of a result compares with the value the tutorial printed.
 *
 * <p>A deterministic result is held to the printed digits: it matches or it differs. A stochastic
 * result is a draw from nnlab's distribution over seeds, as the tutorial's printed value is a draw
 * from the tutorial's, so the printed value is placed in nnlab's spread over the sweep's seeds: inside
 * the 5–95 % range, at such a percentile, or outside it. A stochastic result run on one seed has no
 * spread and is not judged; a metric every seed gives alike is held to the printed digits.
 *
 * @param kind what the comparison found
 * @param text the verdict as the report words it
 */
public record Verdict(Kind kind, String text) {

    /** The kinds of verdict, each with its column heading in the report's count table. */
    public enum Kind {
        MATCHES("match"),
        DIFFERS("differ"),
        INSIDE("inside nnlab's 5–95 %"),
        OUTSIDE("outside it"),
        ONE_SEED("one seed, not judged"),
        NOT_PRINTED("never printed");

        private final String heading;

        Kind(String heading) {
            this.heading = heading;
        }

        /** The column heading in the report's count table. */
        public String heading() { return heading; }
    }

    /** The verdict on one metric of a result (with its sweep, if it headed one). */
    public static Verdict of(Result r, String metric) {
        Result.Printed p = r.printed().get(metric);
        if (p == null) return new Verdict(Kind.NOT_PRINTED, "—");
        if (!r.stochastic()) return digits(r.metric(metric), p, "");
        if (r.sweep() == null) {
            return new Verdict(Kind.ONE_SEED, "one seed, not judged: `-Dnnlab.seeds=" + Experiment.SWEEP
                    + "` gives nnlab's spread");
        }
        double[] v = Sweep.finiteSorted(r.sweep().values(metric));
        int n = v.length;
        if (n == 0) return new Verdict(Kind.OUTSIDE, "outside: no seed gave a finite value");
        if (v[0] == v[n - 1]) return digits(v[0], p, " (every seed alike)");
        Sweep.Spread s = r.sweep().spread(metric);
        double at = 100 * Sweep.position(v, p.value());
        if (p.value() + p.tolerance() >= s.p5() && p.value() - p.tolerance() <= s.p95()) {
            if (p.value() >= s.p5() && p.value() <= s.p95()) {
                long pct = Math.max(5, Math.min(95, Math.round(at)));
                return new Verdict(Kind.INSIDE, "inside nnlab's 5–95 % range (at the " + ordinal(pct) + " percentile)");
            }
            return new Verdict(Kind.INSIDE, "inside nnlab's 5–95 % range to the printed digits (the printed value at the "
                    + ordinal(Math.round(at)) + " percentile)");
        }
        if (p.value() < v[0]) return new Verdict(Kind.OUTSIDE, "outside: below all " + n + " seeds");
        if (p.value() > v[n - 1]) return new Verdict(Kind.OUTSIDE, "outside: above all " + n + " seeds");
        if (p.value() < s.p5()) {
            return new Verdict(Kind.OUTSIDE, "outside: below the 5th percentile (at the "
                    + ordinal(Math.max(1, Math.min(4, (long) Math.floor(at)))) + ")");
        }
        return new Verdict(Kind.OUTSIDE, "outside: above the 95th percentile (at the "
                + ordinal(Math.min(99, Math.max(96, (long) Math.ceil(at)))) + ")");
    }

    private static Verdict digits(double ours, Result.Printed p, String suffix) {
        return Math.abs(ours - p.value()) <= p.tolerance() ? new Verdict(Kind.MATCHES, "matches" + suffix)
                : new Verdict(Kind.DIFFERS, "differs" + suffix);
    }

    /** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st, ... */
    static String ordinal(long n) {
        long tens = n % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return String.format(Locale.ROOT, "%d%s", n, suffix);
    }
}
