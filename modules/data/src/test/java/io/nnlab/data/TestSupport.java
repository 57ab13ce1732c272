package io.nnlab.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Shared helpers: where the shared data is, scoped system properties, IDX and gzip bytes, python3. */
final class TestSupport {
    private TestSupport() {}

    /** The shared data root (nnlab.data.dir / NNLAB_DATA); skips the test when MNIST is not there. */
    static Path mnistDir() {
        DataLocation location = DataLocation.current();
        // A data root that is set but does not exist is a mistake (often a relative path taken from
        // the module folder), not an absent dataset: fail so that CI cannot skip the tests unseen.
        if (!location.isDefault() && !Files.isDirectory(location.root())) {
            throw new AssertionError("the data root " + location.root() + " does not exist:\n" + location.describe());
        }
        Path dir = location.dataset(Mnist.FOLDER);
        boolean present = Mnist.FILES.stream().allMatch(f -> Mnist.file(dir, f) != null);
        assumeTrue(present, "MNIST not found in " + dir + "; set NNLAB_DATA or -Dnnlab.data.dir to the shared data");
        return dir;
    }

    interface IoAction { void run() throws Exception; }

    /** Runs action with the given system properties set (null clears one), then restores them. */
    static void withProperties(Map<String, String> props, IoAction action) throws Exception {
        Map<String, String> saved = new HashMap<>();
        for (String k : props.keySet()) saved.put(k, System.getProperty(k));
        try {
            props.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
            action.run();
        } finally {
            saved.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
        }
    }

    /** An IDX file's bytes: magic, the dimensions as written, then the data. */
    static byte[] idx(int typeCode, int[] dims, byte[] data) {
        ByteBuffer bb = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        bb.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (int d : dims) bb.putInt(d);
        bb.put(data);
        return bb.array();
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /**
     * Runs a python3 script that uses numpy; skips the test (an assumption) where python3 or numpy
     * is missing, and fails it if the script fails.
     */
    static String numpy(String script, String... args) throws IOException {
        Run r;
        try {
            r = python(script, args);
        } catch (IOException e) {
            assumeTrue(false, "python3 not available: " + e.getMessage());
            throw e;
        }
        assumeTrue(!r.output().contains("No module named 'numpy'"), "numpy not available to python3");
        if (r.code() != 0) throw new IOException("python3 failed (" + r.code() + "):\n" + r.output());
        return r.output();
    }

    record Run(int code, String output) {}

    /** Runs a python3 script with arguments (sys.argv[1:]) and returns its exit code and output. */
    static Run python(String script, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            return new Run(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
