package io.nnlab.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is whole or absent, and a failed write says which file and why. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aSaveIntoAReadOnlyFolderNamesTheTargetNotTheTemporaryFile() throws IOException {
        Path readOnly = unwritableFolder();
        Path target = readOnly.resolve("model.safetensors");
        var e = assertThrows(AccessDeniedException.class,
                () -> Safetensors.write(target, Map.of("w", Tensor.zeros(DType.FLOAT32, 2)), Map.of()));
        assertEquals(target + ": cannot write it: the folder " + readOnly + " does not let this user create files",
                e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    /** A folder this process cannot create files in: a read-only one, or where permissions do not bind (root), /sys. */
    private Path unwritableFolder() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        try {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions here");
        }
        for (Path candidate : List.of(ro, Path.of("/sys"))) {
            try {
                Files.delete(Files.createFile(candidate.resolve("probe")));
            } catch (AccessDeniedException expected) {
                return candidate;
            } catch (IOException other) {
                // not this one
            }
        }
        assumeTrue(false, "no folder this process cannot write to");
        return null;
    }

    @Test
    void aMissingFolderAndAFolderInTheWayAreNamed() throws IOException {
        Path missing = dir.resolve("nope/model.safetensors");
        var e = assertThrows(NoSuchFileException.class, () -> AtomicFile.write(missing, new byte[1]));
        assertEquals(missing + ": cannot write it: the folder " + dir.resolve("nope") + " does not exist", e.getMessage());
        Path folder = Files.createDirectory(dir.resolve("model.safetensors"));
        var f = assertThrows(FileSystemException.class, () -> AtomicFile.write(folder, new byte[1]));
        assertEquals(folder + ": is a folder; cannot replace it with a file", f.getMessage());
    }

    @Test
    void contentThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("data.bin");
        AtomicFile.write(target, new byte[] {1, 2, 3});
        IOException thrown = new IOException("the content gave up");
        var e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[1 << 20]);
            throw thrown;
        }));
        assertEquals(thrown, e, "the content's own error comes through unchanged");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aTemporaryFileLeftByADeadProcessIsRemovedByTheNextWrite() throws IOException {
        Path target = dir.resolve("ck.safetensors");
        long dead = deadPid();
        Path leftover = Files.write(dir.resolve(".ck.safetensors." + dead + ".123.tmp"), new byte[10]);
        Path alive = Files.write(dir.resolve(".ck.safetensors." + ProcessHandle.current().pid() + ".456.tmp"), new byte[1]);
        Path other = Files.write(dir.resolve(".other.safetensors." + dead + ".1.tmp"), new byte[1]);
        AtomicFile.write(target, new byte[] {7});
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(alive), "a live process may still be writing it");
        assertTrue(Files.exists(other), "another target's");
    }

    /** A pid no process has: one past the highest in use, checked. */
    private static long deadPid() {
        long pid = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1000;
        while (ProcessHandle.of(pid).isPresent()) pid++;
        return pid;
    }

    @Test
    void aReaderRacingSavesAlwaysSeesOneWholeVerifiedVersion() throws Exception {
        Path file = dir.resolve("racing.safetensors");
        Safetensors.write(file, version(0), Map.of("version", "0"));
        int saves = 300;
        Thread writer = new Thread(() -> {
            try {
                for (int v = 1; v <= saves; v++) Safetensors.write(file, version(v), Map.of("version", "" + v));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "writer");
        writer.start();
        int reads = 0, last = 0;
        while (writer.isAlive() || reads == 0) {
            Safetensors s = Safetensors.read(file);
            assertTrue(s.verified());
            int v = Integer.parseInt(s.metadata().get("version"));
            assertTrue(v >= last, "versions never go back");
            assertTrue(version(v).get("w").bitEquals(s.tensor("w")), "version " + v + " whole");
            last = v;
            reads++;
        }
        writer.join();
        assertEquals("" + saves, Safetensors.read(file).metadata().get("version"), "every save landed");
        assertEquals(List.of(file), listing());
    }

    private static Map<String, Tensor> version(int v) {
        return Map.of("w", Tensor.full(DType.FLOAT32, v, 64, 64));
    }

    @Test
    void closingTheStreamEarlyIsHarmless() throws IOException {
        Path target = dir.resolve("x.txt");
        AtomicFile.write(target, out -> {
            out.write('a');
            out.close();
        });
        assertArrayEquals(new byte[] {'a'}, Files.readAllBytes(target));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
