package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.Tensor;

import org.junit.jupiter.api.Tag;

/**
 * Any bytes either read as a .npy array or fail with a CorruptDataException; an array that reads
 * writes back (format 1.0 and 2.0) to bytes that read to the same array. Saved crashes and seeds
 * live in src/test/resources/io/nnlab/data/NpyFuzzTestInputs/read/.
 */
@Tag("slow")
class NpyFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void read(byte[] input) throws Exception {
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
