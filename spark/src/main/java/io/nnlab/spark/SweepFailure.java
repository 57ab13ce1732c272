package io.nnlab.spark;

/**
 * A run that threw on every attempt Spark gave it: where it was in the sweep and what it threw.
 *
 * @param target     the tutorial result or training function
 * @param point      the grid point's key ({@link Point#key()}; empty without a grid)
 * @param seed       the run's seed
 * @param attempts   how many times it was tried
 * @param host       where its last attempt ran
 * @param exception  the exception's class
 * @param message    the exception's message
 * @param stackTrace the stack trace, causes included
 */
public record SweepFailure(String target, String point, long seed, int attempts, String host,
                           String exception, String message, String stackTrace) {

    @Override
    public String toString() {
        return target + (point.isEmpty() ? "" : " {" + point + "}") + " seed " + seed + ": " + exception
                + (message == null ? "" : ": " + message) + " (" + attempts + (attempts == 1 ? " attempt" : " attempts")
                + ", on " + host + ")";
    }
}
