package io.nnlab.tensor.io;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Named tensors in the safetensors format, as Hugging Face's {@code safetensors} reads and writes
 * them: an 8-byte little-endian header length N, N bytes of a JSON object mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets into the data that follows) and
 * an optional {@code "__metadata__"} object of strings, then the raw little-endian data.
 *
 * <pre>{@code
 * Safetensors.write(path, Map.of("w", w), Map.of("note", "trained 3 epochs"));
 * Tensor w = Safetensors.read(path).tensor("w");
 * }</pre>
 *
 * <p>nnlab holds F32 and F64 tensors of rank 0 to {@link Tensor#MAX_RANK}. Reading checks everything
 * before it trusts it, and allocates tensor memory only once the whole header has passed: the header
 * length against the file size and a cap of {@link #MAX_HEADER_BYTES} (as the reference
 * implementation does), the header as strict UTF-8 JSON without duplicate keys, each tensor's dtype,
 * shape and offsets, that each tensor's byte length is its element count times its dtype size, and
 * that the tensors tile the data section exactly, without overlaps or holes, as the format requires.
 * A file that fails any check raises a {@link SafetensorsFormatException} naming the file, the
 * tensor and what was expected. Values are not judged: NaN and infinities load as they are.
 *
 * <p>Files nnlab writes carry checksums, and reading verifies them: a CRC32C of each tensor's bytes
 * and one of the header's contents (the other metadata, each tensor's dtype and shape), in the
 * metadata entry {@code "nnlab.crc32c"}. A byte that changed on the disk or in a copy then fails the
 * read, naming the tensor (or the header), where its bytes lie and both checksums, instead of loading
 * weights that are slightly off. CRC32C (Castagnoli; iSCSI, ext4, Btrfs and cloud storage use it to
 * catch accidental corruption) detects every error burst of up to 32 bits and all but one in 2^32 of
 * the rest, and runs at memory speed on the CPU's CRC instructions. It is no defence against a
 * deliberate change, which can rewrite the checksum too; neither would a cryptographic hash stored
 * beside the data be. Files without the entry (from other tools) are read as before, unverified, and
 * {@link #verified()} says which was the case. The entry is the file's, not the caller's: {@link
 * #metadata()} leaves it out, and {@link #write} refuses it.
 *
 * <p>Writing is atomic ({@link AtomicFile}): the bytes go to a temporary file in the target's folder,
 * which is flushed to the disk and renamed over the target, so a reader, or a run resumed after a
 * crash, never sees half a file.
 */
public final class Safetensors {

    /** The largest header accepted, in bytes: the reference implementation's limit. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private static final String METADATA = "__metadata__";
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    /** Dtypes of the format that nnlab does not hold (named so the error says "unsupported", not "unknown"). */
    private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32",
            "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");
    private static final int CHUNK = 1 << 16;  // elements converted per buffer when writing or reading

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final boolean verified;

    private Safetensors(Map<String, Tensor> tensors, Map<String, String> metadata, boolean verified) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.verified = verified;
    }

    /** The tensors, in the order of the file's header. */
    public Map<String, Tensor> tensors() { return tensors; }

    /** The header's {@code __metadata__} (empty when it has none), without nnlab's checksum entry. */
    public Map<String, String> metadata() { return metadata; }

    /** Whether the file carried nnlab's checksums (and so passed them); false for files from other tools. */
    public boolean verified() { return verified; }

    /** The tensor of this name; an error lists the names there are. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("safetensors: no tensor named '" + name + "'; the file has "
                    + tensors.keySet());
        }
        return t;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes the tensors, in the map's iteration order, the metadata and their checksums to {@code file},
     * atomically (see {@link AtomicFile}).
     *
     * @throws IllegalArgumentException for a name or metadata key that is null, "__metadata__" or the
     *                                  checksum entry's, or a metadata value that begins as the checksum
     *                                  entry does (reading would take it for a damaged checksum entry)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFile.write(file, out -> writeTo(Channels.newChannel(out), header, tensors));
    }

    /** The bytes {@link #write} would write. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(out), header, tensors);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The length prefix and the JSON header, padded with spaces to a multiple of 8 bytes as the reference does. */
    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            Objects.requireNonNull(e.getKey(), "metadata key");
            Objects.requireNonNull(e.getValue(), () -> "metadata value of " + e.getKey());
            if (e.getKey().equals(Checksums.KEY)) {
                throw new IllegalArgumentException("safetensors: the metadata key '" + Checksums.KEY
                        + "' is reserved: nnlab writes the file's checksums there");
            }
            if (Checksums.looksLikeEntry(e.getValue())) {
                throw new IllegalArgumentException("safetensors: the value of metadata key '" + e.getKey()
                        + "' begins as nnlab's checksum entry does ({\"header\":\"), which reading would take for a"
                        + " damaged \"" + Checksums.KEY + "\" entry");
            }
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        Map<String, List<Object>> dtypeAndShape = new LinkedHashMap<>();
        Map<String, String> crcs = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: '" + METADATA + "' is reserved and cannot name a tensor");
            }
            Tensor t = Objects.requireNonNull(e.getValue(), () -> "tensor " + name);
            long bytes = (long) t.size() * t.dtype().bytes();
            String dtype = dtypeName(t.dtype());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dtype);
            entry.put("shape", t.shape());
            entry.put("data_offsets", List.of(offset, offset + bytes));
            entries.put(name, entry);
            dtypeAndShape.put(name, List.of(dtype, t.shape()));
            CRC32C crc = new CRC32C();
            for (int from = 0; from < t.size(); from += CHUNK) crc.update(chunk(t, from, buf));
            crcs.put(name, Checksums.hex(crc));
            offset += bytes;
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(Checksums.KEY, Checksums.entry(Checksums.header(metadata, dtypeAndShape), crcs));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(METADATA, meta);
        h.putAll(entries);
        byte[] json = Json.write(h).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = new byte[8 + padded];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, out, 8, json.length);
        Arrays.fill(out, 8 + json.length, out.length, (byte) ' ');
        return out;
    }

    private static void writeTo(WritableByteChannel ch, byte[] header, Map<String, Tensor> tensors) throws IOException {
        writeFully(ch, ByteBuffer.wrap(header));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            for (int from = 0; from < t.size(); from += CHUNK) writeFully(ch, chunk(t, from, buf));
        }
    }

    /** Up to CHUNK elements of t from {@code from} on, as little-endian bytes in buf, ready to read. */
    private static ByteBuffer chunk(Tensor t, int from, ByteBuffer buf) {
        int n = Math.min(CHUNK, t.size() - from);
        buf.clear();
        if (t.dtype() == DType.FLOAT32) {
            buf.asFloatBuffer().put(t.floats(), from, n);
            buf.limit(n * Float.BYTES);
        } else {
            buf.asDoubleBuffer().put(t.doubles(), from, n);
            buf.limit(n * Double.BYTES);
        }
        return buf;
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    // ---------------------------------------------------------------- reading

    /** Reads and checks a whole file; see the class comment for what is checked. */
    public static Safetensors read(Path file) throws IOException {
        InputFile.requireNotFolder(file, "a safetensors file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return read(new Source(file.toString(), size) {
                @Override
                void read(long position, ByteBuffer into) throws IOException {
                    while (into.hasRemaining()) {
                        int n;
                        try {
                            n = ch.read(into, position + into.position());
                        } catch (IOException e) {
                            throw new IOException(name + ": cannot read byte " + (position + into.position()) + " ("
                                    + e.getMessage() + ")", e);
                        }
                        if (n < 0) {
                            throw new SafetensorsFormatException(name + ": ended at byte " + (position + into.position())
                                    + " of the " + size + " it had when opened (was it changed while being read?)");
                        }
                    }
                }
            });
        }
    }

    /** Reads and checks a file's bytes; {@code source} names them in errors. */
    public static Safetensors read(byte[] bytes, String source) throws SafetensorsFormatException {
        try {
            return read(new Source(source, bytes.length) {
                @Override
                void read(long position, ByteBuffer into) {
                    into.put(bytes, (int) position, into.remaining());
                }
            });
        } catch (SafetensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("reading bytes in memory does not fail", e);
        }
    }

    /** Where the bytes come from: a file, or an array. */
    private abstract static class Source {
        final String name;
        final long size;

        Source(String name, long size) {
            this.name = name;
            this.size = size;
        }

        /** Fills {@code into} from {@code position} on; callers stay within {@link #size}. */
        abstract void read(long position, ByteBuffer into) throws IOException;
    }

    /** One tensor's header entry, checked. */
    private record Entry(String name, DType dtype, int[] shape, int size, long begin, long end) {}

    private static Safetensors read(Source src) throws IOException {
        String file = src.name;
        if (src.size < 8) {
            throw new SafetensorsFormatException(file + ": is " + src.size + " bytes long, shorter than the 8-byte"
                    + " header length that starts a safetensors file");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.read(0, lengthBytes);
        long n = lengthBytes.getLong(0);
        long available = src.size - 8;
        if (Long.compareUnsigned(n, available) > 0) {
            throw new SafetensorsFormatException(file + ": the header length says " + Long.toUnsignedString(n)
                    + " bytes, but only " + available + " bytes follow it (truncated, or not a safetensors file)");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file + ": the header length says " + n + " bytes, more than the "
                    + MAX_HEADER_BYTES + " allowed");
        }
        if (n < 2) {
            throw new SafetensorsFormatException(file + ": the header length is " + n
                    + " bytes; a header is a JSON object, at least '{}'");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        src.read(8, headerBytes);
        headerBytes.flip();
        Map<String, Object> header = parseHeader(file, headerBytes);
        long dataStart = 8 + n;
        long dataLength = src.size - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                readMetadata(file, e.getValue(), metadata);
            } else {
                entries.put(e.getKey(), entry(file, e.getKey(), e.getValue()));
            }
        }
        checkTiling(file, List.copyOf(entries.values()), dataLength);
        String checksums = metadata.remove(Checksums.KEY);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (Checksums.looksLikeEntry(e.getValue())) {
                throw new SafetensorsFormatException(file + ": the header is corrupt: the metadata entry '"
                        + printable(e.getKey()) + "' holds nnlab's checksums, which belong under \"" + Checksums.KEY + "\"");
            }
        }
        Checksums.Expected expected = checksums == null ? null
                : Checksums.Expected.parse(file, checksums, entries.keySet());
        if (expected != null) checkHeader(file, metadata, entries, expected.header());

        // Everything is checked: only now is tensor memory allocated.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            tensors.put(e.name, readTensor(src, dataStart, e, expected == null ? null : expected.tensors().get(e.name)));
        }
        return new Safetensors(tensors, metadata, expected != null);
    }

    private static void checkHeader(String file, Map<String, String> metadata, Map<String, Entry> entries,
                                    String expected) throws SafetensorsFormatException {
        Map<String, List<Object>> dtypeAndShape = new LinkedHashMap<>();
        for (Entry e : entries.values()) dtypeAndShape.put(e.name, List.of(dtypeName(e.dtype), e.shape));
        String actual = Checksums.header(metadata, dtypeAndShape);
        if (!actual.equals(expected)) {
            throw new SafetensorsFormatException(file + ": the header is corrupt: its contents (metadata, tensor names,"
                    + " dtypes and shapes) have CRC32C " + actual + ", but nnlab wrote " + expected + " in \""
                    + Checksums.KEY + "\"" + REWRITTEN);
        }
    }

    /** What to do when another tool changed the file on purpose and kept nnlab's checksums. */
    private static final String REWRITTEN = "; if another tool rewrote the file on purpose and kept nnlab's metadata,"
            + " delete that entry from \"" + METADATA + "\" to read it unverified";

    private static Map<String, Object> parseHeader(String file, ByteBuffer bytes) throws SafetensorsFormatException {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
        } catch (CharacterCodingException e) {
            // The decoder stops at the first bad sequence, so the buffer's position is where it starts.
            throw new SafetensorsFormatException(file + ": the header is not valid UTF-8: a malformed sequence at"
                    + " header byte " + bytes.position(), e);
        }
        String text = chars.toString();
        if (!text.startsWith("{")) {
            throw new SafetensorsFormatException(file + ": the header must start with '{' (a JSON object), found '"
                    + printable(text.substring(0, Math.min(8, text.length()))) + "'");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(file + ": the header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new SafetensorsFormatException(file + ": the header must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) map;
        return m;
    }

    private static void readMetadata(String file, Object value, Map<String, String> into)
            throws SafetensorsFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafetensorsFormatException(file + ": '" + METADATA + "' must be an object of strings, got "
                    + describe(value));
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafetensorsFormatException(file + ": '" + METADATA + "' entry '" + printable((String) e.getKey())
                        + "' must be a string, got " + describe(e.getValue()));
            }
            into.put((String) e.getKey(), s);
        }
    }

    private static Entry entry(String file, String name, Object value) throws SafetensorsFormatException {
        String where = file + ": tensor '" + printable(name) + "'";
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafetensorsFormatException(where + ": expected an object with dtype, shape and data_offsets, got "
                    + describe(value));
        }
        if (!map.keySet().equals(ENTRY_KEYS)) {
            throw new SafetensorsFormatException(where + ": expected exactly the keys " + List.of("dtype", "shape",
                    "data_offsets") + ", got " + map.keySet());
        }
        if (!(map.get("dtype") instanceof String dtypeName)) {
            throw new SafetensorsFormatException(where + ": dtype must be a string, got " + describe(map.get("dtype")));
        }
        DType dtype = switch (dtypeName) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            default -> throw new SafetensorsFormatException(where + ": " + (OTHER_DTYPES.contains(dtypeName)
                    ? "unsupported dtype " + dtypeName + "; nnlab reads F32 and F64 (convert it, e.g. with numpy's astype)"
                    : "unknown dtype '" + printable(dtypeName) + "'; expected F32 or F64"));
        };
        long[] shapeLong = naturals(where, "shape", map.get("shape"), -1);
        if (shapeLong.length > Tensor.MAX_RANK) {
            throw new SafetensorsFormatException(where + ": has rank " + shapeLong.length + " (shape "
                    + Arrays.toString(shapeLong) + "); nnlab tensors have rank 0 to " + Tensor.MAX_RANK);
        }
        int[] shape = new int[shapeLong.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            count = Math.multiplyHigh(count, shapeLong[i]) != 0 ? Long.MAX_VALUE : count * shapeLong[i];
            if (count > Integer.MAX_VALUE - 8 || shapeLong[i] > Integer.MAX_VALUE) {
                throw new SafetensorsFormatException(where + ": shape " + Arrays.toString(shapeLong)
                        + " has more elements than a Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
            }
            shape[i] = (int) shapeLong[i];
        }
        long[] offsets = naturals(where, "data_offsets", map.get("data_offsets"), 2);
        long begin = offsets[0], end = offsets[1];
        if (begin > end) {
            throw new SafetensorsFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] must not end before they begin");
        }
        long expected = count * dtype.bytes();
        if (end - begin != expected) {
            throw new SafetensorsFormatException(where + ": shape " + Arrays.toString(shape) + " of " + dtypeName
                    + " needs " + expected + " bytes, but data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin));
        }
        return new Entry(name, dtype, shape, (int) count, begin, end);
    }

    /** A JSON array of non-negative integers; {@code length} -1 for any length. */
    private static long[] naturals(String where, String key, Object value, int length)
            throws SafetensorsFormatException {
        String expected = (length < 0 ? "" : length + " ") + "non-negative integers";
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafetensorsFormatException(where + ": " + key + " must be an array of " + expected + ", got "
                    + describe(value));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new SafetensorsFormatException(where + ": " + key + " must be an array of " + expected
                        + ", got " + describe(value));
            }
            out[i] = l;
        }
        return out;
    }

    /** The tensors must cover the data section from its first byte to its last, each byte once. */
    private static void checkTiling(String file, List<Entry> entries, long dataLength)
            throws SafetensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long next = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin != next) {
                String what = e.begin < next ? "overlaps " + (previous == null ? "" : "tensor '" + printable(previous.name)
                        + "' ") + "(which ends at " + next + ")"
                        : "leaves a hole: bytes [" + next + ", " + e.begin + ") belong to no tensor";
                throw new SafetensorsFormatException(file + ": tensor '" + printable(e.name) + "' at data_offsets ["
                        + e.begin + ", " + e.end + "] " + what);
            }
            if (e.end > dataLength) {
                throw new SafetensorsFormatException(file + ": tensor '" + printable(e.name) + "' at data_offsets ["
                        + e.begin + ", " + e.end + "] runs past the end of the data section (" + dataLength
                        + " bytes; truncated file?)");
            }
            next = e.end;
            previous = e;
        }
        if (next != dataLength) {
            throw new SafetensorsFormatException(file + ": the data section is " + dataLength + " bytes but the tensors"
                    + " cover only " + next + " (extra bytes after the last tensor)");
        }
    }

    /** Reads one tensor's data, checking it against {@code expectedCrc} unless that is null. */
    private static Tensor readTensor(Source src, long dataStart, Entry e, String expectedCrc) throws IOException {
        Tensor t = Tensor.zeros(e.dtype, e.shape);
        int bytesPer = e.dtype.bytes();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        for (int from = 0; from < e.size; from += CHUNK) {
            int n = Math.min(CHUNK, e.size - from);
            buf.clear().limit(n * bytesPer);
            src.read(dataStart + e.begin + (long) from * bytesPer, buf);
            buf.flip();
            if (e.dtype == DType.FLOAT32) buf.asFloatBuffer().get(t.floats(), from, n);
            else buf.asDoubleBuffer().get(t.doubles(), from, n);
            crc.update(buf);
        }
        if (expectedCrc != null && !Checksums.hex(crc).equals(expectedCrc)) {
            throw new SafetensorsFormatException(src.name + ": tensor '" + printable(e.name) + "' is corrupt: its "
                    + (e.end - e.begin) + " bytes at file offsets [" + (dataStart + e.begin) + ", " + (dataStart + e.end)
                    + ") have CRC32C " + Checksums.hex(crc) + ", but nnlab wrote " + expectedCrc + REWRITTEN);
        }
        return t;
    }

    /** The format's name of a dtype nnlab holds. */
    private static String dtypeName(DType d) { return d == DType.FLOAT32 ? "F32" : "F64"; }

    /** A value from a file, quoted if a string, cut short and with control characters escaped. */
    static String describe(Object v) {
        if (v == null) return "null";
        String s = v instanceof String str ? "'" + str + "'" : String.valueOf(v);
        return printable(s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }

    /** Names from a file may hold control characters; show them escaped. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", c));
            else sb.appendCodePoint(c);
        });
        return s.codePointCount(0, s.length()) > 80 ? sb + "..." : sb.toString();
    }
}
