package io.nnlab.nn.losses;

import java.io.Serial;

/**
 * A target that a loss cannot use, found at one row of it: a class label out of range, or not an
 * integer. The row is the batch's; the fit loop, which knows where the batch came from, reports it
 * again with the row of the training data ({@link #inData}).
 */
public final class InvalidTargetException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String loss;
    private final int row;
    private final String problem;

    /**
     * @param loss    the loss's name
     * @param row     the row of the target passed to the loss
     * @param problem what is wrong there and what was expected
     */
    public InvalidTargetException(String loss, int row, String problem) {
        this(loss, row, problem, loss + ": row " + row + " of the target: " + problem);
    }

    private InvalidTargetException(String loss, int row, String problem, String message) {
        super(message);
        this.loss = loss;
        this.row = row;
        this.problem = problem;
    }

    /** The row where the target is wrong. */
    public int row() { return row; }

    /** What is wrong at that row and what was expected. */
    public String problem() { return problem; }

    /**
     * The same error at row {@code dataRow} of the data the batch was drawn from; {@code where}
     * names that data and how the batch was drawn, e.g. "y (row 3 of the batch at epoch 1, step 2)".
     */
    public InvalidTargetException inData(int dataRow, String where) {
        InvalidTargetException e = new InvalidTargetException(loss, dataRow, problem,
                loss + ": row " + dataRow + " of " + where + ": " + problem);
        e.initCause(this);
        return e;
    }
}
