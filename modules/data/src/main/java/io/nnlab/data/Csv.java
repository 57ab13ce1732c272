package io.nnlab.data;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.AtomicFile;
import io.nnlab.tensor.io.InputFile;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A table read from a CSV file: numeric columns as one tensor, text columns (class names) as
 * strings; and the writer for the other direction.
 *
 * <p>Reading follows RFC 4180 (comma-separated, fields optionally in double quotes with {@code ""}
 * for a quote, LF or CRLF line ends) and is strict: every row must have as many fields as the
 * first, every numeric cell must be a number, and an error names the file, line, column and the
 * text found. Numbers are parsed straight into the requested dtype, so a float32 written by
 * {@link #write} reads back with the same bits. Blank lines are skipped.
 *
 * <p>Cells that are not finite numbers — {@code nan}, {@code inf}, {@code -inf}, and numbers beyond
 * the dtype's range such as {@code 1e999} (or {@code 1e39} in float32), which would read as infinity —
 * are refused by default, naming the file, line and column: a stray NaN would otherwise surface much
 * later as a NaN loss, far from its cause. {@link NonFinite#KEEP} reads them as numpy does, and
 * {@link #write} writes NaN and infinities as numpy does.
 */
public final class Csv {
    private final String source;
    private final List<String> header;
    private final int rows;
    private final int[] numericColumns;
    private final int[] textColumns;
    private final Tensor numbers;          // [rows, numericColumns.length]
    private final List<List<String>> text; // one list per text column

    private Csv(String source, List<String> header, int rows, int[] numericColumns, int[] textColumns,
                Tensor numbers, List<List<String>> text) {
        this.source = source;
        this.header = header;
        this.rows = rows;
        this.numericColumns = numericColumns;
        this.textColumns = textColumns;
        this.numbers = numbers;
        this.text = text;
    }

    // ------------------------------------------------------------------ reading

    /** What reading does with cells that are not finite numbers. */
    public enum NonFinite {
        /** Refuse them, naming the file, line and column (the default). */
        REJECT,
        /** Read nan as NaN, inf and numbers beyond the dtype's range as ±infinity, as numpy does. */
        KEEP
    }

    /**
     * Reads a CSV file whose columns are all numbers except the given text columns; a cell that is not
     * a finite number is an error.
     *
     * @param header whether the first row names the columns
     */
    public static Csv read(Path file, boolean header, DType dtype, int... textColumns) throws IOException {
        return read(file, header, dtype, NonFinite.REJECT, textColumns);
    }

    /** As {@link #read(Path, boolean, DType, int...)}, with NaN and infinities refused or kept. */
    public static Csv read(Path file, boolean header, DType dtype, NonFinite nonFinite, int... textColumns)
            throws IOException {
        InputFile.requireNotFolder(file, "a CSV file");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), header, dtype, nonFinite, textColumns);
        }
    }

    /** As {@link #read(Path, boolean, DType, int...)}, from a reader; source names it in errors. */
    public static Csv read(Reader reader, String source, boolean header, DType dtype, int... textColumns)
            throws IOException {
        return read(reader, source, header, dtype, NonFinite.REJECT, textColumns);
    }

    /** As {@link #read(Path, boolean, DType, NonFinite, int...)}, from a reader; source names it in errors. */
    public static Csv read(Reader reader, String source, boolean header, DType dtype, NonFinite nonFinite,
                           int... textColumns) throws IOException {
        boolean keep = Objects.requireNonNull(nonFinite, "nonFinite") == NonFinite.KEEP;
        Parser p = new Parser(reader instanceof BufferedReader b ? b : new BufferedReader(reader), source);
        List<String> names = null;
        List<String> first = p.nextRecord();
        if (first == null) {
            throw new CorruptDataException(source, "empty file: expected " + (header ? "a header row" : "at least one row"));
        }
        int cols = first.size();
        for (int c : textColumns) {
            if (c < 0 || c >= cols) {
                throw new IllegalArgumentException(source + ": text column " + c + " does not exist; the first row has "
                        + cols + " columns");
            }
        }
        boolean[] isText = new boolean[cols];
        for (int c : textColumns) isText[c] = true;
        int[] numeric = new int[cols - (int) Arrays.stream(textColumns).distinct().count()];
        int[] texts = Arrays.stream(textColumns).distinct().sorted().toArray();
        for (int c = 0, k = 0; c < cols; c++) if (!isText[c]) numeric[k++] = c;

        if (header) {
            names = List.copyOf(first);
            first = null;
        }
        FloatArrayList floats = dtype == DType.FLOAT32 ? new FloatArrayList() : null;
        DoubleArrayList doubles = dtype == DType.FLOAT64 ? new DoubleArrayList() : null;
        List<List<String>> text = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) text.add(new ArrayList<>());
        int rows = 0;
        for (List<String> rec = first != null ? first : p.nextRecord(); rec != null; rec = p.nextRecord()) {
            if (rec.size() != cols) {
                throw new CorruptDataException(source, "line " + p.recordLine + ": expected " + cols + " columns"
                        + (names != null ? " " + names : " like the first row") + ", found " + rec.size());
            }
            for (int c = 0, t = 0; c < cols; c++) {
                String cell = rec.get(c);
                if (isText[c]) {
                    text.get(t++).add(cell);
                    continue;
                }
                String s = cell.strip();
                if (!isNumber(s)) {
                    throw new CorruptDataException(source, where(p.recordLine, c, names) + ": expected a number, found "
                            + (s.isEmpty() ? "an empty cell" : "'" + abbreviate(s) + "'"));
                }
                double v;
                if (floats != null) {
                    float f = parseFloat(s);
                    floats.add(f);
                    v = f;
                } else {
                    v = parseDouble(s);
                    doubles.add(v);
                }
                if (!keep && !Double.isFinite(v)) throw nonFinite(source, where(p.recordLine, c, names), s, dtype);
            }
            rows++;
        }
        Tensor numbers = floats != null
                ? Tensor.of(floats.toFloatArray(), rows, numeric.length)
                : Tensor.of(doubles.toDoubleArray(), rows, numeric.length);
        return new Csv(source, names, rows, numeric, texts, numbers, text);
    }

    private static String where(int line, int column, List<String> names) {
        return "line " + line + ", column " + (column + 1) + (names != null ? " (" + names.get(column) + ")" : "");
    }

    private static CorruptDataException nonFinite(String source, String where, String cell, DType dtype) {
        String what = special(cell) != null ? "'" + cell + "'"
                : "'" + abbreviate(cell) + "', beyond the range of " + dtype + " (largest ±"
                + (dtype == DType.FLOAT32 ? Float.toString(Float.MAX_VALUE) : Double.toString(Double.MAX_VALUE)) + ")";
        return new CorruptDataException(source, where + ": expected a finite number, found " + what
                + "; pass Csv.NonFinite.KEEP to read NaN and infinities");
    }

    /** Reads CSV text held in a string (handy in tests and for small embedded tables). */
    public static Csv parse(String csv, String source, boolean header, DType dtype, int... textColumns)
            throws IOException {
        return read(new StringReader(csv), source, header, dtype, textColumns);
    }

    /** As {@link #parse(String, String, boolean, DType, int...)}, with NaN and infinities refused or kept. */
    public static Csv parse(String csv, String source, boolean header, DType dtype, NonFinite nonFinite,
                            int... textColumns) throws IOException {
        return read(new StringReader(csv), source, header, dtype, nonFinite, textColumns);
    }

    // ------------------------------------------------------------------ contents

    public String source() { return source; }

    /** The column names, or an empty list if the file had no header. */
    public List<String> header() { return header == null ? List.of() : header; }

    /** The number of data rows (the header not counted). */
    public int rows() { return rows; }

    /** The number of columns, numeric and text. */
    public int columns() { return numericColumns.length + textColumns.length; }

    /** All numeric columns, in file order, as [rows, numeric columns] (not a copy). */
    public Tensor numbers() { return numbers; }

    /** The given numeric columns (file column indices), in the order given, as [rows, k] (a copy). */
    public Tensor numbers(int... columns) {
        int[] pos = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            pos[i] = Arrays.binarySearch(numericColumns, columns[i]);
            if (pos[i] < 0) {
                throw new IllegalArgumentException(source + ": column " + columns[i] + " is not a numeric column; numeric: "
                        + Arrays.toString(numericColumns));
            }
        }
        int k = numericColumns.length;
        Tensor out = Tensor.zeros(numbers.dtype(), rows, columns.length);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < pos.length; i++) out.setFlat(r * pos.length + i, numbers.getFlat(r * k + pos[i]));
        }
        return out;
    }

    /** The cells of a text column (file column index). */
    public List<String> text(int column) {
        int t = Arrays.binarySearch(textColumns, column);
        if (t < 0) {
            throw new IllegalArgumentException(source + ": column " + column + " was not read as text; text columns: "
                    + Arrays.toString(textColumns));
        }
        return List.copyOf(text.get(t));
    }

    /** A text column as class indices into the given class names; an unknown name is an error. */
    public int[] codes(int column, List<String> classes) throws CorruptDataException {
        List<String> cells = text(column);
        int[] out = new int[cells.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = classes.indexOf(cells.get(r));
            if (out[r] < 0) {
                throw new CorruptDataException(source, "row " + (r + 1) + ", column " + (column + 1)
                        + (header != null ? " (" + header.get(column) + ")" : "") + ": expected one of " + classes
                        + ", found '" + abbreviate(cells.get(r)) + "'");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a vector (one column) or a matrix as CSV, with a header row if header is non-empty,
     * atomically ({@link AtomicFile}). Each value is the shortest decimal that reads back to the same
     * float32 or float64.
     */
    public static void write(Path file, List<String> header, Tensor values) throws IOException {
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(w, header, values);
            w.flush();
        });
    }

    /** As {@link #write(Path, List, Tensor)}, to a writer. */
    public static void write(Writer out, List<String> header, Tensor values) throws IOException {
        if (values.rank() != 1 && values.rank() != 2) {
            throw new IllegalArgumentException("Csv.write: expected a vector or a matrix, got shape " + values.shapeString());
        }
        int rows = values.rows();
        int cols = values.rank() == 1 ? 1 : values.dim(1);
        if (header != null && !header.isEmpty()) {
            if (header.size() != cols) {
                throw new IllegalArgumentException("Csv.write: " + header.size() + " column names for " + cols
                        + " columns of shape " + values.shapeString());
            }
            for (int c = 0; c < cols; c++) {
                if (c > 0) out.write(',');
                // A lone empty name would make a blank line, which readers skip.
                out.write(cols == 1 && header.get(c).isEmpty() ? "\"\"" : quote(header.get(c)));
            }
            out.write('\n');
        }
        boolean f32 = values.dtype() == DType.FLOAT32;
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            for (int c = 0; c < cols; c++) {
                if (c > 0) line.append(',');
                double v = values.getFlat(r * cols + c);
                line.append(format(v, f32));
            }
            line.append('\n');
            out.append(line);
        }
    }

    private static String format(double v, boolean f32) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return f32 ? Float.toString((float) v) : Double.toString(v);
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    // ------------------------------------------------------------------ numbers

    /**
     * Decimal numbers as numpy and Python write them — [+-] digits [. digits] [e [+-] digits] —
     * and nan / inf / infinity. Stricter than Double.parseDouble, which would also take "1f",
     * "0x1p3" or "Infinity" only in its own spelling.
     */
    static boolean isNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("nan") || rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) return true;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static double parseDouble(String s) {
        String t = special(s);
        return t == null ? Double.parseDouble(s) : Double.parseDouble(t);
    }

    private static float parseFloat(String s) {
        String t = special(s);
        return t == null ? Float.parseFloat(s) : Float.parseFloat(t);
    }

    /** Java's spelling of nan / inf, or null for an ordinary number. */
    private static String special(String s) {
        char last = s.charAt(s.length() - 1);
        if (isDigit(last) || last == '.') return null;
        boolean neg = s.charAt(0) == '-';
        return s.toLowerCase(java.util.Locale.ROOT).endsWith("nan") ? "NaN" : neg ? "-Infinity" : "Infinity";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    // ------------------------------------------------------------------ RFC 4180

    /** Splits the input into records of fields, tracking the line each record starts on. */
    private static final class Parser {
        private final BufferedReader in;
        private final String source;
        private int line = 1;     // the line the next character is on
        int recordLine;           // the line the last record started on
        private final StringBuilder field = new StringBuilder();

        Parser(BufferedReader in, String source) {
            this.in = in;
            this.source = source;
        }

        /** The next non-blank record, or null at the end of input. */
        List<String> nextRecord() throws IOException {
            while (true) {
                int c = in.read();
                if (c == -1) return null;
                if (c == '\n') { line++; continue; }
                if (c == '\r') continue;
                recordLine = line;
                return record(c);
            }
        }

        private List<String> record(int c) throws IOException {
            List<String> fields = new ArrayList<>();
            field.setLength(0);
            boolean quoted = false;
            boolean afterQuote = false;  // a quoted field has closed; only a comma or line end may follow
            boolean atFieldStart = true;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new CorruptDataException(source, "line " + recordLine + ": a quoted field is not closed");
                    }
                    if (c == '"') {
                        int next = in.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            c = next;
                            continue;
                        }
                    } else {
                        if (c == '\n') line++;
                        field.append((char) c);
                    }
                } else if (c == ',' ) {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                    atFieldStart = true;
                } else if (c == '\n' || c == '\r' || c == -1) {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') in.reset();
                    }
                    if (c != -1) line++;
                    fields.add(field.toString());
                    return fields;
                } else if (afterQuote) {
                    throw new CorruptDataException(source, "line " + recordLine + ", column " + (fields.size() + 1)
                            + ": expected a comma or a line end after a closing quote, found '" + (char) c + "'");
                } else if (c == '"' && atFieldStart) {
                    quoted = true;
                    atFieldStart = false;
                } else {
                    field.append((char) c);
                    atFieldStart = false;
                }
                c = in.read();
            }
        }
    }
}
