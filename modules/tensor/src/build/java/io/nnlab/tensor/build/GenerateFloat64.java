package io.nnlab.tensor.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the float64 kernels from the float32 ones, as the JDK's X-Vector templates and fastutil's
 * type-specialised classes are written once and expanded per type.
 *
 * <p>Every file named {@code *Float*.java} in the given package becomes {@code *Double*.java}:
 * {@code float32}, {@code Float32}, {@code FLOAT32} and {@code F32} turn into their 64-bit names,
 * then {@code Float} into {@code Double} and {@code float} into {@code double} wherever they
 * stand ({@code FloatVector}, {@code Float.MIN_NORMAL}, {@code float[]}; not in "floating"), and a float literal's
 * {@code f} suffix into {@code d}. Where float64 must differ in more than the type (series
 * constants, exponent bits, tolerances), the float32 source says so where it stands:
 * <pre>
 *     private static final int BIAS = 127;        //#float64: private static final long BIAS = 1023;
 *
 *     //#if float32
 *     ... float32 lines ...
 *     //#else float64
 *     // ... float64 lines, each behind "// " ...
 *     //#end
 * </pre>
 * The float64 text is taken as written, without substitutions. Each generated file starts with a
 * line naming its source, and its top-level type allows the redundant {@code (double)} casts that
 * the float32 source's {@code (float)} casts become. A file is rewritten only when its text changes, so an unchanged build
 * compiles nothing again.
 *
 * <p>Run from the tensor module's build (generate-sources) as a source-file program:
 * {@code java GenerateFloat64.java <source root> <output root> <package directory>}.
 */
public final class GenerateFloat64 {

    private static final Pattern FLOAT_LITERAL =
            Pattern.compile("\\b(\\d[\\d_]*\\.?[\\d_]*(?:[eE][+-]?\\d+)?)[fF]\\b");
    /** Float and float as a type or part of a name, but not in "floating" or the float64 just written. */
    private static final Pattern FLOAT_WORD = Pattern.compile("[Ff]loat(?!ing|64)");
    private static final String LINE_MARK = "//#float64:";
    private static final Pattern IF = Pattern.compile("\\s*//#if float32\\s*");
    private static final Pattern ELSE = Pattern.compile("\\s*//#else float64\\s*");
    private static final Pattern END = Pattern.compile("\\s*//#end\\s*");
    private static final Pattern COMMENTED = Pattern.compile("(\\s*)// ?(.*)");
    private static final Pattern TOP_TYPE = Pattern.compile("(public |final |abstract )*(class|interface|record|enum) .*");

    private GenerateFloat64() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: java GenerateFloat64.java <source root> <output root> <package directory>");
        }
        Path sourceRoot = Path.of(args[0]), outputRoot = Path.of(args[1]);
        Set<Path> written = new HashSet<>();
        for (Path source : sources(sourceRoot.resolve(args[2]))) {
            String relative = sourceRoot.relativize(source).toString().replace('\\', '/');
            Path target = outputRoot.resolve(twinPath(relative));
            String text = generate(Files.readString(source, StandardCharsets.UTF_8), relative);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(target, text, StandardCharsets.UTF_8);
            }
            written.add(target);
        }
        // A twin whose float32 source was deleted or renamed would still compile, without a build's clean.
        Path outputDir = outputRoot.resolve(args[2]);
        if (Files.isDirectory(outputDir)) {
            try (Stream<Path> files = Files.list(outputDir)) {
                for (Path stale : files.filter(p -> p.toString().endsWith(".java") && !written.contains(p)).toList()) {
                    Files.delete(stale);
                }
            }
        }
    }

    /** The float32 sources of a package directory, in name order. */
    public static List<Path> sources(Path packageDir) {
        try (Stream<Path> files = Files.list(packageDir)) {
            return files.filter(p -> p.getFileName().toString().matches(".*Float.*\\.java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** io/x/SimdFloatKernels.java to io/x/SimdDoubleKernels.java. */
    public static String twinPath(String relative) {
        int slash = relative.lastIndexOf('/');
        return relative.substring(0, slash + 1) + relative.substring(slash + 1).replace("Float", "Double");
    }

    /**
     * The float64 text of a float32 source.
     *
     * @param name where the source is, for the generated header and for errors
     * @throws IllegalArgumentException for a marker out of place, naming the line
     */
    public static String generate(String source, String name) {
        List<String> out = new ArrayList<>();
        out.add("// generated from " + name + " by GenerateFloat64; do not edit");
        String state = "";   // "", "float32" inside #if, "float64" inside #else
        int opened = 0;
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (IF.matcher(line).matches()) {
                expect(state.isEmpty(), name, i, "//#if float32 inside another block");
                state = "float32";
                opened = i;
            } else if (ELSE.matcher(line).matches()) {
                expect(state.equals("float32"), name, i, "//#else float64 without //#if float32");
                state = "float64";
            } else if (END.matcher(line).matches()) {
                expect(state.equals("float64"), name, i, "//#end without //#else float64");
                state = "";
            } else if (state.equals("float64")) {
                Matcher m = COMMENTED.matcher(line);
                expect(m.matches() && line.stripLeading().startsWith("//"), name, i,
                        "a float64 line must be commented out with //");
                out.add(m.group(1) + m.group(2));
            } else if (state.isEmpty()) {
                int mark = line.indexOf(LINE_MARK);
                if (mark >= 0) {
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    out.add(indent + line.substring(mark + LINE_MARK.length()).strip());
                } else {
                    String twin = substitute(line);
                    if (TOP_TYPE.matcher(twin).matches()) {
                        // The float32 source's (float) casts of double values are (double) casts here.
                        out.add("@SuppressWarnings(\"cast\")");
                    }
                    out.add(twin);
                }
            }
        }
        expect(state.isEmpty(), name, opened, "//#if float32 is never closed by //#end");
        return String.join("\n", out) + "\n";
    }

    /** The type substitutions on one line. */
    public static String substitute(String line) {
        String s = line.replace("float32", "float64").replace("Float32", "Float64").replace("FLOAT32", "FLOAT64")
                .replace("F32", "F64");
        s = FLOAT_WORD.matcher(s).replaceAll(m -> m.group().charAt(0) == 'F' ? "Double" : "double");
        return FLOAT_LITERAL.matcher(s).replaceAll("$1d");
    }

    private static void expect(boolean ok, String name, int line, String what) {
        if (!ok) {
            throw new IllegalArgumentException(name + ":" + (line + 1) + ": " + what);
        }
    }
}
