package io.nnlab.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    /** Tensors of both dtypes, ranks 0 to 4, an empty one, and the values rounding likes to lose. */
    static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense/kernel", Tensor.of(new float[]{1.5f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.MIN_VALUE, Float.MAX_VALUE}, 2, 3));
        m.put("dense/bias", Tensor.of(new double[]{Double.MIN_VALUE, -Double.MAX_VALUE, Math.PI, Double.NaN}, 4));
        m.put("scalar", Tensor.scalar(DType.FLOAT64, -7.25));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        m.put("rank4 ünïcødé \"quoted\"", Tensor.normal(DType.FLOAT32, new Rng(3), 0, 1, 2, 3, 1, 5));
        return m;
    }

    @Test
    void roundTripIsBitExactForBothDtypesAndEveryRank() throws IOException {
        Map<String, Tensor> in = sample();
        Map<String, String> meta = Map.of("format", "nnlab", "note", "tab\there, \u00e9, \u2603, \"q\"");
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, in, meta);
        Safetensors out = Safetensors.read(file);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.tensors().keySet()), "header order is kept");
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            assertTrue(e.getValue().bitEquals(out.tensor(e.getKey())), e.getKey());
        }
        assertEquals(meta, out.metadata());
        assertArrayEquals(Files.readAllBytes(file), Safetensors.toBytes(in, meta));
    }

    @Test
    void writesTheLayoutTheSpecificationDescribes() {
        byte[] b = Safetensors.toBytes(Map.of("w", Tensor.of(new float[]{1f, -2f}, 2)), Map.of());
        // 1.0f = 0x3f800000 and -2.0f = 0xc0000000, little-endian
        byte[] data = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0};
        String checksums = "{\"header\":\"" + crc32c("{\"metadata\":{},\"tensors\":{\"w\":[\"F32\",[2]]}}".getBytes(
                StandardCharsets.UTF_8)) + "\",\"tensors\":{\"w\":\"" + crc32c(data) + "\"}}";
        String json = "{\"__metadata__\":{\"nnlab.crc32c\":" + Json.quote(checksums) + "},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(padded, bb.getLong(0));
        assertEquals(json + " ".repeat(padded - json.length()), new String(b, 8, padded, StandardCharsets.UTF_8));
        assertEquals(8 + padded + 8, b.length);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(b, 8 + padded, b.length));
    }

    static String crc32c(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }

    @Test
    void writingReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Files.writeString(file, "old contents");
        Safetensors.write(file, Map.of("a", Tensor.vector(DType.FLOAT64, 1, 2, 3)), Map.of());
        assertEquals(3, Safetensors.read(file).tensor("a").size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writingIntoAMissingFolderFailsAndCreatesNothing() {
        Path file = dir.resolve("missing/w.safetensors");
        assertThrows(IOException.class, () -> Safetensors.write(file, Map.of(), Map.of()));
        assertTrue(Files.notExists(file.getParent()));
    }

    @Test
    void anEmptyFileOfNoTensorsRoundTrips() throws IOException {
        Safetensors s = Safetensors.read(Safetensors.toBytes(Map.of(), Map.of()), "empty");
        assertTrue(s.tensors().isEmpty());
        assertTrue(s.metadata().isEmpty());
    }

    @Test
    void theMetadataKeyCannotNameATensor() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of("__metadata__", Tensor.scalar(DType.FLOAT32, 1)), Map.of()));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void aMissingTensorNameListsTheNamesThereAre() throws IOException {
        Safetensors s = Safetensors.read(Safetensors.toBytes(Map.of("a", Tensor.scalar(DType.FLOAT32, 1)), Map.of()), "x");
        var e = assertThrows(IllegalArgumentException.class, () -> s.tensor("b"));
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
    }

    @Test
    void readsAHeaderAFileWrotePaddedOrNot() throws IOException {
        // The reference writer pads with spaces; a plain json.dumps does not; both are valid.
        byte[] data = new byte[8];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5);
        String json = "{ \"x\" : { \"shape\" : [ ] , \"dtype\" : \"F64\" , \"data_offsets\" : [ 0 , 8 ] } }";
        for (String h : List.of(json, json + "   ")) {
            Safetensors s = Safetensors.read(Hostile.file(h, data), "padded");
            assertEquals(2.5, s.tensor("x").getFlat(0));
        }
    }
}
