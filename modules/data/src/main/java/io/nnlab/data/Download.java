package io.nnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A checked, atomic download: the file appears at its target complete and with the expected
 * SHA-256, or not at all.
 *
 * <p>The bytes go to a temporary file in the target's own folder (so the final rename stays on one
 * file system), the digest is computed as they arrive, and only a file whose length and digest
 * both match is renamed into place with {@code ATOMIC_MOVE}. On any failure — connection, HTTP
 * status, a transfer cut short, a wrong checksum — the temporary file is deleted, so a reader
 * never sees half a dataset and a retry starts clean.
 */
public final class Download {
    private static final System.Logger LOG = System.getLogger(Download.class.getName());

    /** Connect and read timeouts: a stalled server fails the download instead of hanging it. */
    private static final int TIMEOUT_MS = 60_000;

    private Download() {}

    /**
     * Fetches url to target, checking its SHA-256 (hex, any case). An existing target is replaced
     * only once the new file has been verified.
     */
    public static void fetch(URI url, Path target, String sha256) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A hidden, unique name beside the target; created like any new file, so the umask applies
        // (createTempFile would make it private to this user).
        Path temp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()) + ".part");
        boolean done = false;
        try {
            LOG.log(System.Logger.Level.INFO, "downloading {0} to {1}", url, target);
            String actual = transfer(url, temp);
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new CorruptDataException(url.toString(), "SHA-256 mismatch: expected " + sha256.toLowerCase(Locale.ROOT)
                        + ", got " + actual + "; " + target + " was not written");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }

    /** Copies the body of url into file and returns its SHA-256 in lower-case hex. */
    private static String transfer(URI url, Path file) throws IOException {
        URLConnection conn = url.toURL().openConnection();
        conn.setConnectTimeout(TIMEOUT_MS);
        conn.setReadTimeout(TIMEOUT_MS);
        try {
            if (conn instanceof HttpURLConnection http) {
                int status = http.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) {
                    throw new IOException(url + ": HTTP " + status + " " + http.getResponseMessage());
                }
            }
            long expected = conn.getContentLengthLong();
            MessageDigest sha = sha256();
            long received = 0;
            try (InputStream in = conn.getInputStream();
                 OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) != -1; ) {
                    out.write(buf, 0, n);
                    sha.update(buf, 0, n);
                    received += n;
                }
            } catch (IOException e) {
                throw new IOException(url + ": transfer failed after " + received + " bytes"
                        + (expected >= 0 ? " of " + expected : "") + " (" + e.getMessage() + ")", e);
            }
            // A connection closed early can look like a normal end of stream; the length says otherwise.
            if (expected >= 0 && received != expected) {
                throw new CorruptDataException(url.toString(), "transfer ended after " + received + " of "
                        + expected + " bytes");
            }
            return HexFormat.of().formatHex(sha.digest());
        } finally {
            if (conn instanceof HttpURLConnection http) http.disconnect();
        }
    }

    /** The SHA-256 of a file in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) != -1; ) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
