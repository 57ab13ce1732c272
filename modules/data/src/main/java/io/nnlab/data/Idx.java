package io.nnlab.data;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.InputFile;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One array read from an IDX file, the format MNIST is distributed in.
 *
 * <p>An IDX file is a 4-byte magic number — two zero bytes, a type code, the number of
 * dimensions — then each dimension as a big-endian 32-bit integer, then the values, big-endian,
 * in C order. MNIST's images are {@code 0x00000803} (unsigned bytes, 3 dimensions) and its labels
 * {@code 0x00000801} (unsigned bytes, 1 dimension).
 *
 * <p>The reader takes the file plain or gzipped (it looks at the first two bytes, not the name)
 * and checks everything before trusting it: the magic number, every dimension, that the data is
 * exactly as long as the dimensions say, and that a gzip stream is complete and matches its CRC32.
 * When the content of a gzip stream looks wrong, the stream is read to its end first, so that a
 * damaged file is reported as a corrupt stream, not as whatever its garbled content resembles. A plain
 * file has no checksum: its damage shows only where it breaks the layout (MNIST's files are checked
 * against their published SHA-256 by {@link Mnist#load(Path, DType)}). Nothing is allocated
 * from a header's word alone: a plain file's size is known, and a gzip stream cannot expand
 * more than about 1032-fold, so a header that promises more than the file can hold is rejected
 * before any buffer is made.
 */
public final class Idx {

    /** The element types IDX defines, by their code in the third byte of the magic number. */
    public enum Type {
        UBYTE(0x08, 1, "unsigned bytes"),
        BYTE(0x09, 1, "signed bytes"),
        SHORT(0x0B, 2, "16-bit integers"),
        INT(0x0C, 4, "32-bit integers"),
        FLOAT(0x0D, 4, "32-bit floats"),
        DOUBLE(0x0E, 8, "64-bit floats");

        final int code;
        final int bytes;
        final String description;

        Type(int code, int bytes, String description) {
            this.code = code;
            this.bytes = bytes;
            this.description = description;
        }

        static Type ofCode(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }

        boolean integral() { return this != FLOAT && this != DOUBLE; }
    }

    // Deflate's best case is about 1032:1; anything promising more is a lie or a truncation.
    private static final long MAX_GZIP_RATIO = 1032;
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final String source;
    private final Type type;
    private final int[] shape;
    private final byte[] data;
    private final ByteBuffer view; // big-endian, as IDX stores values

    private Idx(String source, Type type, int[] shape, byte[] data) {
        this.source = source;
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.view = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    }

    /** The magic number of an array of this type and rank, e.g. 0x00000803 for MNIST images. */
    public static int magic(Type type, int rank) {
        return (type.code << 8) | rank;
    }

    // ------------------------------------------------------------------ reading

    /** Reads a plain or gzipped IDX file of any type and rank. */
    public static Idx read(Path file) throws IOException {
        return read(file, null, -1);
    }

    /**
     * Reads a plain or gzipped IDX file that must hold the given type and rank; anything else is
     * reported as a wrong magic number before the data is read.
     */
    public static Idx read(Path file, Type type, int rank) throws IOException {
        InputFile.requireNotFolder(file, "an IDX file");
        String source = file.toString();
        long size = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) return parse(raw, source, false, size, type, rank);
            // Closed promptly: the inflater holds native memory until then.
            try (InputStream in = gunzip(raw, source)) {
                return parse(in, source, true, size * MAX_GZIP_RATIO + 1024, type, rank);
            }
        }
    }

    /** Reads an IDX array, plain or gzipped, from bytes in memory; source names them in errors. */
    public static Idx read(byte[] bytes, String source) throws IOException {
        return read(bytes, source, null, -1);
    }

    /** As {@link #read(Path, Type, int)}, from bytes in memory. */
    public static Idx read(byte[] bytes, String source, Type type, int rank) throws IOException {
        boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        InputStream raw = new ByteArrayInputStream(bytes);
        if (!gzip) return parse(raw, source, false, bytes.length, type, rank);
        try (InputStream in = gunzip(raw, source)) {
            return parse(in, source, true, bytes.length * MAX_GZIP_RATIO + 1024, type, rank);
        }
    }

    private static InputStream gunzip(InputStream in, String source) throws IOException {
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (EOFException e) {
            throw new CorruptDataException(source, "the gzip header is truncated", e);
        } catch (ZipException e) {
            throw new CorruptDataException(source, "not a valid gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads header and data from in. For a plain stream, limit is its exact length; for a gzip
     * stream, an upper bound on what it can expand to.
     */
    private static Idx parse(InputStream in, String source, boolean gzip, long limit, Type wantType, int wantRank)
            throws IOException {
        try {
            byte[] magicBytes = new byte[4];
            int got = in.readNBytes(magicBytes, 0, 4);
            if (got < 4) {
                throw new CorruptDataException(source, "too short for an IDX file: " + got
                        + " bytes" + (gzip ? " after decompression" : "") + ", expected at least the 4-byte magic number");
            }
            int magic = ByteBuffer.wrap(magicBytes).getInt();
            if (magicBytes[0] != 0 || magicBytes[1] != 0) {
                throw new CorruptDataException(source, String.format(
                        "not an IDX file: magic number 0x%08x should start with two zero bytes%s", magic,
                        wantType == null ? "" : String.format(" (expected 0x%08x)", magic(wantType, wantRank))));
            }
            Type type = Type.ofCode(magicBytes[2] & 0xff);
            int rank = magicBytes[3] & 0xff;
            if (wantType != null && (type != wantType || rank != wantRank)) {
                throw new CorruptDataException(source, String.format(
                        "wrong magic number: expected 0x%08x (%s, %d dimension%s), found 0x%08x (%s, %d dimension%s)",
                        magic(wantType, wantRank), wantType.description, wantRank, wantRank == 1 ? "" : "s",
                        magic, type == null ? "unknown type code" : type.description, rank, rank == 1 ? "" : "s"));
            }
            if (type == null) {
                throw new CorruptDataException(source, String.format(
                        "unknown IDX type code 0x%02x in magic number 0x%08x (known: 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e)",
                        magicBytes[2] & 0xff, magic));
            }
            if (rank == 0) {
                throw new CorruptDataException(source, String.format(
                        "magic number 0x%08x declares 0 dimensions; expected at least 1", magic));
            }

            byte[] dimBytes = new byte[4 * rank];
            got = in.readNBytes(dimBytes, 0, dimBytes.length);
            if (got < dimBytes.length) {
                throw new CorruptDataException(source, "the header ends after " + got / 4 + " of the " + rank
                        + " dimensions its magic number declares");
            }
            ByteBuffer dims = ByteBuffer.wrap(dimBytes);
            int[] shape = new int[rank];
            long volume = 1; // the product of the non-zero dimensions
            boolean empty = false;
            for (int i = 0; i < rank; i++) {
                int d = dims.getInt();
                if (d < 0) {
                    throw new CorruptDataException(source, "dimension " + i + " is " + Integer.toUnsignedString(d)
                            + ", beyond the largest a Java array allows (" + Integer.MAX_VALUE + ")"
                            + " — read as a signed 32-bit integer it is negative (" + d + ")");
                }
                shape[i] = d;
                if (d == 0) empty = true;
                // Stop multiplying once past any real size so the product cannot overflow a long.
                else volume = Math.min(volume * d, MAX_ARRAY_BYTES + 1);
            }
            // Zeros aside too: a tensor of shape [huge, huge, 0] cannot be made, though it is empty.
            if (volume * type.bytes > MAX_ARRAY_BYTES) {
                throw new CorruptDataException(source, "dimensions " + Arrays.toString(shape) + " of " + type.description
                        + " are too large: their product" + (empty ? " (zeros aside)" : "") + " needs more than "
                        + MAX_ARRAY_BYTES + " bytes, more than one Java array can hold");
            }
            long dataBytes = empty ? 0 : volume * type.bytes;
            long headerBytes = 4 + 4L * rank;
            if (!gzip && headerBytes + dataBytes != limit) {
                throw new CorruptDataException(source, "dimensions " + Arrays.toString(shape) + " of " + type.description
                        + " need " + dataBytes + " data bytes after the " + headerBytes + "-byte header, but the file has "
                        + (limit - headerBytes) + (headerBytes + dataBytes > limit ? " (truncated?)" : " (trailing bytes?)"));
            }
            if (gzip && dataBytes > limit) {
                throw new CorruptDataException(source, "dimensions " + Arrays.toString(shape) + " of " + type.description
                        + " need " + dataBytes + " data bytes, more than a gzip file of this size can hold");
            }

            byte[] data = new byte[(int) dataBytes];
            got = in.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw new CorruptDataException(source, "data ends after " + got + " of the " + data.length
                        + " bytes that dimensions " + Arrays.toString(shape) + " of " + type.description + " need"
                        + (gzip ? " (the gzip stream is shorter than its header says)" : ""));
            }
            // Reading to the end also makes GZIPInputStream check the CRC and length in its trailer.
            if (in.read() != -1) {
                throw new CorruptDataException(source, "more data than dimensions " + Arrays.toString(shape)
                        + " of " + type.description + " describe (" + data.length + " bytes)");
            }
            return new Idx(source, type, shape, data);
        } catch (CorruptDataException e) {
            if (gzip) throw blameTheStream(in, source, limit, e);
            throw e;
        } catch (EOFException e) {
            throw new CorruptDataException(source, "the gzip stream ends early: truncated or corrupt (" + e.getMessage()
                    + ")", e);
        } catch (ZipException e) {
            throw new CorruptDataException(source, "corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A gzip stream whose content looked wrong may simply be damaged: its CRC32, checked at its end,
     * says which. Reads on to the end (at most {@code limit} bytes) to find out.
     */
    private static CorruptDataException blameTheStream(InputStream in, String source, long limit,
                                                       CorruptDataException found) {
        try {
            byte[] buf = new byte[1 << 16];
            for (long read = 0; read <= limit; ) {
                int n = in.read(buf);
                if (n < 0) return found;
                read += n;
            }
            return found;
        } catch (EOFException | ZipException e) {
            CorruptDataException corrupt = new CorruptDataException(source, "corrupt gzip stream (" + e.getMessage()
                    + "): the file is damaged; its content did not read right either (" + found.problem() + ")", e);
            corrupt.addSuppressed(found);
            return corrupt;
        } catch (IOException e) {
            found.addSuppressed(e);
            return found;
        }
    }

    // ------------------------------------------------------------------ contents

    public Type type() { return type; }

    /** The magic number this array was read with. */
    public int magic() { return magic(type, shape.length); }

    /** A copy of the dimensions. */
    public int[] shape() { return shape.clone(); }

    /** The number of values: the product of the dimensions. */
    public int count() { return data.length / type.bytes; }

    /** The file or name this array was read from. */
    public String source() { return source; }

    /** Value i (in C order) as a double, whatever the type. */
    public double get(int i) {
        return switch (type) {
            case UBYTE -> data[i] & 0xff;
            case BYTE -> data[i];
            case SHORT -> view.getShort(2 * i);
            case INT -> view.getInt(4 * i);
            case FLOAT -> view.getFloat(4 * i);
            case DOUBLE -> view.getDouble(8 * i);
        };
    }

    /** The values as ints; only for the integer types. */
    public int[] toInts() {
        if (!type.integral()) {
            throw new IllegalStateException(source + ": holds " + type.description + ", not integers");
        }
        int[] out = new int[count()];
        switch (type) {
            case UBYTE -> { for (int i = 0; i < out.length; i++) out[i] = data[i] & 0xff; }
            case BYTE -> { for (int i = 0; i < out.length; i++) out[i] = data[i]; }
            default -> { for (int i = 0; i < out.length; i++) out[i] = (int) get(i); }
        }
        return out;
    }

    /** The values as a tensor of the given dtype and this array's shape (rank at most 4). */
    public Tensor toTensor(DType dtype) {
        int n = count();
        if (dtype == DType.FLOAT32) {
            float[] f = new float[n];
            switch (type) {
                case UBYTE -> { for (int i = 0; i < n; i++) f[i] = data[i] & 0xff; }
                case BYTE -> { for (int i = 0; i < n; i++) f[i] = data[i]; }
                case FLOAT -> view.asFloatBuffer().get(f);
                default -> { for (int i = 0; i < n; i++) f[i] = (float) get(i); }
            }
            return Tensor.of(f, shape);
        }
        double[] d = new double[n];
        switch (type) {
            case UBYTE -> { for (int i = 0; i < n; i++) d[i] = data[i] & 0xff; }
            case BYTE -> { for (int i = 0; i < n; i++) d[i] = data[i]; }
            case DOUBLE -> view.asDoubleBuffer().get(d);
            default -> { for (int i = 0; i < n; i++) d[i] = get(i); }
        }
        return Tensor.of(d, shape);
    }

    @Override
    public String toString() {
        return "Idx[" + source + ", " + type.description + ", shape " + Arrays.toString(shape) + "]";
    }
}
