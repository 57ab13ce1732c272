package io.nnlab.spark;

import io.nnlab.tensor.io.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sweep's finished runs on disk, a file each, written the moment the driver receives it:
 * {@code runs/<target>[/<point>]/seed-<seed>.json}, or {@code seed-<seed>.failed.json} for a run that
 * threw. A file is whole or absent ({@link AtomicFile}), so a sweep killed at any moment is resumed
 * from exactly the runs it finished.
 */
final class RunStore {
    private final Path out;

    RunStore(Path out) { this.out = out; }

    Path file(String target, Point point, long seed, boolean failed) {
        Path dir = out.resolve("runs").resolve(target);
        if (!point.key().isEmpty()) dir = dir.resolve(point.key());
        return dir.resolve("seed-" + seed + (failed ? ".failed" : "") + ".json");
    }

    /**
     * The finished run of this target, point and seed, or null when there is none.
     *
     * @throws IllegalStateException naming the file when it is not a run record of that run
     */
    RunRecord read(String target, Point point, long seed) {
        Path file = file(target, point, seed, false);
        if (!Files.isRegularFile(file)) return null;
        RunRecord r;
        try {
            r = RunRecord.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(file + ": not a readable run record (" + e.getMessage()
                    + "); delete it to run it again", e);
        }
        if (!r.ok() || !r.target().equals(target) || !r.point().equals(point) || r.seed() != seed) {
            throw new IllegalStateException(file + ": holds " + (r.ok() ? "" : "a failed run of ") + r.target() + " "
                    + r.point() + " seed " + r.seed() + ", expected " + target + " " + point + " seed " + seed
                    + "; delete it to run it again");
        }
        return r;
    }

    /** Keeps a finished run; a success replaces the failure an earlier attempt of the sweep left. */
    void write(RunRecord r) {
        try {
            writeAtomically(file(r.target(), r.point(), r.seed(), !r.ok()), r.toJson());
            if (r.ok()) Files.deleteIfExists(file(r.target(), r.point(), r.seed(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("keeping run " + r.target() + " " + r.point() + " seed " + r.seed()
                    + " in " + out + ": " + e.getMessage(), e);
        }
    }

    /** Moves a run computed at another vector width out of the sweep, to {@code other-widths/<bits>/...}. */
    Path moveAside(RunRecord r) throws IOException {
        Path from = file(r.target(), r.point(), r.seed(), false);
        Path to = out.resolve("other-widths").resolve(r.vectorBits() + "-bit").resolve(out.relativize(from));
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** Writes text so that the file is either the whole text or what it was before. */
    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
