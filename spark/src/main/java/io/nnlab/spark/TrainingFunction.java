package io.nnlab.spark;

import io.nnlab.tensor.DType;

import java.io.Serializable;
import java.util.Map;

/**
 * A researcher's own run: from a seed and a point of the grid to named metrics, e.g. a model built and
 * trained with nnlab and its final loss and accuracy. Every random choice must come from the seed, so
 * that a run gives the same metrics wherever it runs.
 *
 * <p>Spark sends the function to its executors, so it must be serializable: a lambda whose
 * captured values are serializable, or a class. Its class must be on the executors' classpath (in
 * the jar given to {@code spark-submit}).
 */
@FunctionalInterface
public interface TrainingFunction extends Serializable {
    /**
     * One run.
     *
     * @param seed  the run's seed
     * @param point the hyper-parameters
     * @param dtype the sweep's dtype, to build tensors and models in
     * @return the metrics, by name, in the order the report should show them
     */
    Map<String, Double> train(long seed, Point point, DType dtype) throws Exception;
}
