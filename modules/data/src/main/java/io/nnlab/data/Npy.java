package io.nnlab.data;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.AtomicFile;
import io.nnlab.tensor.io.InputFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One array in numpy's {@code .npy} format, so arrays move between nnlab and Python
 * ({@code np.save} / {@code np.load}) without loss.
 *
 * <p>The format: the magic {@code \x93NUMPY}, a major and minor version byte, the header length
 * (2 bytes little-endian in version 1.0, 4 in 2.0), then the header — a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and a
 * newline so the data starts on a 64-byte boundary — then the raw values.
 *
 * <p>Supported: little-endian float32, float64, int32 and int64 ({@code <f4 <f8 <i4 <i8}), C order,
 * format versions 1.0 and 2.0. Anything else (big-endian, Fortran order, other dtypes, a data length
 * that disagrees with the shape) is an error naming the file and what was found. The writer produces
 * the same bytes as numpy's {@code np.save}.
 */
public final class Npy {

    /** The element types nnlab reads and writes, by numpy's dtype string. */
    public enum Type {
        FLOAT32("<f4", 4), FLOAT64("<f8", 8), INT32("<i4", 4), INT64("<i8", 8);

        final String descr;
        final int bytes;

        Type(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        /** numpy's dtype string, e.g. {@code <f4}. */
        public String descr() { return descr; }

        static Type ofDescr(String d) {
            for (Type t : values()) if (t.descr.equals(d)) return t;
            return null;
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    // numpy leaves room for the first dimension to grow to 21 digits when appending in place.
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final Type type;
    private final int[] shape;
    private final Object data; // float[], double[], int[] or long[]

    private Npy(Type type, int[] shape, Object data) {
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    // ------------------------------------------------------------------ creating

    /** A float32 or float64 array with the tensor's shape and values (not copied). */
    public static Npy of(Tensor t) {
        return t.dtype() == DType.FLOAT32
                ? new Npy(Type.FLOAT32, t.shape(), t.floats())
                : new Npy(Type.FLOAT64, t.shape(), t.doubles());
    }

    /** An int32 array (values not copied). */
    public static Npy of(int[] values, int... shape) {
        checkLength(values.length, shape);
        return new Npy(Type.INT32, shape.clone(), values);
    }

    /** An int64 array (values not copied). */
    public static Npy of(long[] values, int... shape) {
        checkLength(values.length, shape);
        return new Npy(Type.INT64, shape.clone(), values);
    }

    private static void checkLength(int length, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("Npy.of: negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("Npy.of: shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + length);
        }
    }

    // ------------------------------------------------------------------ contents

    public Type type() { return type; }

    /** A copy of the shape; empty for a 0-d array. */
    public int[] shape() { return shape.clone(); }

    /** The number of values: the product of the shape. */
    public int count() {
        return switch (type) {
            case FLOAT32 -> ((float[]) data).length;
            case FLOAT64 -> ((double[]) data).length;
            case INT32 -> ((int[]) data).length;
            case INT64 -> ((long[]) data).length;
        };
    }

    /** A float array as a tensor of its own dtype (not copied; rank at most 4). */
    public Tensor tensor() {
        return switch (type) {
            case FLOAT32 -> Tensor.of((float[]) data, shape);
            case FLOAT64 -> Tensor.of((double[]) data, shape);
            default -> throw new IllegalStateException("tensor(): this array is " + type.descr
                    + "; use tensor(DType) to convert integers");
        };
    }

    /** The values converted to a tensor of the given dtype (a copy; rank at most 4). */
    public Tensor tensor(DType dtype) {
        if ((type == Type.FLOAT32 && dtype == DType.FLOAT32) || (type == Type.FLOAT64 && dtype == DType.FLOAT64)) {
            return tensor().copy();
        }
        int n = count();
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < n; i++) t.setFlat(i, value(i));
        return t;
    }

    /** Value i (C order) as a double. */
    public double value(int i) {
        return switch (type) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
        };
    }

