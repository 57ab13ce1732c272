package io.nnlab.tensor.io;

import static io.nnlab.tensor.io.Hostile.entry;
import static io.nnlab.tensor.io.Hostile.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRC32C checksums nnlab writes into a safetensors header: every changed byte is caught, foreign files still load. */
class ChecksumTest {

    @TempDir
    Path dir;

    private static final Map<String, String> META = Map.of("format", "nnlab", "note", "dropout 0.5");

    @Test
    void aTensorsChecksumIsTheStandardCrc32cOfItsBytes() throws IOException {
        // RFC 3720 (iSCSI), appendix B.4: 32 bytes of zeros give aa 36 91 8a on the wire, 32 bytes of ones 43 ab a8 62.
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("zeros", Tensor.zeros(DType.FLOAT32, 8));
        float[] ones = new float[8];
        java.util.Arrays.fill(ones, Float.intBitsToFloat(-1));
        t.put("ones", Tensor.of(ones, 8));
        Map<?, ?> entry = checksums(Safetensors.toBytes(t, Map.of()));
        assertEquals(Map.of("zeros", "8a9136aa", "ones", "62a8ab43"), entry.get("tensors"));
    }

    @Test
    void everyFlippedDataByteIsCaughtNamingTheTensorAndWhereItsBytesLie() throws IOException {
        Map<String, Tensor> sample = SafetensorsTest.sample();
        byte[] good = Safetensors.toBytes(sample, META);
        Safetensors s = Safetensors.read(good, "good");
        assertTrue(s.verified());
        assertEquals(META, s.metadata(), "the checksum entry is the file's, not the caller's");
        int dataStart = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Path file = dir.resolve("model.safetensors");
        for (int at = dataStart; at < good.length; at++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) mask;
                int offset = at;
                var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bad, "model.safetensors"),
                        () -> "byte " + offset);
                String tensor = tensorAt(sample, at - dataStart);
                assertTrue(e.getMessage().startsWith("model.safetensors: tensor '" + tensor + "' is corrupt: its "),
                        e.getMessage());
                assertTrue(e.getMessage().contains("have CRC32C "), e.getMessage());
                assertTrue(e.getMessage().contains(", but nnlab wrote "), e.getMessage());
            }
        }
        // On disk too, with the file's path and the offsets in the file.
        byte[] bad = good.clone();
        bad[good.length - 1] ^= 1;
        Files.write(file, bad);
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(file));
        Tensor last = sample.get("rank4 ünïcødé \"quoted\"");
        assertTrue(e.getMessage().startsWith(file + ": tensor 'rank4 ünïcødé \"quoted\"' is corrupt: its "
                + last.size() * 4 + " bytes at file offsets [" + (good.length - last.size() * 4) + ", " + good.length
                + ") have CRC32C "), e.getMessage());
    }

    /** The tensor whose bytes hold data offset {@code at}, in the writer's order. */
    private static String tensorAt(Map<String, Tensor> tensors, long at) {
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            offset += (long) e.getValue().size() * e.getValue().dtype().bytes();
            if (at < offset) return e.getKey();
        }
        throw new AssertionError(at);
    }

    @Test
    void aFlippedHeaderByteNeverLoadsSomethingElse() throws IOException {
        Map<String, Tensor> sample = SafetensorsTest.sample();
        byte[] good = Safetensors.toBytes(sample, META);
        int dataStart = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        int loaded = 0;
        for (int at = 8; at < dataStart; at++) {
            for (int mask : new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80}) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) mask;
                Safetensors s = Hostile.readOrNull(bad, "flipped");
                if (s == null) continue;
                // Only the case of a hex digit in a JSON escape (a name's ü is written as backslash, u, 00fc) may
                // change harmlessly: the same string, so the same tensors and metadata, verified.
                assertTrue(mask == 0x20 && "abcdef".indexOf(good[at]) >= 0, "byte " + at + " ^ " + mask + " loaded");
                loaded++;
                assertEquals(META, s.metadata(), "byte " + at);
                assertTrue(s.verified());
                for (Map.Entry<String, Tensor> e : sample.entrySet()) {
                    assertTrue(e.getValue().bitEquals(s.tensor(e.getKey())), e.getKey() + " after flipping byte " + at);
                }
            }
        }
        assertTrue(loaded > 0, "the escapes' case flips load, so the checks above ran");
    }

    @Test
    void aTransposedShapeOrAnEditedMetadataValueIsACorruptHeader() throws IOException {
        Map<String, Tensor> t = Map.of("w", Tensor.zeros(DType.FLOAT32, 2, 3));
        String good = new String(Safetensors.toBytes(t, META), StandardCharsets.ISO_8859_1);
        for (String[] edit : new String[][] {{"[2,3]", "[3,2]"}, {"dropout 0.5", "dropout 0.7"}}) {
            byte[] bad = good.replace(edit[0], edit[1]).getBytes(StandardCharsets.ISO_8859_1);
            var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bad, "m.safetensors"));
            assertTrue(e.getMessage().startsWith("m.safetensors: the header is corrupt: its contents (metadata, tensor"
                    + " names, dtypes and shapes) have CRC32C "), e.getMessage());
            assertTrue(e.getMessage().contains("delete that entry from \"__metadata__\" to read it unverified"),
                    e.getMessage());
        }
    }

    @Test
    void aFileRewrittenInAnotherOrderWithTheSameContentsStillVerifies() throws IOException {
        Map<String, Tensor> sample = SafetensorsTest.sample();
        Safetensors s = Safetensors.read(Safetensors.toBytes(sample, META), "nnlab");
        // As another tool would: tensors reversed, metadata reordered, nnlab's entry kept verbatim.
        String checksums = metadataOf(Safetensors.toBytes(sample, META)).get(Checksums.KEY);
        List<String> names = new ArrayList<>(sample.keySet());
        Collections.reverse(names);
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"note\":\"dropout 0.5\",\"" + Checksums.KEY + "\":"
                + Json.quote(checksums) + ",\"format\":\"nnlab\"}");
        ByteBuffer data = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);
        for (String name : names) {
            Tensor t = s.tensor(name);
            int begin = data.position();
            for (int i = 0; i < t.size(); i++) {
                if (t.dtype() == DType.FLOAT32) data.putFloat(t.floats()[i]);
                else data.putDouble(t.doubles()[i]);
            }
            header.append(',').append(entry(name.replace("\"", "\\\""), t.dtype() == DType.FLOAT32 ? "F32" : "F64",
                    Json.write(t.shape()), begin, data.position()));
        }
        byte[] bytes = file(header.append('}').toString(), java.util.Arrays.copyOf(data.array(), data.position()));
        Safetensors again = Safetensors.read(bytes, "rewritten");
        assertTrue(again.verified());
        assertEquals(names, List.copyOf(again.tensors().keySet()));
    }

    @Test
    void filesWithoutTheEntryLoadUnverified() throws IOException {
        byte[] eight = new byte[8];
        Safetensors s = Safetensors.read(file("{" + entry("w", "F64", "[1]", 0, 8) + "}", eight), "foreign");
        assertFalse(s.verified());
        assertEquals(0.0, s.tensor("w").getFlat(0));
    }

    @Test
    void theEntryIsReservedForNnlab() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of(), Map.of(Checksums.KEY, "{}")));
        assertEquals("safetensors: the metadata key 'nnlab.crc32c' is reserved: nnlab writes the file's checksums there",
                e.getMessage());
    }

    @Test
    void aDamagedEntryKeyIsACorruptHeaderAndTheWriterRefusesLookalikes() throws IOException {
        String good = new String(Safetensors.toBytes(Map.of("w", Tensor.zeros(DType.FLOAT32, 2)), META),
                StandardCharsets.ISO_8859_1);
        byte[] bad = good.replace("\"nnlab.crc32c\"", "\"nnlab.crc32b\"").getBytes(StandardCharsets.ISO_8859_1);
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bad, "m.safetensors"));
        assertEquals("m.safetensors: the header is corrupt: the metadata entry 'nnlab.crc32b' holds nnlab's checksums,"
                + " which belong under \"nnlab.crc32c\"", e.getMessage());
        var w = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of(), Map.of("config", "{\"header\":\"csv\"}")));
        assertTrue(w.getMessage().startsWith("safetensors: the value of metadata key 'config' begins as nnlab's"
                + " checksum entry does"), w.getMessage());
    }

    @Test
    void aMalformedEntryIsRefused() {
        byte[] eight = new byte[8];
        String w = entry("w", "F64", "[1]", 0, 8);
        String[][] cases = {
                {"not json", "the metadata entry \"nnlab.crc32c\" is not valid JSON"},
                {"{\"header\":\"xyz\",\"tensors\":{}}", "must be {\"header\": \"<crc32c>\", \"tensors\": {...}}"},
                {"{\"header\":\"00000000\",\"tensors\":{\"w\":12}}", "the checksum of tensor 'w' must be 8 hex digits, got 12"},
                {"{\"header\":\"00000000\",\"tensors\":{}}", "has no checksum for tensor 'w'"},
                {"{\"header\":\"00000000\",\"tensors\":{\"w\":\"00000000\",\"v\":\"00000000\"}}",
                        "has a checksum for tensor 'v', which the file does not hold"},
        };
        for (String[] c : cases) {
            byte[] bytes = file("{\"__metadata__\":{\"" + Checksums.KEY + "\":" + Json.quote(c[0]) + "}," + w + "}", eight);
            var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bytes, "f"), c[0]);
            assertTrue(e.getMessage().startsWith("f: the metadata entry \"nnlab.crc32c\""), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    private static Map<?, ?> checksums(byte[] file) {
        return (Map<?, ?>) Json.parse(metadataOf(file).get(Checksums.KEY));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> metadataOf(byte[] file) {
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Map<?, ?> header = (Map<?, ?>) Json.parse(new String(file, 8, n, StandardCharsets.UTF_8));
        return (Map<String, String>) header.get("__metadata__");
    }
}
