package io.nnlab.experiments;

import java.util.List;

/** One of the five tutorials: its id ("t1"), title and experiments, in the tutorial's order. */
public interface Tutorial {
    String id();

    String title();

    List<Experiment> experiments();
}
