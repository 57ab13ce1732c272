package io.nnlab.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend's log line in a JVM started without {@code --add-modules jdk.incubator.vector}, as a
 * user's own build starts one when its pom forgets the flag: a multi-line warning naming the fix,
 * unless the user asked for scalar. With the module, one line naming the vectors and the GEMM tile.
 */
class BackendWarningTest {

    /** The child JVM: chooses the backend and prints the choice on stdout. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("backend=" + Backend.current().label());
        }
    }

    private record Run(String stdout, String stderr) {}

    private static Run child(String... properties) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 60 s: " + cmd);
        }
        Run run = new Run(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue(), run.toString());
        return run;
    }

    @Test
    void withoutTheVectorModuleAutoWarnsAndNamesTheFix() throws Exception {
        Run run = child();
        assertEquals("backend=scalar", run.stdout().strip());
        assertTrue(run.stderr().contains("WARNING: nnlab runs on its SCALAR kernels"), run.stderr());
        assertTrue(run.stderr().contains("--add-modules jdk.incubator.vector"), run.stderr());
        assertTrue(run.stderr().contains("-Dnnlab.backend=scalar"), run.stderr());
        assertTrue(run.stderr().lines().count() >= 5, "several lines, hard to miss: " + run.stderr());
    }

    @Test
    void scalarAskedForIsAQuietInfoLine() throws Exception {
        Run run = child("-Dnnlab.backend=scalar");
        assertEquals("backend=scalar", run.stdout().strip());
        assertFalse(run.stderr().contains("WARNING"), run.stderr());
        assertTrue(run.stderr().contains("INFO: nnlab backend: scalar (forced by -Dnnlab.backend)"), run.stderr());
        assertFalse(run.stderr().contains("GEMM register tile"), run.stderr());
    }

    @Test
    void simdNamesItsVectorsAndItsGemmTile() throws Exception {
        Run run = child("--add-modules=jdk.incubator.vector", "-Dnnlab.backend=auto");
        assertEquals("backend=simd", run.stdout().strip());
        int bits = Backend.vectorBits();
        String tile = bits >= 512 ? "6 rows x 4 vectors" : "4 rows x 2 vectors";
        assertTrue(run.stderr().contains("INFO: nnlab backend: simd (auto: " + bits + "-bit vectors ("
                + bits / 32 + " float lanes)); GEMM register tile " + tile), run.stderr());
    }
}
