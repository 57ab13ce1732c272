package io.nnlab.tensor.io;

import static io.nnlab.tensor.io.Hostile.entry;
import static io.nnlab.tensor.io.Hostile.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Files that lie: each is refused with a message saying what was expected, before anything is loaded. */
class HostileInputTest {

    @TempDir
    Path dir;

    private static final byte[] EIGHT = new byte[8];

    static Stream<Arguments> lies() {
        return Stream.of(
                Arguments.of("shorter than the length prefix", new byte[]{1, 2, 3}, "shorter than the 8-byte"),
                Arguments.of("header length past the end", file(100, "{}".getBytes(), EIGHT),
                        "says 100 bytes, but only 10 bytes follow"),
                Arguments.of("header claims 2 GiB", file(1L << 31, "{}".getBytes(), EIGHT),
                        "says 2147483648 bytes, but only 10"),
                Arguments.of("header length with the top bit set", file(-1L, "{}".getBytes(), EIGHT),
                        "says 18446744073709551615 bytes"),
                Arguments.of("header not JSON", file("{\"a\":", EIGHT), "not valid JSON"),
                Arguments.of("header not an object", file("[1]", EIGHT), "must start with '{'"),
                Arguments.of("header not UTF-8", file(2 + 2, new byte[]{'{', (byte) 0xff, (byte) 0xfe, '}'}, EIGHT),
                        "not valid UTF-8: a malformed sequence at header byte 1"),
                Arguments.of("duplicate tensor name", file("{" + entry("a", "F32", "[1]", 0, 4) + ","
                        + entry("a", "F32", "[1]", 4, 8) + "}", EIGHT), "duplicate key \"a\""),
                Arguments.of("nesting 10000 deep", file("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", EIGHT),
                        "nesting deeper than 64"),
                Arguments.of("unknown dtype", file("{" + entry("w", "F99", "[2]", 0, 8) + "}", EIGHT),
                        "tensor 'w': unknown dtype 'F99'"),
                Arguments.of("unsupported dtype", file("{" + entry("w", "F16", "[4]", 0, 8) + "}", EIGHT),
                        "tensor 'w': unsupported dtype F16"),
                Arguments.of("shape disagrees with its bytes", file("{" + entry("w", "F32", "[3]", 0, 8) + "}", EIGHT),
                        "shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] hold 8"),
                Arguments.of("negative dimension", file("{" + entry("w", "F32", "[-2]", 0, 8) + "}", EIGHT),
                        "shape must be an array of non-negative integers"),
                Arguments.of("fractional dimension", file("{" + entry("w", "F32", "[2.0]", 0, 8) + "}", EIGHT),
                        "shape must be an array of non-negative integers"),
                Arguments.of("shape overflowing 64 bits", file("{" + entry("w", "F32",
                        "[4294967296,4294967296,4294967296]", 0, 8) + "}", EIGHT), "more elements than a Java array"),
                Arguments.of("rank 5", file("{" + entry("w", "F32", "[1,1,1,1,2]", 0, 8) + "}", EIGHT),
                        "has rank 5"),
                Arguments.of("offsets end before they begin", file("{" + entry("w", "F32", "[0]", 8, 0) + "}", EIGHT),
                        "must not end before they begin"),
                Arguments.of("offsets outside the data", file("{" + entry("w", "F64", "[2]", 0, 16) + "}", EIGHT),
                        "runs past the end of the data section (8 bytes"),
                Arguments.of("offsets overlapping", file("{" + entry("a", "F32", "[1]", 0, 4) + ","
                        + entry("b", "F32", "[1]", 2, 6) + "," + entry("c", "F32", "[1]", 4, 8) + "}", EIGHT),
                        "tensor 'b' at data_offsets [2, 6] overlaps tensor 'a'"),
                Arguments.of("two tensors on the same bytes", file("{" + entry("a", "F64", "[1]", 0, 8) + ","
                        + entry("b", "F64", "[1]", 0, 8) + "}", EIGHT), "overlaps"),
                Arguments.of("a hole in the data", file("{" + entry("a", "F32", "[1]", 4, 8) + "}", EIGHT),
                        "leaves a hole: bytes [0, 4)"),
                Arguments.of("bytes after the last tensor", file("{" + entry("a", "F32", "[1]", 0, 4) + "}", EIGHT),
                        "cover only 4 (extra bytes"),
                Arguments.of("an entry with an extra key", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],"
                        + "\"data_offsets\":[0,8],\"x\":1}}", EIGHT), "expected exactly the keys"),
                Arguments.of("metadata not strings", file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
                        "entry 'epoch' must be a string, got 3"),
                Arguments.of("an entry that is not an object", file("{\"w\":[0,8]}", new byte[0]),
                        "expected an object with dtype, shape and data_offsets"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void isRefusedWithAMessageSayingWhy(String lie, byte[] bytes, String expected) {
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bytes, "lie.safetensors"));
        assertTrue(e.getMessage().startsWith("lie.safetensors: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void everyTruncationOfAValidFileIsRefused() throws IOException {
        byte[] whole = Safetensors.toBytes(SafetensorsTest.sample(), Map.of("k", "v"));
        assertEquals(5, Safetensors.read(whole, "whole").tensors().size());
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(cut, "cut"), "cut at " + n);
        }
    }

    @Test
    void aFolderIsNotAFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.safetensors"));
        var e = assertThrows(java.nio.file.FileSystemException.class, () -> Safetensors.read(folder));
        assertEquals(folder + ": is a folder, not a safetensors file", e.getMessage());
        var missing = assertThrows(java.nio.file.NoSuchFileException.class, () -> Safetensors.read(dir.resolve("nope")));
        assertEquals(dir.resolve("nope").toString(), missing.getMessage());
    }

    @Test
    void aTruncatedFileOnDiskNamesTheFile() throws IOException {
        byte[] whole = Safetensors.toBytes(Map.of("w", Tensor.zeros(DType.FLOAT64, 10)), Map.of());
        Path p = dir.resolve("cut.safetensors");
        Files.write(p, Arrays.copyOf(whole, whole.length - 1));
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("runs past the end"),
                e.getMessage());
    }

    @Test
    void aHeaderAboveTheCapIsRefusedEvenWhenTheFileIsThatLarge() throws IOException {
        // A sparse file makes the 150 MB claim cheap; the header is refused before it is read.
        Path big = dir.resolve("sparse.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(200_000_000L);
            byte[] len = new byte[8];
            ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).putLong(150_000_000L);
            f.write(len);
        }
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(big));
        assertTrue(e.getMessage().contains("says 150000000 bytes, more than the 100000000 allowed"), e.getMessage());
    }

    @Test
    void nanAndInfinityAreDataAndLoadAsTheyAre() throws IOException {
        byte[] data = new byte[8];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).putFloat(Float.NEGATIVE_INFINITY);
        Tensor w = Safetensors.read(file("{" + entry("w", "F32", "[2]", 0, 8) + "}", data), "nan").tensor("w");
        assertTrue(Float.isNaN(w.floats()[0]));
        assertEquals(Float.NEGATIVE_INFINITY, w.floats()[1]);
    }
}
