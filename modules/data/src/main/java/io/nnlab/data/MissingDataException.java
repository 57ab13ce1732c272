package io.nnlab.data;

import java.io.IOException;

/**
 * A dataset that is not where nnlab looked for it. The message lists every place looked and how
 * to provide the files, because the person reading it is usually setting up a new machine.
 */
public class MissingDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public MissingDataException(String message) {
        super(message);
    }
}
