package io.nnlab.tensor.io;

import java.io.IOException;
import java.io.Serial;

/**
 * A file is not a valid safetensors file, or holds something nnlab cannot represent: the message
 * names the file, the tensor where one is to blame, what was expected and what was found. Nothing
 * has been loaded when it is thrown.
 */
public final class SafetensorsFormatException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(String message) { super(message); }

    public SafetensorsFormatException(String message, Throwable cause) { super(message, cause); }
}
