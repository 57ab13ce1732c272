package io.nnlab.tensor.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that it is either whole or absent, even when the process is killed or the machine
 * loses power part-way: every nnlab writer (safetensors, checkpoints, CSV, .npy, downloads) goes
 * through here.
 *
 * <p>The bytes go to a hidden temporary file beside the target ({@code .<name>.<pid>.<n>.tmp}, in the
 * same folder so that the rename stays on one file system), which is flushed to the disk
 * ({@code fsync}), renamed over the target ({@code rename(2)}, atomic on POSIX file systems), and then
 * the folder itself is flushed so that the rename survives a power cut too. A reader sees the old file
 * or the new one, never a mix. If anything fails, or the content throws, the temporary file is
 * removed and the target is left as it was; a temporary file left by a process that was killed is
 * removed by the next write of the same target.
 *
 * <p>Errors name the target, not the temporary file, and say what went wrong: a folder that does not
 * exist or cannot be written to, a target that is a folder, a disk that filled up.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** Writes a file's contents to a stream; exceptions it throws abandon the write. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with what {@code content} writes. The stream is buffered;
     * closing it is allowed and changes nothing.
     */
    public static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        if (Files.isDirectory(file)) {
            throw new FileSystemException(target.toString(), null, "is a folder; cannot replace it with a file");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "cannot write it: the folder " + dir
                    + " does not exist");
        }
        removeLeftovers(dir, name);
        long pid = ProcessHandle.current().pid();
        Path tmp = dir.resolve("." + name + "." + pid + "." + System.nanoTime() + ".tmp");
        FileChannel ch;
        try {
            // Not Files.createTempFile: its owner-only permissions would stay on the renamed file.
            ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(target.toString(), null, "cannot write it: the folder " + dir
                    + " does not let this user create files");
        } catch (IOException e) {
            throw failure(target, "cannot create a file in " + dir, e);
        }
        boolean renamed = false;
        try {
            try (ch) {
                OutputStream out = new BufferedOutputStream(new Sink(target, Channels.newOutputStream(ch)), 1 << 16);
                content.writeTo(out);
                out.flush();
                force(target, ch);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw failure(target, "cannot rename the finished temporary file " + tmp.getFileName()
                        + " over it", e);
            }
            renamed = true;
            syncFolder(target, dir);
        } finally {
            if (!renamed) Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code target} atomically with these bytes. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    private static void force(Path target, FileChannel ch) throws IOException {
        try {
            ch.force(true);
        } catch (IOException e) {
            throw failure(target, "cannot flush it to the disk", e);
        }
    }

    /**
     * Flushes the folder's entry for the renamed file. Where a folder cannot be opened for reading
     * (Windows), the rename's durability rests with the operating system.
     */
    private static void syncFolder(Path target, Path dir) throws IOException {
        FileChannel d;
        try {
            d = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (d) {
            d.force(true);
        } catch (IOException e) {
            throw failure(target, "was renamed into place, but flushing the folder " + dir + " failed", e);
        }
    }

    /** Temporary files of this target whose process is gone: a kill interrupted their write. */
    private static void removeLeftovers(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp");
        })) {
            for (Path p : s) {
                String[] parts = p.getFileName().toString().substring(prefix.length()).split("\\.");
                if (parts.length != 3) continue;
                long pid;
                try {
                    pid = Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(p);
            }
        } catch (AccessDeniedException e) {
            // Reported as such by the write that follows.
        }
    }

    private static IOException failure(Path target, String what, IOException cause) {
        String reason = cause instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : cause.getMessage();
        return new IOException(target + ": " + what + " (" + reason + "); the previous file, if any, is unchanged",
                cause);
    }

    /** Names the target in write errors (a full disk), which otherwise name nothing. */
    private static final class Sink extends OutputStream {
        private final Path target;
        private final OutputStream out;

        Sink(Path target, OutputStream out) {
            this.target = target;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failure(target, "cannot write it", e);
            }
        }

        @Override
        public void close() {
            // The channel closes after the flush to the disk, not when the content closes its stream.
        }
    }
}
