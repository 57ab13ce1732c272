package io.nnlab.nn;

import java.io.Serial;
import java.util.ConcurrentModificationException;

/**
 * Two threads used one model, loss or optimiser at the same time; see {@link UseGuard}. The message
 * names the object, and each use's thread and operation. The use that fails has changed nothing; the
 * other goes on undisturbed.
 */
public final class ConcurrentUseException extends ConcurrentModificationException {
    @Serial
    private static final long serialVersionUID = 1L;

    ConcurrentUseException(String message) { super(message); }
}
