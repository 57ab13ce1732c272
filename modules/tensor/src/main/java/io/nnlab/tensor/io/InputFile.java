package io.nnlab.tensor.io;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A check every nnlab file reader makes before it opens a path, so that the error names it. */
public final class InputFile {

    private InputFile() {}

    /**
     * Refuses a folder where a file was expected; reading one would fail with a bare "Is a directory"
     * that names no path.
     *
     * @param kind what the file should have been, e.g. "a safetensors file"
     */
    public static void requireNotFolder(Path file, String kind) throws FileSystemException {
        if (Files.isDirectory(file)) throw new FileSystemException(file.toString(), null, "is a folder, not " + kind);
    }
}
