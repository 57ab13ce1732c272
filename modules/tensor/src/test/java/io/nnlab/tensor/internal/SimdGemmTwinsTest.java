package io.nnlab.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * SimdGemm's float64 code is its float32 code with four substitutions, so that a fix made in one is
 * never missing from the other. Edit F32, then rewrite F64 from it: where they part, this test writes
 * the F64 that F32 implies to target/twins/SimdGemm.java, to copy or diff.
 */
class SimdGemmTwinsTest {

    private static final Path SOURCE = Path.of("src/main/java/io/nnlab/tensor/internal/SimdGemm.java");
    private static final String F32_START = "    static final class F32 {";
    private static final String F64_DOC = "    /** float64: the code of {@link F32}";
    private static final String F64_START = "    static final class F64 {";

    /** F64's text from F32's: the substitutions in order. */
    static String toFloat64(String f32) {
        return f32.replace("Float", "Double")              // FloatVector, VectorSpecies<Float>, Float.BYTES
                .replace("float", "double")
                .replace("F32", "F64")
                .replaceAll("(\\d)f\\b", "$1d");           // literals: 0f -> 0d
    }

    @Test
    void float64IsFloat32WithTheTypesSwapped() throws IOException {
        String src = Files.readString(SOURCE);
        int f32 = src.indexOf(F32_START), doc = src.indexOf(F64_DOC), f64 = src.indexOf(F64_START);
        int end = src.lastIndexOf('}');
        assertTrue(f32 >= 0 && f32 < doc && doc < f64 && f64 < end,
                "SimdGemm.java should hold F32, then F64's doc comment, then F64, in that order");
        String expected = toFloat64(src.substring(f32, doc)).stripTrailing();
        String actual = src.substring(f64, end).stripTrailing();
        if (expected.equals(actual)) return;

        Path written = Path.of("target/twins/SimdGemm.java");
        Files.createDirectories(written.getParent());
        Files.writeString(written, src.substring(0, f64) + expected + "\n" + src.substring(end));
        List<String> e = expected.lines().toList(), a = actual.lines().toList();
        int line = 0;
        while (line < Math.min(e.size(), a.size()) && e.get(line).equals(a.get(line))) line++;
        int at = (int) src.substring(0, f64).lines().count() + line + 1;
        fail("SimdGemm.F64 differs from what F32 implies, first at line " + at + " of " + SOURCE + ":\n  expected: "
                + (line < e.size() ? e.get(line) : "(end of F64)") + "\n  found:    "
                + (line < a.size() ? a.get(line) : "(end of F64)") + "\nThe whole file F32 implies is in " + written);
    }

    @Test
    void theSubstitutionsCoverTypesAndLiterals() {
        String f32 = "FloatVector v = FloatVector.broadcast(F32.S, 0f); float[] a; int n = 4 * Float.BYTES; x(2f, 1.5f);";
        String f64 = "DoubleVector v = DoubleVector.broadcast(F64.S, 0d); double[] a; int n = 4 * Double.BYTES; x(2d, 1.5d);";
        assertTrue(toFloat64(f32).equals(f64), toFloat64(f32));
    }
}
