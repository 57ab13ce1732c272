package io.nnlab.tensor.io;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The checksums nnlab keeps in a safetensors header, under the metadata key {@value #KEY}: a JSON
 * object {@code {"header": "<crc>", "tensors": {"<name>": "<crc>", ...}}}, each CRC32C as 8 lower-case
 * hex digits. A tensor's is the CRC32C of its bytes in the data section, as any CRC32C tool computes
 * it (Python's {@code google_crc32c.value(data[begin:end])}). The header's covers what the data's
 * cannot: the other metadata entries and each tensor's dtype and shape, as the CRC32C of the UTF-8 JSON
 * {@code {"metadata": {...}, "tensors": {"<name>": ["F32", [2, 3]], ...}}} with keys sorted and no
 * spaces. Sorted, so that a tool that rewrites the file in another order keeps it valid.
 */
final class Checksums {

    /** The metadata key; nnlab writes it and no caller may. */
    static final String KEY = "nnlab.crc32c";

    private Checksums() {}

    /** The checksum of the header's contents: the other metadata, and each tensor's dtype and shape. */
    static String header(Map<String, String> metadata, Map<String, List<Object>> dtypeAndShape) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("metadata", new TreeMap<>(metadata));
        canonical.put("tensors", new TreeMap<>(dtypeAndShape));
        CRC32C crc = new CRC32C();
        crc.update(Json.write(canonical).getBytes(StandardCharsets.UTF_8));
        return hex(crc);
    }

    static String hex(CRC32C crc) { return HexFormat.of().toHexDigits((int) crc.getValue()); }

    /**
     * Whether a metadata value is shaped like the checksum entry: one found under another key means a
     * damaged key, which would otherwise turn the file into an unverified one.
     */
    static boolean looksLikeEntry(String value) { return value.startsWith("{\"header\":\""); }

    /** The metadata value for these checksums. */
    static String entry(String header, Map<String, String> tensors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("header", header);
        m.put("tensors", tensors);
        return Json.write(m);
    }

    /** The checksums of a file's metadata value, checked to be well-formed and to cover exactly its tensors. */
    record Expected(String header, Map<String, String> tensors) {

        static Expected parse(String file, String value, Set<String> tensorNames) throws SafetensorsFormatException {
            String where = file + ": the metadata entry \"" + KEY + "\"";
            Object parsed;
            try {
                parsed = Json.parse(value);
            } catch (IllegalArgumentException e) {
                throw new SafetensorsFormatException(where + " is not valid JSON: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map<?, ?> m) || !m.keySet().equals(Set.of("header", "tensors"))
                    || !(m.get("header") instanceof String header) || !isCrc(header)
                    || !(m.get("tensors") instanceof Map<?, ?> t)) {
                throw new SafetensorsFormatException(where + " must be {\"header\": \"<crc32c>\", \"tensors\": {...}}"
                        + " with CRCs as 8 hex digits, got " + Safetensors.describe(value));
            }
            Map<String, String> tensors = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : t.entrySet()) {
                if (!(e.getValue() instanceof String crc) || !isCrc(crc)) {
                    throw new SafetensorsFormatException(where + ": the checksum of tensor '"
                            + Safetensors.printable((String) e.getKey()) + "' must be 8 hex digits, got "
                            + Safetensors.describe(e.getValue()));
                }
                tensors.put((String) e.getKey(), crc);
            }
            for (String name : tensorNames) {
                if (!tensors.containsKey(name)) {
                    throw new SafetensorsFormatException(where + " has no checksum for tensor '" + Safetensors.printable(name)
                            + "' (was a tensor added by a tool that kept nnlab's metadata?)");
                }
            }
            for (String name : tensors.keySet()) {
                if (!tensorNames.contains(name)) {
                    throw new SafetensorsFormatException(where + " has a checksum for tensor '" + Safetensors.printable(name)
                            + "', which the file does not hold");
                }
            }
            return new Expected(header, tensors);
        }

        private static boolean isCrc(String s) {
            return s.length() == 8 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        }
    }
}
