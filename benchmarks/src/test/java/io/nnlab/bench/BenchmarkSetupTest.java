package io.nnlab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.nnlab.data.DataLocation;
import io.nnlab.data.Mnist;
import io.nnlab.optim.fullbatch.MinimizationResult;
import io.nnlab.tensor.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the benchmarks time is the work they claim, and the suite's bookkeeping keeps every result. */
class BenchmarkSetupTest {

    @Test
    void rippleDataIsStandardisedAndReproducible() {
        RippleProblem a = RippleProblem.generate(1), b = RippleProblem.generate(1);
        assertArrayEquals(a.ripple.toDoubleArray(), b.ripple.toDoubleArray());
        assertEquals(0, Ops.mean(a.x), 1e-12);
        assertEquals(1, Math.sqrt(Ops.mean(Ops.mul(a.x, a.x))), 1e-12);
        assertEquals(RippleProblem.SAMPLES, a.rippleShifted.size());
        assertTrue(RippleProblem.generate(2).ripple.getFlat(0) != a.ripple.getFlat(0));
    }

    @Test
    void steepestDescentStepsDescend() {
        for (String backend : List.of("scalar", "simd")) {
            ForwardNetBenchmark b = new ForwardNetBenchmark();
            b.backend = backend;
            b.dtype = "float64";
            b.setUp();
            double first = b.step(), later = first;
            for (int i = 0; i < 200; i++) later = b.step();
            assertTrue(later < first, backend + ": mse " + first + " -> " + later);
        }
    }

    @Test
    void mnistStepsLearnMnist() {
        Path dir = DataLocation.current().dataset(Mnist.FOLDER);
        assumeTrue(Files.isRegularFile(dir.resolve(Mnist.TRAIN_IMAGES + ".gz")), "MNIST is not in " + dir);
        MnistStepBenchmark b = new MnistStepBenchmark();
        b.backend = "simd";
        b.dtype = "float32";
        b.batch = 256;
        b.threads = "1";
        b.setUp();
        double first = b.step(), later = first;
        for (int i = 0; i < 60; i++) later = b.step();
        // Every step a new batch of real digits: the loss falls from ln 10 as training does (0.55 here).
        // numpy's same net on one batch reused reaches 0.08 in as many steps, and on random labels 2.31.
        assertEquals(Math.log(10), first, 0.3);
        assertTrue(later > 0.3 && later < 0.8, "loss after 61 steps: " + later + ", expected within [0.3, 0.8]");
    }

    @Test
    void coldStartTrainsT1sNetForItsSteps() {
        ColdStartBenchmark.ForwardNet f = new ColdStartBenchmark.ForwardNet();
        f.backend = "simd";
        f.setUp();
        var history = new ColdStartBenchmark().forwardNet500Steps(f);
        assertEquals(ColdStartBenchmark.FORWARD_NET_STEPS, history.iterations());
        double[] loss = history.loss();
        // t1's ripple run starts near 1.85 and is well below 1 after 500 steps (0.023 after 3277).
        assertTrue(loss[0] > 1.5 && loss[loss.length - 1] < 0.5 * loss[0],
                "mse " + loss[0] + " -> " + loss[loss.length - 1]);
    }

    @Test
    void coldStartSetsUpT3sFirstEpoch() {
        Path dir = DataLocation.current().dataset(Mnist.FOLDER);
        assumeTrue(Files.isRegularFile(dir.resolve(Mnist.TRAIN_IMAGES + ".gz")), "MNIST is not in " + dir);
        ColdStartBenchmark.Mnist m = new ColdStartBenchmark.Mnist();
        m.backend = "scalar";
        m.setUp();
        assertArrayEquals(new int[] {60000, 28, 28}, m.images.shape());
        // Pixels / 255, as t3 scales them; class indices 0..9 as targets.
        double brightest = java.util.Arrays.stream(Ops.rowMax(m.images.reshape(60000, 784)).toDoubleArray()).max().orElseThrow();
        assertEquals(1.0, brightest, 0.0);
        assertEquals(9.0, java.util.Arrays.stream(m.classes.toDoubleArray()).max().orElseThrow(), 0.0);
        assertEquals(1, m.firstEpoch.epochs());
        assertEquals(32, m.firstEpoch.batchSize(60000));
        // 784·100 + 100 + 100·10 + 10 weights, as t3's model.
        assertEquals(79510, m.trainer.model().parameters().stream().mapToLong(p -> p.value().size()).sum());
    }

    @Test
    void bfgsRunsAreIdenticalAndUseTheBudget() {
        BfgsBenchmark b = new BfgsBenchmark();
        b.backend = "simd";
        b.dtype = "float64";
        b.setUp();
        MinimizationResult first = b.run(), second = b.run();
        assertEquals(first.fun(), second.fun());
        assertTrue(first.iterations() <= BfgsBenchmark.MAX_ITERATIONS, first.toString());
        assertTrue(first.fun() < 0.1, "BFGS should fit the ripple well below the plateau: " + first);
    }

