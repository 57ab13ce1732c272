package io.nnlab.experiments;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of one result at one seed, as a {@link Sweep} aggregates it: its metrics and its own time,
 * without the figures and traces a report draws from the head run. Small and serializable, so that
 * runs made on other threads or in other JVMs can be gathered into one sweep.
 *
 * @param id      the result's id, e.g. {@code "t1.forwardnet-ripple"}
 * @param seed    the seed the run drew every random choice from
 * @param dtype   the dtype it computed in ({@code "float32"}, {@code "float64"})
 * @param wallMs  its elapsed time in milliseconds, from the start of its computation to the end; where
 *                runs overlap on a pool this includes waiting for a core while the others ran
 * @param metrics its metrics by name, in the experiment's order (unmodifiable)
 */
public record Run(String id, long seed, String dtype, double wallMs, Map<String, Double> metrics)
        implements Serializable {

    public Run {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metric's value; an error naming the run and the metrics it has when there is none by that name. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException(id + " seed " + seed + ": no metric '" + name + "'; has " + metrics.keySet());
        }
        return v;
    }
}
