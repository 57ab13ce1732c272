package io.nnlab.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The kernels are the tensor module's own: no main source of another module imports this
 * package, so every other module, the benchmarks included, reaches them through Ops and Backend.
 */
class InternalPackageTest {

    @Test
    void noOtherModuleImportsTheKernels() throws IOException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        assertTrue(Files.exists(root.resolve("modules/tensor/pom.xml")), "the repository root is " + root);
        Path tensor = root.resolve("modules/tensor");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> !p.startsWith(tensor) && !p.toString().contains("/target/"))
                    .filter(p -> read(p).contains("io.nnlab.tensor.internal"))
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
        assertEquals(List.of(), offenders, "main sources outside modules/tensor that use io.nnlab.tensor.internal");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