    @Test
    void activationBenchmarksAgreeAcrossBackendsOnAnAwkwardSize() {
        for (String op : List.of("relu", "tanh", "sigmoid")) {
            double[][] out = new double[2][];
            String[] backends = {"scalar", "simd"};
            for (int k = 0; k < 2; k++) {
                ActivationBenchmark b = new ActivationBenchmark();
                b.backend = backends[k];
                b.dtype = "float64";
                b.op = op;
                b.size = 37;
                b.setUp();
                b.forward();
                out[k] = b.backward().toDoubleArray();
            }
            for (int i = 0; i < 37; i++) assertEquals(out[0][i], out[1][i], 1e-12, op + " at " + i);
            assertTrue(java.util.Arrays.stream(out[0]).anyMatch(v -> v != 0), op + ": a gradient of zeros tests nothing");
        }
        ActivationBenchmark bad = new ActivationBenchmark();
        bad.backend = "simd";
        bad.dtype = "float64";
        bad.op = "swish";
        bad.size = 3;
        var e = assertThrows(IllegalArgumentException.class, bad::setUp);
        assertTrue(e.getMessage().contains("swish"), e.getMessage());
    }

    @Test
    void optimizerBenchmarkStarvesTheBorderWeightsUntilTheirStateIsZero() {
        for (String name : List.of("adam", "rmsprop", "sgd-momentum")) {
            OptimizerBenchmark b = new OptimizerBenchmark();
            b.backend = "simd";
            b.dtype = "float32";
            b.optimizer = name;
            b.setUp();
            var w1 = b.parameters().get(0);
            double[] corner = new double[100];
            for (int u = 0; u < 100; u++) corner[u] = w1.grad().get(0, u);
            assertArrayEquals(new double[100], corner, 0.0, name + ": the corner pixel's gradient row");
            assertTrue(w1.grad().get(14 * 28 + 14, 0) != 0, name + ": the centre pixel's gradient is not zero");
            for (int i = 0; i < 1000; i++) b.step();
            // Momentum 0.9 takes the corner's velocity from ~1e-4 below float32's smallest normal in
            // about 800 steps; flushed, it is then exactly zero.
            if (name.equals("sgd-momentum")) {
                assertEquals(0.0, b.optimizer().state(w1).get("velocity").get(0, 0), name);
            }
        }
        OptimizerBenchmark bad = new OptimizerBenchmark();
        bad.backend = "simd";
        bad.dtype = "float32";
        bad.optimizer = "adagrad";
        var e = assertThrows(IllegalArgumentException.class, bad::setUp);
        assertTrue(e.getMessage().contains("adagrad"), e.getMessage());
    }

    @Test
    void mergedJsonKeepsEveryPart(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), "[\n  {\"benchmark\": \"A\"}\n]\n");
        Path empty = Files.writeString(dir.resolve("b.json"), "[ ]\n");
        Path c = Files.writeString(dir.resolve("c.json"), "[\n  {\"benchmark\": \"C1\"},\n  {\"benchmark\": \"C2\"}\n]");
        Suite.mergeJson(List.of(a, empty, c), dir.resolve("jmh.json"));
        String merged = Files.readString(dir.resolve("jmh.json"));
        assertEquals("[\n{\"benchmark\": \"A\"},\n{\"benchmark\": \"C1\"},\n  {\"benchmark\": \"C2\"}\n]\n", merged);
        assertTrue(Files.notExists(a));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{}");
        assertThrows(IOException.class, () -> Suite.mergeJson(List.of(bad), dir.resolve("x.json")));
    }

    /** The chart is a whole PNG, written without leaving a temporary file beside it. */
    @Test
    void ratioChartIsAWholePng(@TempDir Path dir) throws IOException {
        Map<String, String> params = Map.of("dtype", "float32");
        var ratio = new BenchmarkReport.Ratio("GemmBenchmark.square", params,
                new Timing("GemmBenchmark.square", Map.of("backend", "scalar"), 2e-3, 0, 2e-3),
                new Timing("GemmBenchmark.square", Map.of("backend", "simd"), 1e-4, 0, 1e-4));
        Path png = dir.resolve("chart.png");
        RatioChart.write(List.of(ratio), png);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void profilesSelectEveryIssueBenchmark() {
        String quick = Suite.profile("quick", false).toString();
        for (String b : List.of("GemmBenchmark", "ActivationBenchmark", "SoftmaxCrossEntropyBenchmark", "DenseBenchmark",
                "MnistStepBenchmark", "ForwardNetBenchmark", "BfgsBenchmark", "FmaPeakBenchmark")) {
            assertTrue(quick.contains(b), b + " missing from quick");
        }
        assertTrue(Suite.profile("full", true).toString().contains("DjlMnistStepBenchmark"));
        var e = assertThrows(IllegalArgumentException.class, () -> Suite.profile("medium", false));
        assertTrue(e.getMessage().contains("medium"), e.getMessage());
    }
}
