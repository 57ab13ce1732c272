package io.nnlab.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The suite's Markdown report from one run: SIMD against scalar per benchmark configuration (with
 * GFLOPS and the fraction of the peak measured by {@link FmaPeakBenchmark} in the same run), nnlab
 * against its peers, and the targets with how far each is met or missed.
 *
 * <p>SIMD/scalar ratios compare JMH means (both sides run under the same conditions). GFLOPS, the
 * fraction of the peak and the comparisons with the peers use best iterations: the peak is the FMA
 * kernel's best iteration and the peers report the best of their timed rounds, so nnlab's best
 * iteration is the like-for-like figure on a machine shared with other work.
 */
final class BenchmarkReport {
    /** Steps in one MNIST epoch of 60000 images at each batch size (Keras' count, the last batch partial). */
    static final Map<Integer, Integer> EPOCH_STEPS = Map.of(32, 1875, 256, 235);

    private final List<Timing> timings;
    private final List<PeerResult> peers;
    private final List<String> unavailable;
    private final int cores;

    /**
     * @param timings     every JMH result of the run (nnlab's and, when built with -Pdjl, DJL's)
     * @param peers       the python peers' results
     * @param unavailable peers that could not run, each with the reason ("numpy: not available")
     * @param cores       the machine's cores, what threads=all means
     */
    BenchmarkReport(List<Timing> timings, List<PeerResult> peers, List<String> unavailable, int cores) {
        this.timings = List.copyOf(timings);
        List<PeerResult> all = new ArrayList<>(peers);
        all.addAll(djlAsPeers(timings));
        this.peers = List.copyOf(all);
        this.unavailable = List.copyOf(unavailable);
        this.cores = cores;
    }

    /** One SIMD-against-scalar comparison: a configuration measured with both backends. */
    record Ratio(String benchmark, Map<String, String> params, Timing scalar, Timing simd) {
        double speedup() { return scalar.seconds() / simd.seconds(); }

        String label() {
            StringBuilder s = new StringBuilder(benchmark);
            params.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
            return s.toString();
        }
    }

    /** Every configuration run with both backends, in the order of the run. */
    List<Ratio> ratios() {
        Map<String, Timing[]> pairs = new LinkedHashMap<>();
        for (Timing t : timings) {
            String backend = t.param("backend");
            if (!backend.equals("scalar") && !backend.equals("simd")) continue;
            Timing[] pair = pairs.computeIfAbsent(t.benchmark() + " " + t.paramsWithoutBackend(), k -> new Timing[2]);
            pair[backend.equals("scalar") ? 0 : 1] = t;
        }
        List<Ratio> out = new ArrayList<>();
        for (Timing[] pair : pairs.values()) {
            if (pair[0] != null && pair[1] != null) {
                out.add(new Ratio(pair[0].benchmark(), pair[0].paramsWithoutBackend(), pair[0], pair[1]));
            }
        }
        return out;
    }

    /** The FMA peak of one core in GFLOPS for a dtype, from this run; empty if the run did not measure it. */
    OptionalDouble peakGflops(String dtype) {
        return timings.stream().filter(t -> t.benchmark().equals("FmaPeakBenchmark." + dtype))
                .mapToDouble(t -> t.flops() / t.best() / 1e9).findFirst();
    }

