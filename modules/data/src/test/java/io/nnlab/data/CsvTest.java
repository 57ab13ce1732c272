package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir Path tmp;

    private Path file(String name, String text) throws Exception {
        return TestSupport.write(tmp, name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsNumbersAndTextColumns() throws Exception {
        Path p = file("t.csv", "a,b,name,c\n1,2.5,x,-3e2\n\n4,5,\"y, \"\"quoted\"\"\",6\r\n");
        Csv csv = Csv.read(p, true, DType.FLOAT64, 2);
        assertEquals(List.of("a", "b", "name", "c"), csv.header());
        assertEquals(2, csv.rows());
        assertEquals(4, csv.columns());
        assertArrayEquals(new double[] {1, 2.5, -300, 4, 5, 6}, csv.numbers().doubles());
        assertArrayEquals(new double[] {-300, 1, 6, 4}, csv.numbers(3, 0).doubles());
        assertEquals(List.of("x", "y, \"quoted\""), csv.text(2));
        assertArrayEquals(new int[] {1, 0}, csv.codes(2, List.of("y, \"quoted\"", "x")));
    }

    @Test
    void readsNumpyStyleSpecialValuesWhenAskedToKeepThem() throws Exception {
        Csv csv = Csv.parse("nan, inf ,-inf,+1.,.5,NaN,-Infinity,1e39\n", "s", false, DType.FLOAT32, Csv.NonFinite.KEEP);
        float[] f = csv.numbers().floats();
        assertTrue(Float.isNaN(f[0]));
        assertEquals(Float.POSITIVE_INFINITY, f[1]);
        assertEquals(Float.NEGATIVE_INFINITY, f[2]);
        assertEquals(1f, f[3]);
        assertEquals(0.5f, f[4]);
        assertTrue(Float.isNaN(f[5]));
        assertEquals(Float.NEGATIVE_INFINITY, f[6]);
        assertEquals(Float.POSITIVE_INFINITY, f[7], "beyond float32's range, as numpy's float32 cast");
    }

    @Test
    void nonFiniteCellsAreRefusedNamingTheLineAndColumn() throws Exception {
        String[][] cases = {
                {"nan", "'nan'"}, {" inf ", "'inf'"}, {"-Infinity", "'-Infinity'"}, {"NaN", "'NaN'"},
                {"1e999", "'1e999', beyond the range of float64 (largest ±1.7976931348623157E308)"},
                {"-2e308", "'-2e308', beyond the range of float64 (largest ±1.7976931348623157E308)"}};
        for (String[] c : cases) {
            assertEquals("line 3, column 2 (b): expected a finite number, found " + c[1] + "; pass Csv.NonFinite.KEEP"
                    + " to read NaN and infinities", error("a,b\n1,2\n3," + c[0] + "\n", true));
        }
        var e = assertThrows(CorruptDataException.class, () -> Csv.parse("1e39\n", "f32.csv", false, DType.FLOAT32));
        assertEquals("f32.csv: line 1, column 1: expected a finite number, found '1e39', beyond the range of float32"
                + " (largest ±3.4028235E38); pass Csv.NonFinite.KEEP to read NaN and infinities", e.getMessage());
        // The largest finite values, and values that round to zero, are numbers.
        assertEquals(Double.MAX_VALUE, Csv.parse("1.7976931348623157e308\n", "s", false, DType.FLOAT64).numbers().getFlat(0));
        assertEquals(0.0, Csv.parse("1e-999\n", "s", false, DType.FLOAT64).numbers().getFlat(0));
    }

    @Test
    void aFolderIsNotACsvFile() throws Exception {
        var e = assertThrows(java.nio.file.FileSystemException.class, () -> Csv.read(tmp, true, DType.FLOAT32));
        assertEquals(tmp + ": is a folder, not a CSV file", e.getMessage());
    }

    @Test
    void writtenValuesReadBackBitExactly() throws Exception {
        Rng rng = new Rng(7);
        for (DType dtype : DType.values()) {
            Tensor t = Tensor.zeros(dtype, 200, 3);
            for (int i = 0; i < t.size(); i++) {
                double v = switch (i % 6) {
                    case 0 -> rng.nextGaussian() * Math.pow(10, rng.nextInt(60) - 30);
                    case 1 -> Double.longBitsToDouble(rng.nextLong());
                    case 2 -> Float.intBitsToFloat((int) rng.nextLong());
                    default -> rng.nextDouble();
                };
                t.setFlat(i, v);
            }
            t.setFlat(0, Double.POSITIVE_INFINITY);
            t.setFlat(1, -0.0);
            t.setFlat(2, Double.MIN_VALUE);
            Path p = tmp.resolve("rt-" + dtype + ".csv");
            Csv.write(p, List.of("x", "y,z", "w\"q"), t);
            Csv back = Csv.read(p, true, dtype, Csv.NonFinite.KEEP);
            assertEquals(List.of("x", "y,z", "w\"q"), back.header());
            Tensor r = back.numbers();
            assertArrayEquals(t.shape(), r.shape());
            for (int i = 0; i < t.size(); i++) {
                if (Double.isNaN(t.getFlat(i))) {
                    assertTrue(Double.isNaN(r.getFlat(i)));
                } else {
                    assertEquals(Double.doubleToRawLongBits(t.getFlat(i)), Double.doubleToRawLongBits(r.getFlat(i)),
                            dtype + " value " + i + ": " + t.getFlat(i) + " read back as " + r.getFlat(i));
                }
            }
        }
    }

    @Test
    void writesAVectorAsOneColumnWithoutHeader() throws Exception {
        Path p = tmp.resolve("v.csv");
        Csv.write(p, List.of(), Tensor.vector(DType.FLOAT64, 1, 0.1, Double.NaN));
        assertEquals("1.0\n0.1\nnan\n", Files.readString(p));
    }

    @Test
    void numpyReadsWhatNnlabWritesAndNnlabReadsNumpy() throws Exception {
        Tensor t = Tensor.matrix(DType.FLOAT64, new double[][] {{0.1, -2e-300, 3}, {Double.NaN, 1e300, -0.0}});
        Path ours = tmp.resolve("ours.csv");
        Csv.write(ours, List.of("a", "b", "c"), t);
        Path theirs = tmp.resolve("theirs.csv");
        TestSupport.numpy("""
                import sys, numpy as np
                a = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1)
                expect = np.array([[0.1, -2e-300, 3], [np.nan, 1e300, -0.0]])
                assert np.array_equal(a, expect, equal_nan=True), a
                np.savetxt(sys.argv[2], expect * 3, delimiter=',', header='a,b,c', comments='')
                """, ours.toString(), theirs.toString());
        Tensor back = Csv.read(theirs, true, DType.FLOAT64, Csv.NonFinite.KEEP).numbers();
        for (int i = 0; i < t.size(); i++) {
            double want = t.getFlat(i) * 3;
            assertTrue(Double.compare(want, back.getFlat(i)) == 0, i + ": " + want + " vs " + back.getFlat(i));
        }
    }

    private String error(String text, boolean header, int... textColumns) throws Exception {
        Path p = file("bad-" + Integer.toHexString(text.hashCode()) + ".csv", text);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Csv.read(p, header, DType.FLOAT64, textColumns));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage().substring(p.toString().length() + 2);
    }

    @Test
    void aRowWithAMissingColumn() throws Exception {
        assertEquals("line 3: expected 3 columns [a, b, c], found 2", error("a,b,c\n1,2,3\n4,5\n", true));
        assertEquals("line 2: expected 2 columns like the first row, found 3", error("1,2\n3,4,5\n", false));
    }

    @Test
    void aNonNumber() throws Exception {
        assertEquals("line 3, column 2 (b): expected a number, found 'x7'", error("a,b\n1,2\n3,x7\n", true));
        assertEquals("line 1, column 1: expected a number, found an empty cell", error(",1\n", false));
        assertEquals("line 1, column 1: expected a number, found '1.5f'", error("1.5f\n", false));
        assertEquals("line 1, column 1: expected a number, found '0x10'", error("0x10\n", false));
        assertEquals("line 1, column 1: expected a number, found '1e'", error("1e\n", false));
    }

    @Test
    void otherMalformedInput() throws Exception {
        assertEquals("empty file: expected a header row", error("\n\n", true));
        assertEquals("line 2: a quoted field is not closed", error("1\n\"2\n3\n", false, 0));
        assertEquals("line 1, column 1: expected a comma or a line end after a closing quote, found 'x'",
                error("\"a\"x,1\n", false, 0));
        Path p = file("labels.csv", "v,species\n1,cat\n2,dog\n");
        Csv csv = Csv.read(p, true, DType.FLOAT32, 1);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> csv.codes(1, List.of("cat")));
        assertEquals(p + ": row 2, column 2 (species): expected one of [cat], found 'dog'", e.getMessage());
    }
}
