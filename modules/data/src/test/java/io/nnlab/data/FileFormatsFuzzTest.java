package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;

/**
 * Any bytes given to a file reader — IDX (plain or gzipped), CSV or .npy — either read or fail
 * with a CorruptDataException: never another exception, a hang or an allocation the input cannot
 * justify; what reads writes back to the same bits.
 *
 * <p>One fuzz target for the three readers: Jazzer fuzzes one target per JVM, and the JVM's start
 * costs more than a second of fuzzing. The first byte picks the reader (modulo 3: IDX, CSV,
 * .npy); the rest is the file. Saved crashes and seeds, each with that byte first, live in
 * src/test/resources/io/nnlab/data/FileFormatsFuzzTestInputs/read/ and are replayed by every run.
 */
@Tag("slow")
class FileFormatsFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void read(byte[] input) throws Exception {
        if (input.length == 0) return;
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        switch (Math.floorMod(input[0], 3)) {
            case 0 -> idx(file);
            case 1 -> csv(file);
            default -> npy(file);
        }
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
                    csv = Csv.parse(text, "fuzz input", header, dtype);
                } catch (CorruptDataException expected) {
                    continue;
                }
                csvRoundTrip(csv, dtype, header);
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
        Csv back = Csv.parse(out.toString(), "written", header, dtype);
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
