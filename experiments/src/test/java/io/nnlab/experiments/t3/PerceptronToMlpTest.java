package io.nnlab.experiments.t3;

import io.nnlab.data.DataLocation;
import io.nnlab.data.MissingDataException;
import io.nnlab.experiments.Checked;
import io.nnlab.tensor.DType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t3's results, each held to its check (see {@code t3.Checks}): bands over every seed run, and a stated
 * margin over the same start before training; the recursion by its calls; MNIST's absence by one message.
 */
@Tag("tutorial")
@Tag("t3")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerceptronToMlpTest {

    @Test
    void logisticLinear() { Checked.verify("t3.logistic-linear"); }

    @Test
    void twoUnitNonlinear() { Checked.verify("t3.two-unit-nonlinear"); }

    @Test
    void relu1() { Checked.verify("t3.relu-1"); }

    @Test
    void relu2() { Checked.verify("t3.relu-2"); }

    @Test
    void relu4() { Checked.verify("t3.relu-4"); }

    @Test
    void relu100() { Checked.verify("t3.relu-100"); }

    @Test
    void recursion() { Checked.verify("t3.recursion"); }

    /** The work, not the time: fib(30) makes 2 fib(30) - 1 calls naively, 2 · 30 - 3 memoised from an empty memo. */
    @Test
    void recursionCountsItsCalls() {
        assertArrayEquals(new long[]{1, 1}, Recursion.calls(1));
        assertArrayEquals(new long[]{3, 3}, Recursion.calls(3));
        assertArrayEquals(new long[]{2 * 832_040 - 1, 57}, Recursion.calls(30));
        assertEquals(832_040, Recursion.fibonacci(30, new long[1]));
        assertEquals(832_040, Recursion.memoFibonacci(30, new long[30], new long[1]));
    }

    /**
     * After t3's other results: they train float32 nets with Adam, ReLU and dense products, as
     * MNIST's step does, so C2 has compiled many of its kernels before its first epoch, whose
     * time is part of the reported epoch_seconds.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void mnistMlp() { Checked.verify("t3.mnist-mlp"); }

    @Test
    void overfitSigmoid() { Checked.verify("t3.overfit-sigmoid"); }

    @Test
    void batchNorm() { Checked.verify("t3.batchnorm"); }

    @Test
    void dropout() { Checked.verify("t3.dropout"); }

    @Test
    void l2Regularized() { Checked.verify("t3.l2-regularized"); }

    /** Without the files, and with the download failing, one message says where nnlab looked and how to fetch them. */
    @Test
    void missingMnistIsOneMessageSayingWhereNnlabLooked(@TempDir Path empty) {
        String dir = System.getProperty(DataLocation.PROPERTY), download = System.getProperty(DataLocation.DOWNLOAD_PROPERTY),
                url = System.getProperty(DataLocation.URL_PROPERTY);
        try {
            System.setProperty(DataLocation.PROPERTY, empty.toString());
            for (String fetch : new String[]{"false", "true"}) {
                System.setProperty(DataLocation.DOWNLOAD_PROPERTY, fetch);
                // Port 9 on loopback: nothing listens, so the download fails at once.
                System.setProperty(DataLocation.URL_PROPERTY, "http://127.0.0.1:9/");
                MissingDataException e = assertThrows(MissingDataException.class, () -> MnistMlp.load(DType.FLOAT32));
                String m = e.getMessage();
                for (String said : new String[]{empty.resolve("mnist").toString(), "-D" + DataLocation.PROPERTY,
                        DataLocation.ENV, ".nnlab", "train-images-idx3-ubyte", "-D" + DataLocation.DOWNLOAD_PROPERTY + "=true"}) {
                    assertTrue(m.contains(said), "download " + fetch + ": the message names " + said + ":\n" + m);
                }
            }
        } finally {
            restore(DataLocation.PROPERTY, dir);
            restore(DataLocation.DOWNLOAD_PROPERTY, download);
            restore(DataLocation.URL_PROPERTY, url);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }
}
