package io.nnlab.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nnlab.tensor.Tensor;

import java.util.Map;

import org.junit.jupiter.api.Tag;

/**
 * Any bytes either read as safetensors or fail with a SafetensorsFormatException — never another
 * exception, never a half-read result; what reads writes back to bytes that read to the same tensors
 * and metadata, bit for bit. Saved crashes and seeds live in
 * src/test/resources/io/nnlab/tensor/io/SafetensorsFuzzTestInputs/read/.
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
        Safetensors b = Safetensors.read(Safetensors.toBytes(a.tensors(), a.metadata()), "written");
        assertEquals(a.metadata(), b.metadata());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            assertTrue(e.getValue().bitEquals(b.tensor(e.getKey())), e.getKey());
        }
    }
}
