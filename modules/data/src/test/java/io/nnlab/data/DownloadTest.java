package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nnlab.tensor.DType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in MNIST download, against a server on loopback that serves the shared data:
 * /good/ serves each file as it is, /swapped/ serves another file under the name (a wrong
 * checksum), /cut/ promises the whole file and closes the connection halfway.
 */
class DownloadTest {
    private static HttpServer server;
    private static Path source;
    private static String base;

    @BeforeAll
    static void serve() throws IOException {
        source = TestSupport.mnistDir();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", ex -> send(ex, read(ex, "/good/"), Integer.MAX_VALUE));
        server.createContext("/swapped/", ex -> send(ex, Files.readAllBytes(source.resolve(Mnist.TEST_LABELS + ".gz")),
                Integer.MAX_VALUE));
        server.createContext("/cut/", ex -> {
            byte[] b = read(ex, "/cut/");
            send(ex, b, b == null ? 0 : b.length / 2);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    private static byte[] read(HttpExchange ex, String prefix) throws IOException {
        String name = ex.getRequestURI().getPath().substring(prefix.length());
        Path p = source.resolve(name);
        return name.contains("/") || !Files.isRegularFile(p) ? null : Files.readAllBytes(p);
    }

    /** Sends the body with its full Content-Length, but only the first `send` bytes of it. */
    private static void send(HttpExchange ex, byte[] body, int send) throws IOException {
        try (ex) {
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, Math.min(send, body.length));
            out.flush();
            // Closing a fixed-length exchange short of its length drops the connection, as a failing network would.
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aGoodFileArrivesCheckedAndComplete(@TempDir Path tmp) throws Exception {
        String name = Mnist.TEST_LABELS + ".gz";
        Path target = tmp.resolve("sub/dir").resolve(name);
        Download.fetch(URI.create(base + "/good/" + name), target, Mnist.SHA256.get(name).toUpperCase());
        assertArrayEquals(Files.readAllBytes(source.resolve(name)), Files.readAllBytes(target));
        assertEquals(List.of(target), listing(target.getParent()), "no temporary file is left");
    }

    @Test
    void aWrongChecksumLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        String name = Mnist.TRAIN_LABELS + ".gz";
        Path target = tmp.resolve(name);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> Download.fetch(URI.create(base + "/swapped/" + name), target, Mnist.SHA256.get(name)));
        assertTrue(e.getMessage().startsWith(base + "/swapped/" + name + ": SHA-256 mismatch: expected "
                + Mnist.SHA256.get(name) + ", got " + Mnist.SHA256.get(Mnist.TEST_LABELS + ".gz")), e.getMessage());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void aBadDownloadDoesNotReplaceAGoodFile(@TempDir Path tmp) throws Exception {
        String name = Mnist.TRAIN_LABELS + ".gz";
        Path target = TestSupport.write(tmp, name, new byte[] {1, 2, 3});
        assertThrows(CorruptDataException.class,
                () -> Download.fetch(URI.create(base + "/swapped/" + name), target, Mnist.SHA256.get(name)));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), listing(tmp));
    }

    @Test
    void aTruncatedTransferLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        String name = Mnist.TEST_IMAGES + ".gz";
        Path target = tmp.resolve(name);
        IOException e = assertThrows(IOException.class,
                () -> Download.fetch(URI.create(base + "/cut/" + name), target, Mnist.SHA256.get(name)));
        assertTrue(e.getMessage().contains(base + "/cut/" + name), e.getMessage());
        assertTrue(e.getMessage().contains("of 1648877"), e.getMessage());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void aMissingFileIsAnHttpError(@TempDir Path tmp) throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> Download.fetch(URI.create(base + "/good/nope.gz"), tmp.resolve("nope.gz"), "00"));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void mnistDownloadsWhatIsMissingWhenAskedTo(@TempDir Path tmp) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(DataLocation.PROPERTY, tmp.toString());
        props.put(DataLocation.DOWNLOAD_PROPERTY, "true");
        props.put(DataLocation.URL_PROPERTY, base + "/good");
        TestSupport.withProperties(props, () -> {
            Mnist m = Mnist.load(DType.FLOAT32);
            assertEquals(60000, m.train().size());
            assertEquals(10000, m.test().size());
        });
        for (String f : Mnist.FILES) {
            assertEquals(Mnist.SHA256.get(f + ".gz"), Download.sha256(tmp.resolve("mnist").resolve(f + ".gz")));
        }
        assertEquals(4, listing(tmp.resolve("mnist")).size());
    }

    @Test
    void aFailedMnistDownloadLeavesNoPartialFiles(@TempDir Path tmp) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(DataLocation.PROPERTY, tmp.toString());
        props.put(DataLocation.DOWNLOAD_PROPERTY, "true");
        props.put(DataLocation.URL_PROPERTY, base + "/cut/");
        TestSupport.withProperties(props, () -> assertThrows(IOException.class, () -> Mnist.load(DType.FLOAT32)));
        assertEquals(List.of(), listing(tmp.resolve("mnist")));
    }
}
