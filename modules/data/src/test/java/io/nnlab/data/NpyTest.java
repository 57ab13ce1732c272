package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path tmp;

    private static final int[][] SHAPES = {{}, {0}, {1}, {7}, {2, 3}, {3, 0}, {2, 3, 4}, {2, 1, 3, 2}};

    private static Tensor random(DType dtype, Rng rng, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            // Arbitrary bit patterns, NaN payloads and subnormals included.
            t.setFlat(i, dtype == DType.FLOAT64 ? Double.longBitsToDouble(rng.nextLong()) : rng.nextGaussian());
        }
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < t.size(); i += 3) t.floats()[i] = Float.intBitsToFloat((int) rng.nextLong());
        }
        return t;
    }

    @Test
    void aFolderIsNotANpyFile() {
        var e = assertThrows(java.nio.file.FileSystemException.class, () -> Npy.load(tmp));
        assertEquals(tmp + ": is a folder, not a .npy file", e.getMessage());
    }

    @Test
    void tensorsReadBackBitExactlyInBothVersions() throws Exception {
        Rng rng = new Rng(3);
        for (DType dtype : DType.values()) {
            for (int[] shape : SHAPES) {
                Tensor t = random(dtype, rng, shape);
                Path p = tmp.resolve("t.npy");
                Npy.save(p, t);
                assertTrue(Npy.loadTensor(p).bitEquals(t), dtype + " " + Arrays.toString(shape));
                byte[] v2 = Npy.of(t).toBytes(2);
                assertEquals(0, (v2.length - t.size() * dtype.bytes()) % 64, "data starts 64-aligned");
                assertTrue(Npy.read(v2, "v2").tensor().bitEquals(t));
            }
        }
    }

    @Test
    void intArraysReadBack() throws Exception {
        int[] ints = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 5, 6};
        Npy a = Npy.read(Npy.of(ints, 2, 3).toBytes(), "ints");
        assertEquals(Npy.Type.INT32, a.type());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(ints, a.ints());
        long[] longs = {Long.MIN_VALUE, 1L << 40, -3};
        Npy b = Npy.read(Npy.of(longs, 3).toBytes(2), "longs");
        assertArrayEquals(longs, b.longs());
        assertArrayEquals(new double[] {-3}, Npy.read(Npy.of(new long[] {-3}).toBytes(), "s").tensor(DType.FLOAT64).doubles());
        assertThrows(ArithmeticException.class, b::ints);
        assertArrayEquals(new int[] {7, -8}, Npy.read(Npy.of(new long[] {7, -8}, 2).toBytes(), "l").ints());
    }

    /** Every supported dtype and awkward shape, as the numpy on this machine writes it now. */
    @Test
    void readsWhatNumpyWrites() throws Exception {
        Path dir = tmp.resolve("numpy");
        Files.createDirectories(dir);
        TestSupport.numpy(NpyFixtures.SCRIPT, dir.toString());
        NpyFixtures.check(dir);
    }

    /** The same arrays as written by numpy 2.4 and checked in, so machines without python3 test them too. */
    @Test
    void theCheckedInNumpyFixturesRead() throws Exception {
        Path dir = tmp.resolve("fixtures");
        Files.createDirectories(dir);
        for (String name : NpyFixtures.NAMES) {
            try (InputStream in = NpyTest.class.getResourceAsStream("npy/" + name)) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        NpyFixtures.check(dir);
    }

    /** nnlab's writer produces numpy's bytes exactly, header padding included. */
    @Test
    void writesTheSameBytesAsNumpy() throws Exception {
        Tensor f32 = Tensor.of(new float[] {1.5f, -2f, 3.25f, 0f, 1e-30f, -7f}, 2, 3);
        Tensor f64 = Tensor.of(new double[] {Math.PI}, new int[0]);
        Npy.save(tmp.resolve("f32.npy"), f32);
        Npy.save(tmp.resolve("f64.npy"), f64);
        Npy.of(new int[] {1, 2, 3, 4}, 4, 1, 1, 1).save(tmp.resolve("i32.npy"));
        Npy.of(new long[0], 0).save(tmp.resolve("i64.npy"));
        Files.write(tmp.resolve("v2.npy"), Npy.of(f32).toBytes(2));
        TestSupport.numpy("""
                import sys, os, io, numpy as np
                d = sys.argv[1]
                def same(name, arr, version=None):
                    b = io.BytesIO()
                    np.lib.format.write_array(b, arr, version=version)
                    ours = open(os.path.join(d, name), 'rb').read()
                    assert ours == b.getvalue(), (name, ours[:128], b.getvalue()[:128])
                same('f32.npy', np.array([[1.5, -2, 3.25], [0, 1e-30, -7]], np.float32))
                same('f64.npy', np.array(np.pi))
                same('i32.npy', np.arange(1, 5, dtype=np.int32).reshape(4, 1, 1, 1))
                same('i64.npy', np.zeros(0, np.int64))
                same('v2.npy', np.array([[1.5, -2, 3.25], [0, 1e-30, -7]], np.float32), (2, 0))
                """, tmp.toString());
    }

    // ------------------------------------------------------------------ corrupt input

    private String error(byte[] bytes) throws Exception {
        Path p = TestSupport.write(tmp, "bad.npy", bytes);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Npy.load(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage().substring(p.toString().length() + 2);
    }

    /** A file with the given header dict (padded as numpy pads) and data bytes. */
    private static byte[] withHeader(int major, String dict, int dataBytes) {
        int prefix = major == 1 ? 10 : 12;
        int hlen = dict.length() + 1;
        int pad = 64 - (prefix + hlen) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] out = new byte[prefix + header.length() + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0};
        System.arraycopy(magic, 0, out, 0, 8);
        int len = header.length();
        out[8] = (byte) len;
        out[9] = (byte) (len >> 8);
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, out, prefix, len);
        return out;
    }

    @Test
    void wrongMagicOrVersion() throws Exception {
        assertEquals("not a .npy file: expected the magic \\x93NUMPY, found \\x50\\x4b\\x03\\x04\\x14\\x00",
                error(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals("not a .npy file: expected the magic \\x93NUMPY, found an empty file", error(new byte[0]));
        byte[] v3 = Npy.of(new int[] {1}, 1).toBytes();
        v3[6] = 3;
        assertEquals("format version 3.0 is not supported; expected 1.0 or 2.0", error(v3));
    }

    @Test
    void unsupportedArrays() throws Exception {
        assertEquals("dtype '>f4' is not supported; expected one of '<f4', '<f8', '<i4', '<i8' (float32, float64,"
                + " int32, int64, little-endian) (big-endian: save with arr.astype(arr.dtype.newbyteorder('<')))",
                error(withHeader(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 4)));
        assertTrue(error(withHeader(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", 1))
                .startsWith("dtype '|u1' is not supported"));
        assertEquals("Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray(arr))",
                error(withHeader(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 32)));
    }

    @Test
    void dataThatDisagreesWithTheShape() throws Exception {
        byte[] good = Npy.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3).toBytes();
        assertEquals("shape (2, 3) of <i4 needs 24 data bytes, but the file has 20 (truncated?)",
                error(Arrays.copyOf(good, good.length - 4)));
        assertEquals("shape (2, 3) of <i4 needs 24 data bytes, but the file has 25 (trailing bytes?)",
                error(Arrays.copyOf(good, good.length + 1)));
        assertEquals("truncated: the header is 118 bytes but only 50 follow the length field",
                error(Arrays.copyOf(good, 60)));
        assertEquals("shape (2147483647, 2147483647) of <f8 is too large: its product needs more than 2147483639"
                + " bytes, more than one Java array can hold",
                error(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647), }", 0)));
        assertEquals("shape (65536, 65536, 0) of <i4 is too large: its product (zeros aside) needs more than 2147483639"
                + " bytes, more than one Java array can hold",
                error(withHeader(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (65536, 65536, 0), }", 0)));
    }

    @Test
    void malformedHeaders() throws Exception {
        assertTrue(error(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 0))
                .contains("expected a non-negative integer dimension in"));
        assertTrue(error(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483648,), }", 0))
                .contains(": dimension 0 exceeds 2147483647"));
        assertTrue(error(withHeader(1, "{'descr': '<f8', 'shape': (1,), }", 8))
                .startsWith("header \"{'descr': '<f8', 'shape': (1,), }\" lacks 'fortran_order'"));
        assertTrue(error(withHeader(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", 8))
                .contains("expected True or False"));
        assertTrue(error(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 8))
                .contains("unexpected key 'x'"));
        assertTrue(error(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk", 8))
                .contains("unexpected text after the dict"));
    }

    @Test
    void oldStyleHeadersStillRead() throws Exception {
        // Keys in another order, Python 2 longs, no trailing comma, version 2.0.
        byte[] b = withHeader(2, "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f8\"}", 16);
        Npy a = Npy.read(b, "old");
        assertArrayEquals(new int[] {2, 1}, a.shape());
    }
}
