package io.nnlab.spark;

import java.io.Serializable;

/**
 * One run of a sweep as Spark ships it: what, where in the grid, which seed, the settings it computes
 * with, and how many attempts Spark gives a task (the last one keeps a failure rather than throwing).
 */
record Task(Target target, Point point, long seed, SweepSettings settings, int maxAttempts) implements Serializable {
}