    /** A timing's best-iteration GFLOPS as a fraction of the peak of the cores it ran on; empty without a peak. */
    OptionalDouble peakFraction(Timing t) {
        OptionalDouble peak = peakGflops(t.param("dtype"));
        if (peak.isEmpty() || t.flops() == 0) return OptionalDouble.empty();
        return OptionalDouble.of(t.flops() / t.best() / 1e9 / (peak.getAsDouble() * t.threads(cores)));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Peak\n\n| dtype | FMA peak of one core, GFLOPS (best iteration) |\n|---|---:|\n");
        for (String dtype : List.of("float32", "float64")) {
            OptionalDouble p = peakGflops(dtype);
            md.append("| ").append(dtype).append(" | ").append(p.isPresent() ? fmt(p.getAsDouble()) : "not measured")
                    .append(" |\n");
        }
        md.append("\n## SIMD against scalar\n\nTimes and their ratio are JMH means per operation. GFLOPS and the peak "
                + "fraction are the SIMD side's best iteration, against the peak kernel's best iteration times the cores "
                + "used: best against best, since a shared core's mean mixes in other work.\n\n");
        md.append("| benchmark | parameters | scalar | SIMD | SIMD/scalar | SIMD GFLOPS | of peak |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Ratio r : ratios()) {
            long flops = r.simd().flops();
            String gflops = "", ofPeak = "";
            if (flops > 0) {
                gflops = fmt(flops / r.simd().best() / 1e9);
                OptionalDouble fraction = peakFraction(r.simd());
                if (fraction.isPresent()) ofPeak = String.format(Locale.ROOT, "%.0f %%", 100 * fraction.getAsDouble());
            }
            md.append("| ").append(r.benchmark()).append(" | ").append(paramsText(r.params())).append(" | ")
                    .append(time(r.scalar().seconds())).append(" | ").append(time(r.simd().seconds())).append(" | ")
                    .append(fmt(r.speedup())).append("× | ").append(gflops).append(" | ").append(ofPeak).append(" |\n");
        }
        md.append("\n## nnlab against its peers\n\nBest of each side's iterations or rounds; numpy's best is over "
                + "OPENBLAS_CORETYPE=Haswell and unset. A ratio above 1 means nnlab is faster. \"In a fresh process\" "
                + "rows time one run right after start, unwarmed: nnlab's best fork of ColdStartBenchmark against "
                + "numpy's best fresh interpreter (numpy_coldstart.py, its 1 and all threads alike), data loading "
                + "excluded on both sides.\n\n");
        md.append("| what | threads | nnlab (SIMD) | numpy / scipy | numpy Haswell | numpy unset | DJL PyTorch | "
                + "vs numpy | vs DJL |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons()) md.append(c.row());
        if (!unavailable.isEmpty()) {
            md.append("\n");
            for (String u : unavailable) md.append("- ").append(u).append('\n');
        }
        md.append("\n## Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (String[] t : targets()) md.append("| ").append(String.join(" | ", t)).append(" |\n");
        return md.toString();
    }

    // ------------------------------------------------------------------ peers

    /** nnlab's figure for one peer workload beside each peer's. */
    record Comparison(String what, String threads, OptionalDouble nnlab, OptionalDouble numpyBest,
                      OptionalDouble haswell, OptionalDouble unset, OptionalDouble djl) {
        OptionalDouble vs(OptionalDouble peer) {
            return nnlab.isPresent() && peer.isPresent() ? OptionalDouble.of(peer.getAsDouble() / nnlab.getAsDouble())
                    : OptionalDouble.empty();
        }

        String row() {
            return "| " + what + " | " + threads + " | " + time(nnlab) + " | " + time(numpyBest) + " | " + time(haswell)
                    + " | " + time(unset) + " | " + time(djl) + " | " + times(vs(numpyBest)) + " | " + times(vs(djl))
                    + " |\n";
        }
    }

    List<Comparison> comparisons() {
        List<Comparison> out = new ArrayList<>();
        for (String threads : List.of("1", "all")) {
            for (int batch : List.of(32, 256)) {
                int steps = EPOCH_STEPS.get(batch);
                OptionalDouble nnlab = best(t -> t.benchmark().equals("MnistStepBenchmark.step")
                        && t.param("backend").equals("simd") && t.param("dtype").equals("float32")
                        && t.param("batch").equals(Integer.toString(batch)) && t.param("threads").equals(threads));
                Predicate<PeerResult> epoch = p -> p.get("bench").equals("mnist_epoch") && p.get("dtype").equals("float32")
                        && p.get("batch").equals(Integer.toString(batch)) && threadsMatch(p, threads);
                out.add(comparison("MNIST epoch, float32, batch " + batch + " (" + steps + " steps)", threads,
                        scale(nnlab, steps), epoch));
            }
        }
        OptionalDouble net = best(t -> t.benchmark().equals("ForwardNetBenchmark.step") && t.param("backend").equals("simd")
                && t.param("dtype").equals("float64"));
        for (String threads : List.of("1", "all")) {
            out.add(comparison("t1 net, " + ForwardNetBenchmark.STEPS + " steepest-descent steps, float64", threads,
                    scale(net, ForwardNetBenchmark.STEPS), p -> p.get("bench").equals("forwardnet_5000")
                            && p.get("dtype").equals("float64") && threadsMatch(p, threads)));
        }
        // Fresh processes: nnlab's kernels on their default threads, numpy's best over its thread settings.
        OptionalDouble coldEpoch = best(t -> t.benchmark().equals("ColdStartBenchmark.mnistFirstEpoch")
                && t.param("backend").equals("simd"));
        out.add(comparison("MNIST first epoch in a fresh process, float32, batch 32", "default", coldEpoch,
                p -> p.get("bench").equals("mnist_first_epoch")));
        OptionalDouble coldNet = best(t -> t.benchmark().equals("ColdStartBenchmark.forwardNet500Steps")
                && t.param("backend").equals("simd"));
        out.add(comparison("t1 net, first " + ColdStartBenchmark.FORWARD_NET_STEPS + " steps in a fresh process, float64",
                "default", coldNet, p -> p.get("bench").equals("forwardnet_first_500")));
        OptionalDouble bfgs = best(t -> t.benchmark().equals("BfgsBenchmark.run") && t.param("backend").equals("simd")
                && t.param("dtype").equals("float64"));
        for (String threads : List.of("1", "all")) {
            out.add(comparison("BFGS run on t1's ripple (maxiter 150), float64", threads, bfgs,
                    p -> p.get("bench").equals("bfgs_ripple") && threadsMatch(p, threads)));
        }
        for (String dtype : List.of("float32", "float64")) {
            timings.stream().filter(t -> t.benchmark().equals("GemmBenchmark.square") && t.param("backend").equals("simd")
                            && t.param("dtype").equals(dtype))
                    .sorted(Comparator.comparingInt((Timing t) -> Integer.parseInt(t.param("n"))))
                    .forEach(t -> out.add(comparison("GEMM " + t.param("n") + "³, " + dtype, t.param("threads"),
                            OptionalDouble.of(t.best()), p -> p.get("bench").equals("gemm") && p.get("dtype").equals(dtype)
                                    && p.get("n").equals(t.param("n")) && threadsMatch(p, t.param("threads")))));
        }
        return out;
    }

    private Comparison comparison(String what, String threads, OptionalDouble nnlab, Predicate<PeerResult> which) {
        Predicate<PeerResult> numpy = p -> p.get("peer").equals("numpy") || p.get("peer").equals("scipy");
        return new Comparison(what, threads, nnlab,
                bestPeer(which.and(numpy)),
                bestPeer(which.and(numpy).and(p -> p.get("coretype").equals("Haswell"))),
                bestPeer(which.and(numpy).and(p -> p.get("coretype").equals("unset"))),
                bestPeer(which.and(p -> p.get("peer").equals("djl"))));
    }

    private boolean threadsMatch(PeerResult p, String threads) {
        String t = p.get("threads");
        return t.equals(threads) || (threads.equals("all") && t.equals(Integer.toString(cores)));
    }

    private OptionalDouble best(Predicate<Timing> which) {
        return timings.stream().filter(which).mapToDouble(Timing::best).min();
    }

    private OptionalDouble bestPeer(Predicate<PeerResult> which) {
        return peers.stream().filter(which).mapToDouble(PeerResult::seconds).min();
    }

    private static OptionalDouble scale(OptionalDouble d, double factor) {
        return d.isPresent() ? OptionalDouble.of(d.getAsDouble() * factor) : d;
    }

    /** DJL's JMH benchmarks (profile -Pdjl) turned into peer results of the same workloads. */
    static List<PeerResult> djlAsPeers(List<Timing> timings) {
        List<PeerResult> out = new ArrayList<>();
        for (Timing t : timings) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("peer", "djl");
            f.put("dtype", t.param("dtype"));
            f.put("threads", t.param("threads"));
            double seconds;
            if (t.benchmark().equals("DjlMnistStepBenchmark.step")) {
                int batch = Integer.parseInt(t.param("batch"));
                f.put("bench", "mnist_epoch");
                f.put("batch", t.param("batch"));
                seconds = t.best() * EPOCH_STEPS.getOrDefault(batch, 0);
            } else if (t.benchmark().equals("DjlForwardNetBenchmark.step")) {
                f.put("bench", "forwardnet_5000");
                seconds = t.best() * ForwardNetBenchmark.STEPS;
            } else {
                continue;
            }
            if (seconds > 0) out.add(new PeerResult(f, seconds));
        }
        return out;
    }

    // ------------------------------------------------------------------ targets

    List<String[]> targets() {
        List<String[]> out = new ArrayList<>();
        for (String[] g : new String[][] {{"float32", "16"}, {"float64", "8"}}) {
            double need = Double.parseDouble(g[1]);
            List<Ratio> big = ratios().stream().filter(r -> r.benchmark().equals("GemmBenchmark.square")
                    && r.params().get("dtype").equals(g[0]) && Integer.parseInt(r.params().get("n")) >= 256).toList();
            out.add(minRatioTarget("GEMM " + g[0] + " n ≥ 256: SIMD/scalar ≥ " + g[1] + "×", big, need));
        }
        out.addAll(gemmTargets());
        List<Ratio> steps = ratios().stream().filter(r -> r.benchmark().equals("MnistStepBenchmark.step")).toList();
        out.add(minRatioTarget("MNIST training step: SIMD/scalar ≥ 8×", steps, 8));
        for (Comparison c : comparisons()) {
            if (!c.what().startsWith("MNIST epoch")) continue;
            if (c.threads().equals("1")) {
                double need = c.what().contains("batch 32 ") ? 2.5 : 1.25;
                out.add(peerTarget(c.what() + ", 1 thread: ≥ " + plain(need) + "× numpy's best", c.vs(c.numpyBest()), need));
                out.add(peerTarget(c.what() + ", 1 thread: ≥ 4.5× DJL PyTorch", c.vs(c.djl()), 4.5));
            } else {
                OptionalDouble everyPeer = bestOf(comparisons().stream().filter(o -> o.what().equals(c.what()))
                        .flatMap(o -> List.of(o.numpyBest(), o.djl()).stream()).toList());
                out.add(peerTarget(c.what() + ", both cores: faster than every peer's best (1 or all threads)",
                        c.nnlab().isPresent() && everyPeer.isPresent()
                                ? OptionalDouble.of(everyPeer.getAsDouble() / c.nnlab().getAsDouble())
                                : OptionalDouble.empty(), 1));
            }
        }
        timings.stream().filter(t -> isMnistStep(t, "256", "1")).findFirst().ifPresent(t -> out.add(peerTarget(
                        "MNIST step float32 batch 256, 1 thread: ≥ 0.75 of the FMA-peak limit (best iteration)",
                        peakFraction(t), 0.75)));
        for (String[] batch : new String[][] {{"32", "1.3"}, {"256", "1.7"}}) {
            OptionalDouble one = bestStep(batch[0], "1"), all = bestStep(batch[0], "all");
            out.add(peerTarget("MNIST step float32 batch " + batch[0] + ": all threads ≥ " + batch[1]
                            + "× one thread (time 1 / time all)",
                    one.isPresent() && all.isPresent() ? OptionalDouble.of(one.getAsDouble() / all.getAsDouble())
                            : OptionalDouble.empty(), Double.parseDouble(batch[1])));
        }
        comparisons().stream().filter(c -> c.what().startsWith("t1 net") && c.threads().equals("1")).findFirst()
                .ifPresent(c -> out.add(peerTarget("t1 net, 5000 steps float64: ≥ 15× the tutorial's numpy",
                        c.vs(c.numpyBest()), 15)));
        return out;
    }

    /** The best time of the float32 SIMD MNIST step at a batch size and thread setting. */
    private OptionalDouble bestStep(String batch, String threads) {
        return best(t -> isMnistStep(t, batch, threads));
    }

    /** Whether a timing is the float32 SIMD MNIST step at this batch size and thread setting. */
    private static boolean isMnistStep(Timing t, String batch, String threads) {
        return t.benchmark().equals("MnistStepBenchmark.step") && t.param("backend").equals("simd")
                && t.param("dtype").equals("float32") && t.param("batch").equals(batch) && t.param("threads").equals(threads);
    }

    /**
     * The tensor core's GEMM targets, per dtype: one thread at n = 256 … 1024 reaches 0.9 of the
     * peak and numpy's best, and two threads run n = 1024 at least 1.8 times as fast as one.
     */
    private List<String[]> gemmTargets() {
        List<String[]> out = new ArrayList<>();
        for (String dtype : List.of("float32", "float64")) {
            List<Timing> one = timings.stream().filter(t -> t.benchmark().equals("GemmBenchmark.square")
                    && t.param("backend").equals("simd") && t.param("dtype").equals(dtype) && t.param("threads").equals("1")
                    && Integer.parseInt(t.param("n")) >= 256).toList();
            String what = "GEMM " + dtype + " n = 256 … 1024, 1 thread: ";
            Timing worst = one.stream().filter(t -> peakFraction(t).isPresent())
                    .min(Comparator.comparingDouble(t -> peakFraction(t).getAsDouble())).orElse(null);
            out.add(worst == null ? new String[] {what + "≥ 0.9 of the FMA peak", "not measured in this profile", "—"}
                    : new String[] {what + "≥ 0.9 of the FMA peak (best iterations)",
                            String.format(Locale.ROOT, "lowest %.2f (n=%s)", peakFraction(worst).getAsDouble(), worst.param("n")),
                            verdict(peakFraction(worst).getAsDouble(), 0.9)});
            Timing slowest = null;
            double lowest = Double.POSITIVE_INFINITY;
            for (Timing t : one) {
                OptionalDouble numpy = bestPeer(p -> p.get("bench").equals("gemm") && p.get("dtype").equals(dtype)
                        && p.get("n").equals(t.param("n")) && threadsMatch(p, "1")
                        && (p.get("peer").equals("numpy") || p.get("peer").equals("scipy")));
                if (numpy.isPresent() && numpy.getAsDouble() / t.best() < lowest) {
                    lowest = numpy.getAsDouble() / t.best();
                    slowest = t;
                }
            }
            out.add(slowest == null ? new String[] {what + "no slower than numpy's best", "not measured (numpy missing)", "—"}
                    : new String[] {what + "no slower than numpy's best",
                            "lowest " + fmt(lowest) + "× (n=" + slowest.param("n") + ")", verdict(lowest, 1)});
            OptionalDouble single = best(t -> t.benchmark().equals("GemmBenchmark.square") && t.param("backend").equals("simd")
                    && t.param("dtype").equals(dtype) && t.param("n").equals("1024") && t.param("threads").equals("1"));
            OptionalDouble both = best(t -> t.benchmark().equals("GemmBenchmark.square") && t.param("backend").equals("simd")
                    && t.param("dtype").equals(dtype) && t.param("n").equals("1024") && t.param("threads").equals("all"));
            out.add(peerTarget("GEMM " + dtype + " n = 1024: " + cores + " threads ≥ 1.8× one thread (best iterations)",
                    single.isPresent() && both.isPresent() && cores >= 2
                            ? OptionalDouble.of(single.getAsDouble() / both.getAsDouble()) : OptionalDouble.empty(), 1.8));
        }
        return out;
    }

    private static OptionalDouble bestOf(List<OptionalDouble> values) {
        return values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).min();
    }

