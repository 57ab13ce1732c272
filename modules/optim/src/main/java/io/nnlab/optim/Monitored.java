package io.nnlab.optim;

import java.util.Locale;

/**
 * A value a callback watches across epochs (EarlyStopping, ReduceLROnPlateau): its name, whether
 * larger is better, and what counts as an improvement.
 */
record Monitored(String name, boolean maximise, double minDelta) {

    /**
     * Resolves the direction (AUTO: names containing "acc" or "auc" are maximised, as Keras decides)
     * and checks that the run logs the value.
     */
    static Monitored of(String who, String name, EarlyStopping.Mode mode, double minDelta, TrainingRun run) {
        if (!run.logNames().contains(name)) {
            throw new IllegalArgumentException(who + ": monitors '" + name + "' but the run logs " + run.logNames()
                    + (name.startsWith("val_") ? " (pass validation data to fit)" : ""));
        }
        boolean maximise = switch (mode) {
            case MIN -> false;
            case MAX -> true;
            case AUTO -> {
                String m = name.toLowerCase(Locale.ROOT);
                yield m.contains("acc") || m.contains("auc");
            }
        };
        return new Monitored(name, maximise, minDelta);
    }

    /** The worst value, where the best so far starts. */
    double worst() { return maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }

    /** Whether value beats reference by more than minDelta. */
    boolean improves(double value, double reference) {
        return maximise ? value - minDelta > reference : value + minDelta < reference;
    }
}
