package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import org.junit.jupiter.api.Tag;

/**
 * Any bytes, plain or gzipped, either read as an IDX array or fail with a CorruptDataException —
 * never another exception, a hang or an allocation the input cannot justify. Saved crashes and
 * seeds live in src/test/resources/io/nnlab/data/IdxFuzzTestInputs/read/.
 */
@Tag("slow")
class IdxFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void read(byte[] input) throws Exception {
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
}