    private static String[] minRatioTarget(String what, List<Ratio> ratios, double need) {
        if (ratios.isEmpty()) return new String[] {what, "not measured in this profile", "—"};
        Ratio worst = ratios.stream().min(Comparator.comparingDouble(Ratio::speedup)).orElseThrow();
        String measured = "lowest " + fmt(worst.speedup()) + "× (" + paramsText(worst.params()) + ")";
        return new String[] {what, measured, verdict(worst.speedup(), need)};
    }

    private static String[] peerTarget(String what, OptionalDouble ratio, double need) {
        if (ratio.isEmpty()) return new String[] {what, "not measured (peer or nnlab result missing)", "—"};
        return new String[] {what, fmt(ratio.getAsDouble()) + "×", verdict(ratio.getAsDouble(), need)};
    }

    /** "met", or "missed by N %": how far the measured ratio falls short of the target ratio. */
    static String verdict(double measured, double need) {
        if (measured >= need) return "met";
        double shortfall = 100 * (1 - measured / need);
        if (shortfall >= 1) {
            return String.format(Locale.ROOT, "**missed** by %.0f %% (%.2f× of %s×)", shortfall, measured, plain(need));
        }
        // Under 1 % the usual digits would read "missed by 0 % (1.80× of 1.8×)": show the ones that differ.
        int digits = Math.max(4, (int) Math.ceil(-Math.log10(need - measured)));
        return String.format(Locale.ROOT, "**missed** by %.2g %% (%." + digits + "f× of %s×)", shortfall, measured, plain(need));
    }

    /** A target as written: 2.5, 1.25, 0.75, 30. */
    private static String plain(double need) {
        return java.math.BigDecimal.valueOf(need).stripTrailingZeros().toPlainString();
    }

    // ------------------------------------------------------------------ formatting

    static String paramsText(Map<String, String> params) {
        StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> s.append(s.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return s.toString();
    }

    /** Three significant digits above 1, two below 0.1 (a fresh JVM's ratio to numpy can be 0.024×, not 0.02×). */
    static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : v >= 0.1 ? "%.2f" : "%.2g", v);
    }

    /** Seconds in the unit that keeps three significant digits readable. */
    static String time(double seconds) {
        if (seconds >= 1) return fmt(seconds) + " s";
        if (seconds >= 1e-3) return fmt(seconds * 1e3) + " ms";
        if (seconds >= 1e-6) return fmt(seconds * 1e6) + " µs";
        return fmt(seconds * 1e9) + " ns";
    }

    private static String time(OptionalDouble seconds) {
        return seconds.isPresent() ? time(seconds.getAsDouble()) : "—";
    }

    private static String times(OptionalDouble ratio) {
        return ratio.isPresent() ? fmt(ratio.getAsDouble()) + "×" : "—";
    }
}
