package io.nnlab.data;

import io.nnlab.tensor.io.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A checked, atomic download: the file appears at its target complete and with the expected
 * SHA-256, or not at all.
 *
 * <p>The bytes go to a temporary file in the target's own folder ({@link AtomicFile}), the digest is
 * computed as they arrive, and only a file whose length and digest both match is renamed into place.
 * On any failure — connection, HTTP status, a transfer cut short, a wrong checksum — the temporary
 * file is deleted, so a reader never sees half a dataset and a retry starts clean.
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
        Files.createDirectories(target.toAbsolutePath().getParent());
        LOG.log(System.Logger.Level.INFO, "downloading {0} to {1}", url, target);
        AtomicFile.write(target, out -> {
            String actual = transfer(url, out);
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new CorruptDataException(url.toString(), "SHA-256 mismatch: expected "
                        + sha256.toLowerCase(Locale.ROOT) + ", got " + actual + "; " + target + " was not written");
            }
        });
    }

    /** Copies the body of url to out and returns its SHA-256 in lower-case hex. */
    private static String transfer(URI url, OutputStream out) throws IOException {
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
            try (InputStream in = conn.getInputStream()) {
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
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of what a stream holds from here to its end, in lower-case hex. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) != -1; ) sha.update(buf, 0, n);
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
