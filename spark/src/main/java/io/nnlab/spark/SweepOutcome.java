package io.nnlab.spark;

import io.nnlab.experiments.Result;

import java.nio.file.Path;
import java.util.List;

/**
 * What a sweep produced.
 *
 * @param results  one result per target and grid point, in the sweep's order: the run with the first
 *                 seed, heading the seed sweep ({@link Result#sweep()}: median and 5-95 % per metric)
 *                 when it ran over more than one seed, as the experiments' in-JVM runner reports it
 * @param failures the runs that threw on every attempt; a point whose every run failed has no result
 * @param resumed  runs found done in the output folder and not run again
 * @param ran      runs computed by this call
 * @param output   the folder holding results.json, REPORT.md, the figures, failures.json and runs/
 */
public record SweepOutcome(List<Result> results, List<SweepFailure> failures, int resumed, int ran, Path output) {
}
