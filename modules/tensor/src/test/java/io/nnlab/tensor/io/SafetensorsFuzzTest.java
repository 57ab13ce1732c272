package io.nnlab.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Tag;

/**
 * Any bytes either read as safetensors or fail with a SafetensorsFormatException — never another
 * exception, never a half-read result; what reads writes back to bytes that read to the same tensors
 * and metadata, bit for bit, and verified by their checksums. Those written bytes with one byte
 * changed (where and how chosen from the input) either fail or read the very same tensors and
 * metadata, verified: a corruption never loads as other weights or as an unverified file. Saved
 * crashes and seeds, among them files nnlab wrote with their checksum entry for the fuzzer to
 * mutate, live in src/test/resources/io/nnlab/tensor/io/SafetensorsFuzzTestInputs/read/.
 */
@Tag("slow")
class SafetensorsFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void read(byte[] input) throws Exception {
        Safetensors a;
        try {
            a = Safetensors.read(input, "fuzz input");
        } catch (SafetensorsFormatException expected) {
            return;
        }
        byte[] written = Safetensors.toBytes(a.tensors(), a.metadata());
        Safetensors b = Safetensors.read(written, "written");
        assertTrue(b.verified());
        assertSame(a, b);

        int at = Math.floorMod(Arrays.hashCode(input), written.length);
        int mask = 1 + Math.floorMod(input.length > 0 ? input[input.length - 1] : 0, 255);
        written[at] ^= (byte) mask;
        Safetensors c = Hostile.readOrNull(written, "corrupted");
        if (c == null) return;
        assertTrue(c.verified(), "a changed byte turned the file into an unverified one");
        assertSame(a, c);
    }

    private static void assertSame(Safetensors a, Safetensors b) {
        assertEquals(a.metadata(), b.metadata());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            assertTrue(e.getValue().bitEquals(b.tensor(e.getKey())), e.getKey());
        }
    }
}
