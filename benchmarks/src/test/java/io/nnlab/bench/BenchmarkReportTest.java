package io.nnlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    private static Timing timing(String benchmark, double seconds, String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) p.put(keyValues[i], keyValues[i + 1]);
        return new Timing(benchmark, p, seconds, Double.NaN, seconds * 0.9);
    }

    private static PeerResult peer(String line) {
        return PeerResult.parse(line);
    }

    /** A small run: the peak, GEMM 256 both backends, the MNIST step at batch 32 on 1 and 2 threads. */
    private static List<Timing> run() {
        List<Timing> t = new ArrayList<>();
        // A peak of exactly 64 GFLOPS at the best iteration.
        t.add(new Timing("FmaPeakBenchmark.float32", Map.of(), 1.0, Double.NaN,
                FmaPeakBenchmark.flopsPerOp("float32") / 64e9));
        t.add(timing("GemmBenchmark.square", 2.0e-1, "backend", "scalar", "dtype", "float32", "n", "256", "threads", "1"));
        t.add(timing("GemmBenchmark.square", 1.0e-2, "backend", "simd", "dtype", "float32", "n", "256", "threads", "1"));
        t.add(timing("MnistStepBenchmark.step", 2e-3, "backend", "scalar", "dtype", "float32", "batch", "32", "threads", "1"));
        t.add(timing("MnistStepBenchmark.step", 4e-4, "backend", "simd", "dtype", "float32", "batch", "32", "threads", "1"));
        t.add(timing("MnistStepBenchmark.step", 3e-4, "backend", "simd", "dtype", "float32", "batch", "32", "threads", "all"));
        return t;
    }

    @Test
    void pairsScalarWithSimdOnTheSameParameters() {
        List<BenchmarkReport.Ratio> ratios = new BenchmarkReport(run(), List.of(), List.of(), 2).ratios();
        assertEquals(2, ratios.size(), ratios.toString());
        assertEquals("GemmBenchmark.square", ratios.get(0).benchmark());
        assertEquals(20.0, ratios.get(0).speedup(), 1e-12);
        assertFalse(ratios.get(0).params().containsKey("backend"));
        assertEquals(5.0, ratios.get(1).speedup(), 1e-12);
    }

    @Test
    void peakAndGflopsComeFromTheRun() {
        BenchmarkReport r = new BenchmarkReport(run(), List.of(), List.of(), 2);
        assertEquals(64.0, r.peakGflops("float32").getAsDouble(), 1e-9);
        assertTrue(r.peakGflops("float64").isEmpty());
        String md = r.markdown();
        // The ratio is of the means (200 ms against 10 ms); GFLOPS are the best iteration's:
        // 2·256³ flops in 9 ms, 3.73 GFLOPS, 6 % of the 64 GFLOPS peak.
        assertTrue(md.contains("| 20.0× | 3.73 | 6 % |"), md);
        assertTrue(md.contains("| float64 | not measured |"), md);
    }

    @Test
    void epochsScaleTheStepAndCompareBestAgainstBest() {
        List<PeerResult> peers = List.of(
                peer("RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=1 coretype=Haswell seconds=1.35"),
                peer("RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=1 coretype=unset seconds=2.7"),
                peer("RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=2 coretype=unset seconds=0.27"));
        BenchmarkReport r = new BenchmarkReport(run(), peers, List.of("DJL PyTorch: not in this jar"), 2);
        BenchmarkReport.Comparison oneThread = r.comparisons().get(0);
        assertEquals("1", oneThread.threads());
        // nnlab's best step is 0.9 · 0.4 ms; 1875 of them.
        assertEquals(1875 * 0.9 * 4e-4, oneThread.nnlab().getAsDouble(), 1e-12);
        assertEquals(1.35, oneThread.numpyBest().getAsDouble());
        assertEquals(1.35 / (1875 * 0.9 * 4e-4), oneThread.vs(oneThread.numpyBest()).getAsDouble(), 1e-12);
        assertTrue(oneThread.djl().isEmpty());
        // "all" matches the peer's explicit core count.
        BenchmarkReport.Comparison both = r.comparisons().stream()
                .filter(c -> c.threads().equals("all") && c.what().contains("batch 32")).findFirst().orElseThrow();
        assertEquals(0.27, both.numpyBest().getAsDouble());
        String md = r.markdown();
        assertTrue(md.contains("- DJL PyTorch: not in this jar"), md);
    }

    @Test
    void coldStartsCompareTheBestForkWithNumpysBestFreshProcess() {
        List<Timing> t = new ArrayList<>(run());
        t.add(timing("ColdStartBenchmark.mnistFirstEpoch", 2.0, "backend", "simd"));
        t.add(timing("ColdStartBenchmark.mnistFirstEpoch", 9.0, "backend", "scalar"));
        t.add(timing("ColdStartBenchmark.forwardNet500Steps", 0.8, "backend", "simd"));
        List<PeerResult> peers = List.of(
                peer("RESULT peer=numpy bench=mnist_first_epoch dtype=float32 batch=32 threads=1 coretype=Haswell "
                        + "seconds=0.9 process_seconds=1.4 processes=3"),
                peer("RESULT peer=numpy bench=mnist_first_epoch dtype=float32 batch=32 threads=2 coretype=unset "
                        + "seconds=0.75 process_seconds=1.3 processes=3"),
                peer("RESULT peer=numpy bench=forwardnet_first_500 dtype=float64 threads=1 coretype=unset "
                        + "seconds=0.016 process_seconds=0.11 processes=3"),
                // The warm peers' benches stay out of the cold rows.
                peer("RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=1 coretype=unset seconds=0.5"));
        BenchmarkReport r = new BenchmarkReport(t, peers, List.of(), 2);
        BenchmarkReport.Comparison epoch = r.comparisons().stream()
                .filter(c -> c.what().startsWith("MNIST first epoch")).findFirst().orElseThrow();
        // nnlab's best fork (0.9 · 2 s, SIMD) against numpy's best process over both thread settings.
        assertEquals(0.9 * 2.0, epoch.nnlab().getAsDouble(), 1e-12);
        assertEquals(0.75, epoch.numpyBest().getAsDouble());
        assertEquals(0.75 / 1.8, epoch.vs(epoch.numpyBest()).getAsDouble(), 1e-12);
        BenchmarkReport.Comparison net = r.comparisons().stream()
                .filter(c -> c.what().startsWith("t1 net, first 500")).findFirst().orElseThrow();
        assertEquals(0.016 / 0.72, net.vs(net.numpyBest()).getAsDouble(), 1e-12);
        // SIMD against scalar in fresh JVMs, from the means.
        assertTrue(r.ratios().stream().anyMatch(x -> x.benchmark().equals("ColdStartBenchmark.mnistFirstEpoch")
                && Math.abs(x.speedup() - 4.5) < 1e-12), r.ratios().toString());
        assertTrue(r.markdown().contains("| MNIST first epoch in a fresh process, float32, batch 32 | default | 1.80 s | 750 ms |"),
                r.markdown());
        // Far below 1, two significant digits still: 0.016 s / 0.72 s.
        assertTrue(r.markdown().contains("| 0.022× |"), r.markdown());
    }

    @Test
    void targetsSayByHowMuchTheyAreMissed() {
        BenchmarkReport r = new BenchmarkReport(run(), List.of(), List.of(), 2);
        List<String[]> targets = r.targets();
        String[] gemm32 = targets.get(0);
        assertEquals("met", gemm32[2], String.join(" | ", gemm32));
        String[] gemm64 = targets.get(1);
        assertEquals("—", gemm64[2]);
        String[] step = target(targets, "MNIST training step: SIMD/scalar");
        assertTrue(step[2].startsWith("**missed** by 38 %"), step[2]);
        assertEquals("met", BenchmarkReport.verdict(30, 30));
        assertEquals("**missed** by 50 % (1.25× of 2.5×)", BenchmarkReport.verdict(1.25, 2.5));
        assertEquals("**missed** by 0.022 % (1.7996× of 1.8×)", BenchmarkReport.verdict(1.7996, 1.8));
        assertEquals("**missed** by 0.0022 % (1.79996× of 1.8×)", BenchmarkReport.verdict(1.79996, 1.8));
        assertEquals("**missed** by 29 % (0.53× of 0.75×)", BenchmarkReport.verdict(0.53, 0.75));
    }

    private static String[] target(List<String[]> targets, String prefix) {
        return targets.stream().filter(t -> t[0].startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no target starting \"" + prefix + "\""));
    }

    @Test
    void gemmTargetsCompareBestIterationsWithThePeakNumpyAndOneThread() {
        List<Timing> t = new ArrayList<>(run());
        // n = 128 lies outside the targets' range: slower than numpy there does not count.
        t.add(timing("GemmBenchmark.square", 1.0e-3, "backend", "simd", "dtype", "float32", "n", "128", "threads", "1"));
        // n = 1024 at 0.9 · 40 ms on one thread (59.7 GFLOPS, 0.93 of the peak) and 0.9 · 25 ms on both cores.
        t.add(timing("GemmBenchmark.square", 4.0e-2, "backend", "simd", "dtype", "float32", "n", "1024", "threads", "1"));
        t.add(timing("GemmBenchmark.square", 2.5e-2, "backend", "simd", "dtype", "float32", "n", "1024", "threads", "all"));
        List<PeerResult> peers = List.of(
                peer("RESULT peer=numpy bench=gemm dtype=float32 n=128 threads=1 coretype=unset seconds=0.0001"),
                peer("RESULT peer=numpy bench=gemm dtype=float32 n=256 threads=1 coretype=unset seconds=0.0045"),
                peer("RESULT peer=numpy bench=gemm dtype=float32 n=1024 threads=1 coretype=Haswell seconds=0.072"));
        List<String[]> targets = new BenchmarkReport(t, peers, List.of(), 2).targets();

        String[] peak = target(targets, "GEMM float32 n = 256 … 1024, 1 thread: ≥ 0.9");
        // n = 256 reaches 3.73 of 64 GFLOPS: the lowest fraction decides.
        assertEquals("lowest 0.06 (n=256)", peak[1]);
        assertTrue(peak[2].startsWith("**missed** by 94 %"), peak[2]);
        String[] numpy = target(targets, "GEMM float32 n = 256 … 1024, 1 thread: no slower than numpy");
        // 4.5 ms against 9 ms at 256 (0.5×); 72 ms against 36 ms at 1024 (2×).
        assertEquals("lowest 0.50× (n=256)", numpy[1]);
        String[] scaling = target(targets, "GEMM float32 n = 1024: 2 threads");
        assertEquals("1.60×", scaling[1]);
        assertTrue(scaling[2].startsWith("**missed** by 11 %"), scaling[2]);
        assertEquals("—", target(targets, "GEMM float64 n = 1024")[2]);
    }

    @Test
    void mnistTargetsPerBatchPeakLimitAndThreads() {
        List<Timing> t = new ArrayList<>(run());
        // Batch 256: 0.9 · 2 ms on one thread, 0.9 · 1.25 ms on all.
        t.add(timing("MnistStepBenchmark.step", 2e-3, "backend", "simd", "dtype", "float32", "batch", "256", "threads", "1"));
        t.add(timing("MnistStepBenchmark.step", 1.25e-3, "backend", "simd", "dtype", "float32", "batch", "256", "threads", "all"));
        List<PeerResult> peers = List.of(
                peer("RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=1 coretype=unset seconds=1.35"),
                peer("RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=256 threads=1 coretype=unset seconds=0.5"));
        List<String[]> targets = new BenchmarkReport(t, peers, List.of(), 2).targets();

        // Batch 32: numpy's 1.35 s against 1875 · 0.36 ms = 0.675 s, 2×, against 2.5×.
        String[] b32 = target(targets, "MNIST epoch, float32, batch 32 (1875 steps), 1 thread: ≥ 2.5× numpy");
        assertEquals("2.00×", b32[1]);
        assertTrue(b32[2].startsWith("**missed** by 20 %"), b32[2]);
        // Batch 256: 0.5 s against 235 · 1.8 ms = 0.423 s, 1.18×, against 1.25×.
        String[] b256 = target(targets, "MNIST epoch, float32, batch 256 (235 steps), 1 thread: ≥ 1.25× numpy");
        assertEquals("1.18×", b256[1]);
        assertTrue(b256[2].startsWith("**missed** by 5 %"), b256[2]);
        // 2·256·(2·78400 + 3·1000) flops in 1.8 ms is 45.7 GFLOPS, 0.71 of the 64 GFLOPS peak.
        String[] limit = target(targets, "MNIST step float32 batch 256, 1 thread: ≥ 0.75 of the FMA-peak limit");
        assertEquals("0.71×", limit[1]);
        // Threads: batch 32 0.36 / 0.27 ms = 1.33× (target 1.3×), batch 256 1.8 / 1.125 ms = 1.6× (target 1.7×).
        assertEquals("met", target(targets, "MNIST step float32 batch 32: all threads ≥ 1.3×")[2]);
        String[] threads256 = target(targets, "MNIST step float32 batch 256: all threads ≥ 1.7×");
        assertEquals("1.60×", threads256[1]);
        assertTrue(threads256[2].startsWith("**missed** by 6 %"), threads256[2]);
    }

    @Test
    void djlStepsBecomeEpochPeers() {
        List<Timing> t = List.of(
                timing("DjlMnistStepBenchmark.step", 1e-3, "dtype", "float32", "batch", "256", "threads", "1"),
                timing("DjlForwardNetBenchmark.step", 1e-4, "dtype", "float64", "threads", "1"));
        List<PeerResult> p = BenchmarkReport.djlAsPeers(t);
        assertEquals(2, p.size());
        assertEquals("mnist_epoch", p.get(0).get("bench"));
        assertEquals(235 * 0.9e-3, p.get(0).seconds(), 1e-12);
        assertEquals("forwardnet_5000", p.get(1).get("bench"));
        assertEquals(5000 * 0.9e-4, p.get(1).seconds(), 1e-12);
    }

    @Test
    void timingsMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Timing("X.y", Map.of(), 0, Double.NaN, 1));
        assertTrue(e.getMessage().contains("X.y"), e.getMessage());
    }

    @Test
    void flopCountsOfTheTransposedShapes() {
        assertEquals(2L * 784 * 32 * 100, timing("GemmBenchmark.mnist", 1, "shape", "784x32x100:TN").flops());
        assertEquals(6L * 256 * 79400, timing("DenseBenchmark.forwardBackward", 1, "batch", "256").flops());
        // No gradient for the images in a training step.
        assertEquals(2L * 256 * (2 * 78400 + 3 * 1000), timing("MnistStepBenchmark.step", 1, "batch", "256").flops());
        assertEquals(0, timing("BfgsBenchmark.run", 1).flops());
    }
}
