package io.nnlab.data;

import java.io.IOException;

/**
 * Input that cannot be what it claims to be: a bad magic number, dimensions that disagree with the
 * length, a truncated stream, a checksum that does not match, a CSV cell that is not a number.
 *
 * <p>The message always starts with the file (or URL) and says what was expected and what was found,
 * so it can be acted on without a debugger.
 */
public class CorruptDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public CorruptDataException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public CorruptDataException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file path or URL the bad input came from. */
    public String source() { return source; }

    /** What is wrong, without the source. */
    public String problem() { return problem; }
}
