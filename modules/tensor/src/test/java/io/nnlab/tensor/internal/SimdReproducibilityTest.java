package io.nnlab.tensor.internal;

import io.nnlab.tensor.UnaryOp;

import io.nnlab.tensor.Backend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded SIMD run must give the same bits from its first step to its last, so every kernel whose
 * result could depend on whether C2 has compiled it (exp and the functions built on it, lane sums)
 * must answer in compiled code exactly as the interpreter does. The interpreter's answers come from
 * a second JVM run with -Xint; this JVM's, after enough calls for C2 to compile the loops.
 */
class SimdReproducibilityTest {
    private static final int N = 263;

    /** Run by the -Xint JVM: prints the digests of one call of each kernel. */
    public static void main(String[] args) {
        digests(1).forEach(System.out::println);
    }

    @Test
    void compiledKernelsGiveTheInterpretersBits() throws IOException, InterruptedException {
        assertNull(Backend.simdUnavailableReason(), "tests run with --add-modules jdk.incubator.vector");
        List<String> compiled = digests(20_000);

        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), SimdReproducibilityTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint JVM did not finish");
        assertEquals(0, p.exitValue(), "the -Xint JVM failed: " + out);
        List<String> interpreted = out.lines().toList();
        assertEquals(compiled.size(), interpreted.size(), out);
        for (int i = 0; i < compiled.size(); i++) assertEquals(interpreted.get(i), compiled.get(i));
    }

    /** Each kernel called `repeats` times on fixed inputs; a digest of the last call's output bits. */
    static List<String> digests(int repeats) {
        Kernels k = SimdKernels.INSTANCE;
        SplittableRandom r = new SplittableRandom(5);
        float[] xf = new float[N], yf = new float[N], of = new float[N];
        double[] xd = new double[N], yd = new double[N], od = new double[N];
        for (int i = 0; i < N; i++) {
            xd[i] = 24 * r.nextDouble() - 12;
            yd[i] = 2 * r.nextDouble() - 1;
            xf[i] = (float) xd[i];
            yf[i] = (float) yd[i];
        }
        List<String> d = new ArrayList<>();
        for (UnaryOp op : new UnaryOp[]{UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.LOG}) {
            float[] inf = op == UnaryOp.LOG ? yf.clone() : xf;
            double[] ind = op == UnaryOp.LOG ? yd.clone() : xd;
            for (int t = 0; t < repeats; t++) k.floats().unary(op, inf, of, N);
            d.add(op + " float " + Arrays.hashCode(of));
            for (int t = 0; t < repeats; t++) k.doubles().unary(op, ind, od, N);
            d.add(op + " double " + Arrays.hashCode(od));
        }
        // The activations added for researchers, forward and backward (all but LeakyReLU go through exp).
        for (UnaryOp op : new UnaryOp[]{UnaryOp.LEAKY_RELU, UnaryOp.ELU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SILU,
                UnaryOp.SOFTPLUS}) {
            float[] gf = new float[N];
            double[] gd = new double[N];
            for (int t = 0; t < repeats; t++) k.floats().unary(op, 0.3f, xf, of, N);
            for (int t = 0; t < repeats; t++) k.floats().unaryBackward(op, 0.3f, xf, of, yf, gf, N);
            d.add(op + " float " + Arrays.hashCode(of) + " " + Arrays.hashCode(gf));
            for (int t = 0; t < repeats; t++) k.doubles().unary(op, 0.3, xd, od, N);
            for (int t = 0; t < repeats; t++) k.doubles().unaryBackward(op, 0.3, xd, od, yd, gd, N);
            d.add(op + " double " + Arrays.hashCode(od) + " " + Arrays.hashCode(gd));
        }
        // 263 = 1 x 263 and 13 x 20 + 3: one long row, and narrow rows with masked tails.
        for (int t = 0; t < repeats; t++) k.floats().softmaxRows(xf, 13, 20, of);
        d.add("softmax float " + Arrays.hashCode(of));
        for (int t = 0; t < repeats; t++) k.doubles().softmaxRows(xd, 1, N, od);
        d.add("softmax double " + Arrays.hashCode(od));
        for (int t = 0; t < repeats; t++) k.floats().logSoftmaxRows(xf, 1, N, of);
        d.add("logSoftmax float " + Arrays.hashCode(of));
        for (int t = 0; t < repeats; t++) k.doubles().logSoftmaxRows(xd, 13, 20, od);
        d.add("logSoftmax double " + Arrays.hashCode(od));
        double sf = 0, sd = 0, df = 0, dd = 0;
        for (int t = 0; t < repeats; t++) {
            sf = k.floats().sum(xf, N);
            sd = k.doubles().sum(xd, N);
            df = k.floats().dot(xf, yf, N);
            dd = k.doubles().dot(xd, yd, N);
        }
        d.add("sum " + sf + " " + sd + ", dot " + df + " " + dd);
        for (int t = 0; t < repeats; t++) k.doubles().sumCols(xd, 13, 20, od);
        d.add("sumCols double " + Arrays.hashCode(Arrays.copyOf(od, 13)));
        float[] gy = new float[13];
        double[] gyd = new double[20];
        for (int t = 0; t < repeats; t++) {
            k.floats().gemv(false, 13, 20, 1f, xf, yf, 0f, gy);
            k.doubles().gemv(true, 13, 20, 1.0, xd, yd, 0.0, gyd);
        }
        d.add("gemv " + Arrays.hashCode(gy) + " " + Arrays.hashCode(gyd));
        return d;
    }
}
