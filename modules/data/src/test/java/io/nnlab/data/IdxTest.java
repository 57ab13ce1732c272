package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path tmp;

    private static final byte[] PIXELS = {0, 1, 2, (byte) 255, 4, 5, 6, 7, 8, 9, 10, (byte) 128};

    private static byte[] images() {
        return TestSupport.idx(0x08, new int[] {3, 2, 2}, PIXELS);
    }

    @Test
    void readsPlainAndGzippedAlike() throws Exception {
        Path plain = TestSupport.write(tmp, "a-idx3-ubyte", images());
        Path gz = TestSupport.write(tmp, "named-plain-but-gzipped", TestSupport.gzip(images()));
        for (Path p : new Path[] {plain, gz}) {
            Idx idx = Idx.read(p, Idx.Type.UBYTE, 3);
            assertArrayEquals(new int[] {3, 2, 2}, idx.shape());
            assertEquals(0x00000803, idx.magic());
            Tensor t = idx.toTensor(DType.FLOAT32);
            assertEquals(255f, t.get(0, 1, 1));
            assertEquals(128f, t.get(2, 1, 1));
            assertEquals(128.0, idx.toTensor(DType.FLOAT64).get(2, 1, 1));
        }
    }

    @Test
    void readsTheOtherIdxTypesBigEndian() throws Exception {
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-7).putInt(70000);
        assertArrayEquals(new int[] {-7, 70000}, Idx.read(TestSupport.idx(0x0C, new int[] {2}, ints.array()), "ints").toInts());
        ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -2).putShort((short) 300);
        assertArrayEquals(new int[] {-2, 300}, Idx.read(TestSupport.idx(0x0B, new int[] {2}, shorts.array()), "shorts").toInts());
        assertArrayEquals(new int[] {-1, 127}, Idx.read(TestSupport.idx(0x09, new int[] {2}, new byte[] {-1, 127}), "bytes").toInts());
        ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
        Tensor f = Idx.read(TestSupport.idx(0x0D, new int[] {1, 2}, floats.array()), "floats").toTensor(DType.FLOAT32);
        assertArrayEquals(new float[] {1.5f, -0.25f}, f.floats());
        ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-1e300);
        Tensor d = Idx.read(TestSupport.idx(0x0E, new int[] {2}, doubles.array()), "doubles").toTensor(DType.FLOAT64);
        assertArrayEquals(new double[] {Math.PI, -1e300}, d.doubles());
    }

    private String error(byte[] bytes) {
        return error(bytes, null, -1);
    }

    /** Writes bytes to a file, reads it, and returns the error message (which must name the file). */
    private String error(byte[] bytes, Idx.Type type, int rank) {
        Path p;
        try {
            p = TestSupport.write(tmp, "bad-" + Arrays.hashCode(bytes), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> { if (type == null) Idx.read(p); else Idx.read(p, type, rank); });
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertEquals(p.toString(), e.source());
        return e.getMessage().substring(p.toString().length() + 2);
    }

    @Test
    void truncatedGzip() {
        byte[] gz = TestSupport.gzip(images());
        String msg = error(Arrays.copyOf(gz, gz.length - 12));
        assertTrue(msg.contains("truncated") || msg.contains("gzip stream is shorter"), msg);
        // Cut inside the gzip header.
        assertEquals("the gzip header is truncated", error(Arrays.copyOf(gz, 5)));
    }

    @Test
    void corruptGzipTrailer() {
        byte[] gz = TestSupport.gzip(images());
        gz[gz.length - 6] ^= 0x55; // inside the CRC-32
        assertTrue(error(gz).startsWith("corrupt gzip stream"));
    }

    @Test
    void aByteFlippedAnywhereInTheCompressedDataIsACorruptStreamNotWhatItsGarbleLooksLike() {
        byte[] pixels = new byte[8 * 8 * 8];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * i % 251 + i / 64);
        byte[] gz = TestSupport.gzip(TestSupport.idx(0x08, new int[] {8, 8, 8}, pixels));
        // After the 10-byte gzip header (whose time stamp no checksum covers) to the end of the trailer.
        for (int at = 10; at < gz.length; at++) {
            byte[] bad = gz.clone();
            bad[at] ^= 0x55;
            String msg = error(bad, Idx.Type.UBYTE, 3);
            assertTrue(msg.startsWith("corrupt gzip stream (") || msg.startsWith("the gzip stream ends early: truncated"
                    + " or corrupt ("), "byte " + at + ": " + msg);
        }
    }

    @Test
    void aFolderIsNotAnIdxFile() {
        var e = assertThrows(java.nio.file.FileSystemException.class, () -> Idx.read(tmp));
        assertEquals(tmp + ": is a folder, not an IDX file", e.getMessage());
    }

    @Test
    void wrongMagic() {
        assertEquals("not an IDX file: magic number 0x89504e47 should start with two zero bytes",
                error(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}));
        assertEquals("unknown IDX type code 0x07 in magic number 0x00000701 (known: 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e)",
                error(TestSupport.idx(0x07, new int[] {1}, new byte[1])));
        assertEquals("wrong magic number: expected 0x00000803 (unsigned bytes, 3 dimensions),"
                + " found 0x00000c03 (32-bit integers, 3 dimensions)",
                error(TestSupport.idx(0x0C, new int[] {1, 1, 1}, new byte[4]), Idx.Type.UBYTE, 3));
        assertEquals("magic number 0x00000800 declares 0 dimensions; expected at least 1",
                error(TestSupport.idx(0x08, new int[0], new byte[0])));
        assertEquals("too short for an IDX file: 3 bytes, expected at least the 4-byte magic number",
                error(new byte[] {0, 0, 8}));
    }

    @Test
    void dimensionsThatDisagreeWithTheLength() {
        assertEquals("dimensions [3, 2, 2] of unsigned bytes need 12 data bytes after the 16-byte header,"
                + " but the file has 11 (truncated?)", error(Arrays.copyOf(images(), images().length - 1)));
        assertEquals("dimensions [3, 2, 2] of unsigned bytes need 12 data bytes after the 16-byte header,"
                + " but the file has 13 (trailing bytes?)", error(Arrays.copyOf(images(), images().length + 1)));
        assertEquals("the header ends after 1 of the 3 dimensions its magic number declares",
                error(Arrays.copyOf(images(), 9)));
        // In a gzip stream the length is only known at the end.
        assertEquals("data ends after 11 of the 12 bytes that dimensions [3, 2, 2] of unsigned bytes need"
                + " (the gzip stream is shorter than its header says)",
                error(TestSupport.gzip(Arrays.copyOf(images(), images().length - 1))));
        assertEquals("more data than dimensions [3, 2, 2] of unsigned bytes describe (12 bytes)",
                error(TestSupport.gzip(Arrays.copyOf(images(), images().length + 1))));
    }

    @Test
    void negativeAndOverflowingDimensions() {
        assertEquals("dimension 1 is 4294967295, beyond the largest a Java array allows (2147483647)"
                + " — read as a signed 32-bit integer it is negative (-1)",
                error(TestSupport.idx(0x08, new int[] {1, -1, 1}, new byte[0])));
        assertEquals("dimensions [65536, 65536, 65536] of unsigned bytes are too large: their product needs more"
                + " than 2147483639 bytes, more than one Java array can hold",
                error(TestSupport.idx(0x08, new int[] {65536, 65536, 65536}, new byte[0])));
        assertEquals("dimensions [2147483647] of 64-bit floats are too large: their product needs more"
                + " than 2147483639 bytes, more than one Java array can hold",
                error(TestSupport.idx(0x0E, new int[] {Integer.MAX_VALUE}, new byte[0])));
        // Empty, but no tensor can have this shape (found by fuzzing the IDX reader: idx-crash-f9ff4e4f...).
        assertEquals("dimensions [17302646, 67108864, 67702, 0] of unsigned bytes are too large: their product"
                + " (zeros aside) needs more than 2147483639 bytes, more than one Java array can hold",
                error(TestSupport.idx(0x08, new int[] {17302646, 67108864, 67702, 0}, new byte[0])));
        // A small gzip file cannot promise a huge array: rejected before anything is allocated.
        assertEquals("dimensions [60000, 28, 28] of unsigned bytes need 47040000 data bytes,"
                + " more than a gzip file of this size can hold",
                error(TestSupport.gzip(TestSupport.idx(0x08, new int[] {60000, 28, 28}, new byte[10]))));
    }

    @Test
    void inMemoryReadsNameTheirSource() {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Idx.read(new byte[0], "fuzz input"));
        assertEquals("fuzz input: too short for an IDX file: 0 bytes, expected at least the 4-byte magic number", e.getMessage());
    }
}
