package io.nnlab.experiments.t1;

import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Sgd;
import io.nnlab.optim.Trainer;
import io.nnlab.optim.TrainingStopReason;
import io.nnlab.tensor.Tensor;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;

/** The notebook's two training loops: steepest descent and its minibatch SGD. */
final class GradientDescent {
    private GradientDescent() {}

    /**
     * @param initialMse        the first error the notebook prints (before any update for steepest
     *                          descent, after the first epoch for minibatch descent)
     * @param finalMse          the error when the run stopped
     * @param iterations        the notebook's counter i when it stopped
     * @param reachedTolerance  "reached tol" rather than "reached iter"
     * @param trace             the error at every check, the first entry before any update
     */
    record Run(double initialMse, double finalMse, int iterations, boolean reachedTolerance, double[] trace) {}

    /** No descent at all: the start's error, as a run stopped before its first step (the untrained net). */
    static Run none(ForwardNet net, Tensor x, Tensor g) {
        double mse = net.mse(x, g);
        return new Run(mse, mse, 0, false, new double[]{mse});
    }

    /**
     * Full-batch steepest descent, as ForwardNet.train, through nnlab's fit loop: each step first
     * measures the error and gradient, stops if the error changed by less than tol since the last
     * step, and stops once i exceeds maxIterations (so maxIterations + 1 steps at most); else steps
     * θ ← θ − lr·g.
     */
    static Run steepest(ForwardNet net, Tensor x, Tensor g, double learningRate, int maxIterations, double tol) {
        FitOptions options = FitOptions.builder()
                .fullBatch()
                .epochs(maxIterations + 2)
                .lossTolerance(tol)
                .maxIterations(maxIterations + 1)
                .recordIterations(true)
                .build();
        History h = new Trainer(net.model(), net.loss(), new Sgd(learningRate)).fit(x, g, options);
        double[] trace = h.iterationLoss();
        return new Run(trace[0], trace[trace.length - 1], (int) h.iterations(),
                h.stopReason() == TrainingStopReason.LOSS_TOLERANCE, trace);
    }

    /**
     * Minibatch descent, as ForwardNetSGD.train. Its bookkeeping is the notebook's own, so the loop is
     * written out around nnlab's model and {@link Sgd}: batches start every batchSize samples but end
     * at n − 1 at most, so the last sample is never trained on (range(0, n − 1) and
     * min(start + batchSize, n − 1)); they are never shuffled; after each epoch the error over all n
     * samples is measured and compared with the last epoch's, and the run stops when it changed by
     * less than tol, or once i exceeds maxIterations.
     */
    static Run minibatch(ForwardNet net, Tensor x, Tensor g, int batchSize, double learningRate,
                         int maxIterations, double tol) {
        int last = x.rows() - 1;
        int batches = (last + batchSize - 1) / batchSize;
        Tensor[] xs = new Tensor[batches];
        Tensor[] gs = new Tensor[batches];
        for (int b = 0; b < batches; b++) {
            int start = b * batchSize;
            int end = Math.min(start + batchSize, last);
            xs[b] = x.rowRange(start, end);
            gs[b] = g.rowRange(start, end);
        }
        Sgd sgd = new Sgd(learningRate);
        DoubleArrayList trace = new DoubleArrayList();
        double previous = net.mse(x, g);
        trace.add(previous);
        int i = 0;
        while (true) {
            if (i > maxIterations) return minibatchRun(trace, previous, i, false);
            for (int b = 0; b < batches; b++) {
                net.gradients(xs[b], gs[b]);
                sgd.step(net.model().parameters());
            }
            double error = net.mse(x, g);
            trace.add(error);
            if (Math.abs(previous - error) < tol) return minibatchRun(trace, error, i, true);
            previous = error;
            i++;
        }
    }

    /** The notebook prints its first SGD error after the first epoch (i = 0), trace entry 1. */
    private static Run minibatchRun(DoubleArrayList trace, double last, int i, boolean reachedTolerance) {
        double firstPrinted = trace.size() > 1 ? trace.getDouble(1) : trace.getDouble(0);
        return new Run(firstPrinted, last, i, reachedTolerance, trace.toDoubleArray());
    }
}
