package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;

/**
 * Any bytes given to a file reader — IDX (plain or gzipped), CSV or .npy — either read or fail
 * with a CorruptDataException: never another exception, a hang or an allocation the input cannot
 * justify; what reads writes back to the same bits.
 *
 * <p>CSV is read twice, refusing and keeping non-finite cells: the two agree except that refusing
 * fails, naming the cell, exactly where keeping reads a NaN or an infinity. And any bytes offered as
 * one of MNIST's files fail its SHA-256 check with a CorruptDataException (gzipped ones are also
 * decompressed for the content check) and never pass it.
 *
 * <p>One fuzz target for all of this: Jazzer fuzzes one target per JVM, and the JVM's start
 * costs more than a second of fuzzing. The first byte picks the reader (modulo 4: IDX, CSV,
 * .npy, MNIST's checksum); the rest is the file. Saved crashes and seeds, each with that byte first,
 * live in src/test/resources/io/nnlab/data/FileFormatsFuzzTestInputs/read/ and are replayed by every run.
 */
@Tag("slow")
class FileFormatsFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void read(byte[] input) throws Exception {
        if (input.length == 0) return;
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        switch (Math.floorMod(input[0], 4)) {
            case 0 -> idx(file);
            case 1 -> csv(file);
            case 2 -> npy(file);
            default -> mnistChecksum(file);
        }
    }

    private static Path mnistFile;

    private static void mnistChecksum(byte[] input) throws Exception {
        if (mnistFile == null) {
            mnistFile = Files.createTempFile("fuzz-mnist", ".gz");
            mnistFile.toFile().deleteOnExit();
        }
        Files.write(mnistFile, input);
        String name = Mnist.FILES.get(Math.floorMod(Arrays.hashCode(input), Mnist.FILES.size()));
        try {
            Mnist.verify(mnistFile, name);
        } catch (CorruptDataException expected) {
            assertTrue(expected.getMessage().contains(": is not MNIST's " + name + ": its SHA-256 is "), expected::getMessage);
            return;
        }
        throw new AssertionError(input.length + " fuzzed bytes passed as MNIST's " + name);
    }

    private static void idx(byte[] input) throws Exception {
        Idx idx;
        try {
            idx = Idx.read(input, "fuzz input");
        } catch (CorruptDataException expected) {
            return;
        }
        long n = 1;
        for (int d : idx.shape()) n *= d;
        assertEquals(n, idx.count());
        if (idx.shape().length <= Tensor.MAX_RANK) {
            Tensor t = idx.toTensor(DType.FLOAT64);
            assertArrayEquals(idx.shape(), t.shape());
            if (idx.type() != Idx.Type.FLOAT && idx.type() != Idx.Type.DOUBLE) {
                int[] ints = idx.toInts();
                for (int i = 0; i < ints.length; i++) assertEquals(ints[i], t.getFlat(i));
            }
        }
        // The MNIST entry point sees the same bytes: it may only add a wrong-magic error.
        try {
            Idx.read(input, "fuzz input", Idx.Type.UBYTE, 3);
        } catch (CorruptDataException expected) {
            // fine
        }
    }

    private static void csv(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        for (DType dtype : DType.values()) {
            for (boolean header : new boolean[] {true, false}) {
                Csv csv;
                try {
                    csv = Csv.parse(text, "fuzz input", header, dtype, Csv.NonFinite.KEEP);
                } catch (CorruptDataException expected) {
                    continue;
                }
                csvRoundTrip(csv, dtype, header);
                boolean finite = true;
                for (int i = 0; i < csv.numbers().size(); i++) finite &= Double.isFinite(csv.numbers().getFlat(i));
                try {
                    assertTrue(Csv.parse(text, "fuzz input", header, dtype).numbers().bitEquals(csv.numbers()));
                    assertTrue(finite, "a non-finite cell was read without Csv.NonFinite.KEEP");
                } catch (CorruptDataException refused) {
                    assertTrue(!finite && refused.getMessage().contains(": expected a finite number, found "),
                            refused::getMessage);
                }
            }
        }
        try {
            Csv csv = Csv.parse(text, "fuzz input", true, DType.FLOAT64, 0);
            assertEquals(csv.rows(), csv.text(0).size());
        } catch (CorruptDataException expected) {
            // fine
        }
    }

    private static void csvRoundTrip(Csv csv, DType dtype, boolean header) throws Exception {
        Tensor values = csv.numbers();
        if (values.dim(1) == 0) return;
        StringWriter out = new StringWriter();
        Csv.write(out, csv.header(), values);
        Csv back = Csv.parse(out.toString(), "written", header, dtype, Csv.NonFinite.KEEP);
        assertEquals(csv.header(), back.header(), out::toString);
        assertTrue(values.bitEquals(back.numbers()), out::toString);
    }

    private static void npy(byte[] input) throws Exception {
        Npy a;
        try {
            a = Npy.read(input, "fuzz input");
        } catch (CorruptDataException expected) {
            return;
        }
        for (int major = 1; major <= 2; major++) {
            Npy b = Npy.read(a.toBytes(major), "written");
            assertEquals(a.type(), b.type());
            assertArrayEquals(a.shape(), b.shape());
            for (int i = 0; i < a.count(); i++) {
                assertEquals(Double.doubleToRawLongBits(a.value(i)), Double.doubleToRawLongBits(b.value(i)));
            }
        }
        if (a.shape().length <= Tensor.MAX_RANK && (a.type() == Npy.Type.FLOAT32 || a.type() == Npy.Type.FLOAT64)) {
            assertTrue(Npy.of(a.tensor()).toBytes().length > 0);
        }
    }
}
