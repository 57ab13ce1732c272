package io.nnlab.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.build.GenerateFloat64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The float64 kernels are generated from the float32 ones: what the build compiled must be what
 * the generator writes from today's float32 sources, and the generator's rules must do what its
 * documentation says.
 */
class GeneratedSourcesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path GENERATED = Path.of("target/generated-sources/float64");
    private static final String PACKAGE = "io/nnlab/tensor/internal";

    @Test
    void theCompiledFloat64SourcesAreWhatTheGeneratorWritesToday() throws IOException {
        List<Path> sources = GenerateFloat64.sources(SOURCES.resolve(PACKAGE));
        assertTrue(sources.size() >= 5, "float32 kernel sources found: " + sources);
        Set<String> expected = new TreeSet<>();
        for (Path source : sources) {
            String relative = SOURCES.relativize(source).toString().replace('\\', '/');
            String twin = GenerateFloat64.twinPath(relative);
            expected.add(twin);
            Path generated = GENERATED.resolve(twin);
            assertTrue(Files.exists(generated), generated + " is missing: run ./mvnw generate-sources");
            assertEquals(GenerateFloat64.generate(Files.readString(source), relative), Files.readString(generated),
                    generated + " is not what " + source + " generates: run ./mvnw generate-sources");
        }
        try (Stream<Path> files = Files.list(GENERATED.resolve(PACKAGE))) {
            Set<String> present = files.map(p -> PACKAGE + "/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, present, "generated files without a float32 source");
        }
    }

    @Test
    void typesNamesAndLiteralsBecomeFloat64() {
        assertEquals("DoubleVector v = DoubleVector.broadcast(F64.S, 0d); double[] a; int n = 4 * Double.BYTES; x(2d, 1.5d);",
                GenerateFloat64.substitute(
                        "FloatVector v = FloatVector.broadcast(F32.S, 0f); float[] a; int n = 4 * Float.BYTES; x(2f, 1.5f);"));
        assertEquals("double64 is wrong, float64 is right: SimdDoubleGemm, FLOAT64, 1e-7d, .5d",
                GenerateFloat64.substitute("double64 is wrong, float32 is right: SimdFloatGemm, FLOAT32, 1e-7f, .5f"));
        assertEquals("floating-point stays, as do 0x7fffffff, x0f and i1f", GenerateFloat64.substitute(
                "floating-point stays, as do 0x7fffffff, x0f and i1f"));
        assertEquals("io/nnlab/x/SimdDoubleGemm.java", GenerateFloat64.twinPath("io/nnlab/x/SimdFloatGemm.java"));
    }

    @Test
    void markedLinesAndBlocksTakeTheFloat64TextAsWritten() {
        String source = String.join("\n",
                "class FloatX {",
                "    static final int BIAS = 127;   //#float64: static final long BIAS = 1023L;",
                "    //#if float32",
                "    float series(float r) { return r; }",
                "    //#else float64",
                "    // double series(double r) { return r + r * r / 2; }",
                "    //#end",
                "    float keep(float x) { return x * 2f; }",
                "}");
        String expected = String.join("\n",
                "// generated from src/FloatX.java by GenerateFloat64; do not edit",
                "@SuppressWarnings(\"cast\")",
                "class DoubleX {",
                "    static final long BIAS = 1023L;",
                "    double series(double r) { return r + r * r / 2; }",
                "    double keep(double x) { return x * 2d; }",
                "}") + "\n";
        assertEquals(expected, GenerateFloat64.generate(source, "src/FloatX.java"));
    }

    @Test
    void aMisplacedMarkerNamesItsFileAndLine() {
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> GenerateFloat64.generate("a\n//#if float32\nb\n", "F.java"));
        assertEquals("F.java:2: //#if float32 is never closed by //#end", open.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> GenerateFloat64.generate("//#if float32\n//#else float64\nint x;\n//#end\n", "F.java"));
        assertEquals("F.java:3: a float64 line must be commented out with //", bare.getMessage());
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> GenerateFloat64.generate("x\n//#end\n", "F.java"));
        assertEquals("F.java:2: //#end without //#else float64", stray.getMessage());
        assertFalse(GenerateFloat64.generate("int floats;\n", "F.java").contains("float"));
    }
}