    /** An int32 array's values, or an int64 array's values checked to fit in an int. */
    public int[] ints() {
        if (type == Type.INT32) return (int[]) data;
        if (type == Type.INT64) {
            long[] l = (long[]) data;
            int[] out = new int[l.length];
            for (int i = 0; i < l.length; i++) {
                if (l[i] != (int) l[i]) {
                    throw new ArithmeticException("ints(): value " + i + " is " + l[i] + ", outside the int range");
                }
                out[i] = (int) l[i];
            }
            return out;
        }
        throw new IllegalStateException("ints(): this array is " + type.descr + ", not integers");
    }

    /** An int64 array's values (not copied). */
    public long[] longs() {
        if (type != Type.INT64) throw new IllegalStateException("longs(): this array is " + type.descr + ", not <i8");
        return (long[]) data;
    }

    // ------------------------------------------------------------------ reading

    /** Reads a .npy file. */
    public static Npy load(Path file) throws IOException {
        InputFile.requireNotFolder(file, "a .npy file");
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Reads a .npy file's float array as a tensor (an integer array is an error). */
    public static Tensor loadTensor(Path file) throws IOException {
        Npy a = load(file);
        if (a.type != Type.FLOAT32 && a.type != Type.FLOAT64) {
            throw new CorruptDataException(file.toString(), "expected a float array ('<f4' or '<f8'), found '"
                    + a.type.descr + "'; use Npy.load(file).tensor(dtype) to convert");
        }
        return a.tensor();
    }

    /** Reads .npy bytes held in memory; source names them in errors. */
    public static Npy read(byte[] bytes, String source) throws CorruptDataException {
        if (bytes.length < 10 || !Arrays.equals(bytes, 0, 6, MAGIC, 0, 6)) {
            throw new CorruptDataException(source, "not a .npy file: expected the magic \\x93NUMPY, found "
                    + describeStart(bytes));
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        if (minor != 0 || (major != 1 && major != 2)) {
            throw new CorruptDataException(source, "format version " + major + "." + minor
                    + " is not supported; expected 1.0 or 2.0");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            prefix = 10;
        } else {
            if (bytes.length < 12) throw new CorruptDataException(source, "truncated: the version 2.0 header length is missing");
            headerLen = bb.getInt(8) & 0xffffffffL;
            prefix = 12;
        }
        if (prefix + headerLen > bytes.length) {
            throw new CorruptDataException(source, "truncated: the header is " + headerLen + " bytes but only "
                    + (bytes.length - prefix) + " follow the length field");
        }
        String header = new String(bytes, prefix, (int) headerLen, StandardCharsets.ISO_8859_1);
        Header h = Header.parse(header, source);

        Type type = Type.ofDescr(h.descr);
        if (type == null) {
            String hint = h.descr.startsWith(">") ? " (big-endian: save with arr.astype(arr.dtype.newbyteorder('<')))" : "";
            throw new CorruptDataException(source, "dtype '" + h.descr + "' is not supported; expected one of"
                    + " '<f4', '<f8', '<i4', '<i8' (float32, float64, int32, int64, little-endian)" + hint);
        }
        if (h.fortranOrder) {
            throw new CorruptDataException(source, "Fortran-order arrays are not supported; save a C-order array"
                    + " (np.ascontiguousarray(arr))");
        }
        long volume = 1; // the product of the non-zero dimensions
        boolean empty = false;
        for (long d : h.shape) {
            if (d == 0) empty = true;
            else volume = Math.min(volume * d, MAX_ARRAY_BYTES + 1); // d < 2^31, so no overflow
        }
        // Zeros aside too: a tensor of shape (huge, huge, 0) cannot be made, though it is empty.
        if (volume * type.bytes > MAX_ARRAY_BYTES) {
            throw new CorruptDataException(source, "shape " + h.shapeString() + " of " + type.descr + " is too large:"
                    + " its product" + (empty ? " (zeros aside)" : "") + " needs more than " + MAX_ARRAY_BYTES
                    + " bytes, more than one Java array can hold");
        }
        long count = empty ? 0 : volume;
        long dataStart = prefix + headerLen;
        long available = bytes.length - dataStart;
        long need = count * type.bytes;
        if (need != available) {
            throw new CorruptDataException(source, "shape " + h.shapeString() + " of " + type.descr + " needs "
                    + need + " data bytes, but the file has " + available
                    + (need > available ? " (truncated?)" : " (trailing bytes?)"));
        }
        int n = (int) count;
        int[] shape = new int[h.shape.length];
        for (int i = 0; i < shape.length; i++) shape[i] = (int) h.shape[i];
        bb.position((int) dataStart);
        Object data = switch (type) {
            case FLOAT32 -> { float[] a = new float[n]; bb.asFloatBuffer().get(a); yield a; }
            case FLOAT64 -> { double[] a = new double[n]; bb.asDoubleBuffer().get(a); yield a; }
            case INT32 -> { int[] a = new int[n]; bb.asIntBuffer().get(a); yield a; }
            case INT64 -> { long[] a = new long[n]; bb.asLongBuffer().get(a); yield a; }
        };
        return new Npy(type, shape, data);
    }

    private static String describeStart(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(6, bytes.length); i++) sb.append(String.format("\\x%02x", bytes[i] & 0xff));
        return bytes.length == 0 ? "an empty file" : sb + (bytes.length < 10 ? " (only " + bytes.length + " bytes)" : "");
    }

    /** The parsed header dict. */
    private record Header(String descr, boolean fortranOrder, long[] shape) {
        String shapeString() {
            return shape.length == 1 ? "(" + shape[0] + ",)"
                    : Arrays.toString(shape).replace('[', '(').replace(']', ')');
        }

        /** Parses exactly the dict numpy writes: three keys, string / bool / tuple-of-ints values. */
        static Header parse(String s, String source) throws CorruptDataException {
            HeaderParser p = new HeaderParser(s, source);
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            p.skipSpace();
            p.expect('{');
            while (true) {
                p.skipSpace();
                if (p.peek() == '}') { p.pos++; break; }
                String key = p.string();
                p.skipSpace();
                p.expect(':');
                p.skipSpace();
                switch (key) {
                    case "descr" -> { if (descr != null) throw p.error("duplicate key 'descr'"); descr = p.string(); }
                    case "fortran_order" -> { if (fortran != null) throw p.error("duplicate key 'fortran_order'"); fortran = p.bool(); }
                    case "shape" -> { if (shape != null) throw p.error("duplicate key 'shape'"); shape = p.tuple(); }
                    default -> throw p.error("unexpected key '" + key + "'; expected 'descr', 'fortran_order' and 'shape'");
                }
                p.skipSpace();
                if (p.peek() == ',') { p.pos++; continue; }
                p.skipSpace();
                if (p.peek() == '}') { p.pos++; break; }
                throw p.error("expected ',' or '}'");
            }
            // numpy pads with spaces (and, in old files, NULs) up to a newline.
            for (int i = p.pos; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\0') throw p.error("unexpected text after the dict");
            }
            if (descr == null || fortran == null || shape == null) {
                throw new CorruptDataException(source, "header " + quoteHeader(s) + " lacks "
                        + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
            }
            return new Header(descr, fortran, shape);
        }
    }

    private static String quoteHeader(String s) {
        String t = s.strip();
        return "\"" + (t.length() > 120 ? t.substring(0, 117) + "..." : t) + "\"";
    }

    /** A cursor over the header text. */
    private static final class HeaderParser {
        final String s;
        final String source;
        int pos;

        HeaderParser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        char peek() { return pos < s.length() ? s.charAt(pos) : '\uffff'; }

        void skipSpace() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        void expect(char c) throws CorruptDataException {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        String string() throws CorruptDataException {
            char q = peek();
            if (q != '\'' && q != '"') throw error("expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw error("unclosed string");
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        boolean bool() throws CorruptDataException {
            if (s.startsWith("True", pos)) { pos += 4; return true; }
            if (s.startsWith("False", pos)) { pos += 5; return false; }
            throw error("expected True or False");
        }

        long[] tuple() throws CorruptDataException {
            expect('(');
            long[] dims = new long[0];
            while (true) {
                skipSpace();
                if (peek() == ')') { pos++; return dims; }
                int start = pos;
                long v = 0;
                while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                    v = v * 10 + (s.charAt(pos) - '0');
                    if (v > Integer.MAX_VALUE) throw error("dimension " + dims.length + " exceeds " + Integer.MAX_VALUE);
                    pos++;
                }
                if (pos == start) throw error("expected a non-negative integer dimension");
                if (peek() == 'L') pos++; // Python 2 longs, as very old numpy wrote them
                if (dims.length == 64) throw error("more than 64 dimensions");
                dims = Arrays.copyOf(dims, dims.length + 1);
                dims[dims.length - 1] = v;
                skipSpace();
                if (peek() == ',') { pos++; continue; }
                skipSpace();
                if (peek() == ')') { pos++; return dims; }
                throw error("expected ',' or ')' in the shape");
            }
        }

        CorruptDataException error(String problem) {
            return new CorruptDataException(source, "bad header at character " + pos + ": " + problem + " in "
                    + quoteHeader(s));
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes a tensor as a .npy file (float32 or float64, format 1.0). */
    public static void save(Path file, Tensor t) throws IOException {
        of(t).save(file);
    }

    /** Writes this array as a .npy file in the format version numpy would choose (1.0 here), atomically. */
    public void save(Path file) throws IOException {
        AtomicFile.write(file, toBytes());
    }

    /** The file's bytes in the version numpy would choose: 1.0 unless the header needs more than 64 KiB. */
    public byte[] toBytes() {
        return toBytes(paddedHeaderLength(1) <= 0xffff ? 1 : 2);
    }

    /** The header's length after padding: the dict, spaces, newline; the data then starts 64-aligned. */
    private int paddedHeaderLength(int major) {
        int prefix = major == 1 ? 10 : 12;
        int hlen = headerText().length() + 1; // + newline
        return hlen + ALIGN - ((prefix + hlen) % ALIGN); // as numpy: a full 64 spaces when already aligned
    }

    /** The file's bytes in format version major.0 (1 or 2). */
    public byte[] toBytes(int major) {
        if (major != 1 && major != 2) throw new IllegalArgumentException("Npy: format version must be 1 or 2, got " + major);
        String dict = headerText();
        int prefix = major == 1 ? 10 : 12;
        int headerLen = paddedHeaderLength(major);
        int pad = headerLen - dict.length() - 1;
        if (major == 1 && headerLen > 0xffff) {
            throw new IllegalArgumentException("Npy: a header of " + headerLen + " bytes needs format version 2.0");
        }
        long total = (long) prefix + headerLen + (long) count() * type.bytes;
        if (total > MAX_ARRAY_BYTES) throw new IllegalArgumentException("Npy: " + total + " bytes exceed one Java array");
        ByteBuffer bb = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) bb.putShort((short) headerLen); else bb.putInt(headerLen);
        bb.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < pad; i++) bb.put((byte) ' ');
        bb.put((byte) '\n');
        switch (type) {
            case FLOAT32 -> bb.asFloatBuffer().put((float[]) data);
            case FLOAT64 -> bb.asDoubleBuffer().put((double[]) data);
            case INT32 -> bb.asIntBuffer().put((int[]) data);
            case INT64 -> bb.asLongBuffer().put((long[]) data);
        }
        return bb.array();
    }

    /** The header dict exactly as numpy writes it, including its spare room to grow dimension 0. */
    private String headerText() {
        StringBuilder shapeRepr = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) shapeRepr.append(", ");
            shapeRepr.append(shape[i]);
        }
        if (shape.length == 1) shapeRepr.append(',');
        shapeRepr.append(')');
        String dict = "{'descr': '" + type.descr + "', 'fortran_order': False, 'shape': " + shapeRepr + ", }";
        if (shape.length > 0) dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        return dict;
    }

    @Override
    public String toString() {
        return "Npy[" + type.descr + ", shape " + Arrays.toString(shape) + "]";
    }
}
