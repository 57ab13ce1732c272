package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.nio.file.Path;
import java.util.List;

/**
 * Arrays written by numpy, one per supported dtype plus the awkward cases. SCRIPT makes them
 * (python3 SCRIPT DIR); the copies under src/test/resources/io/nnlab/data/npy/ were made with it
 * by numpy 2.4, for machines without python3.
 */
final class NpyFixtures {
    private NpyFixtures() {}

    static final List<String> NAMES = List.of("f4_2x3.npy", "f4_special.npy", "f8_scalar.npy", "f8_3x2x2_v2.npy",
            "i4_5.npy", "i8_4.npy", "i8_0x3.npy");

    static final String SCRIPT = """
            import sys, os, numpy as np
            d = sys.argv[1]
            def save(name, arr, version=None):
                with open(os.path.join(d, name), 'wb') as f:
                    np.lib.format.write_array(f, arr, version=version)
            save('f4_2x3.npy', np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(7))
            save('f4_special.npy', np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45], np.float32))
            save('f8_scalar.npy', np.array(np.pi))
            save('f8_3x2x2_v2.npy', np.arange(12, dtype=np.float64).reshape(3, 2, 2) * 0.25 - 1, (2, 0))
            save('i4_5.npy', np.array([0, -1, 2**31 - 1, -2**31, 42], np.int32))
            save('i8_4.npy', np.array([-2**63, 2**62, 0, 7], np.int64))
            save('i8_0x3.npy', np.zeros((0, 3), np.int64))
            """;

    static void check(Path dir) throws Exception {
        Tensor f4 = Npy.loadTensor(dir.resolve("f4_2x3.npy"));
        assertEquals(DType.FLOAT32, f4.dtype());
        assertArrayEquals(new int[] {2, 3}, f4.shape());
        for (int i = 0; i < 6; i++) assertEquals(i / 7f, f4.floats()[i]);

        float[] special = Npy.loadTensor(dir.resolve("f4_special.npy")).floats();
        assertTrue(Float.isNaN(special[0]));
        assertEquals(Float.POSITIVE_INFINITY, special[1]);
        assertEquals(Float.NEGATIVE_INFINITY, special[2]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(special[3]));
        assertEquals(Float.MIN_VALUE, special[4]);

        Tensor scalar = Npy.loadTensor(dir.resolve("f8_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(Math.PI, scalar.getFlat(0));

        Tensor v2 = Npy.loadTensor(dir.resolve("f8_3x2x2_v2.npy"));
        assertArrayEquals(new int[] {3, 2, 2}, v2.shape());
        for (int i = 0; i < 12; i++) assertEquals(i * 0.25 - 1, v2.doubles()[i]);

        Npy i4 = Npy.load(dir.resolve("i4_5.npy"));
        assertEquals(Npy.Type.INT32, i4.type());
        assertArrayEquals(new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42}, i4.ints());

        Npy i8 = Npy.load(dir.resolve("i8_4.npy"));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 1L << 62, 0, 7}, i8.longs());

        Npy empty = Npy.load(dir.resolve("i8_0x3.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.count());
    }
}
