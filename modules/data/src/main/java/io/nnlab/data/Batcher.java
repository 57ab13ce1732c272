package io.nnlab.data;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

/**
 * Splits a dataset into minibatches for a training loop, filling batch tensors the loop
 * allocated once, so a training step allocates nothing.
 *
 * <pre>{@code
 * Batcher batches = Batcher.shuffled(train, 32, seed);   // Keras fit: shuffle each epoch, keep the last partial batch
 * Tensor x = batches.newFeatures(32);  int[] y = new int[32];
 * Tensor xLast = batches.newFeatures(batches.lastBatchSize());  int[] yLast = new int[batches.lastBatchSize()];
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.reshuffle(epoch);
 *     for (int b = 0; b < batches.batches(); b++) {
 *         boolean full = batches.size(b) == 32;
 *         batches.fill(b, full ? x : xLast, full ? y : yLast);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The order of epoch e depends only on the seed and e, not on what ran before, so a run can be
 * resumed at any epoch and reproduce the same batches.
 */
public final class Batcher {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int[] order;
    private final int batches;

    private Batcher(Dataset data, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("Batcher: batch size must be positive, got " + batchSize);
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        int n = data.size();
        this.order = new int[n];
        this.batches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        reshuffle(0);
    }

    /** Batches in a fresh random order each epoch, drawn from the seed; the last partial batch kept. */
    public static Batcher shuffled(Dataset data, int batchSize, long seed) {
        return new Batcher(data, batchSize, true, false, seed);
    }

    /** Batches in the dataset's own order every epoch; the last partial batch kept. */
    public static Batcher sequential(Dataset data, int batchSize) {
        return new Batcher(data, batchSize, false, false, 0);
    }

    /** The same batching, but a last batch smaller than the batch size is left out. */
    public Batcher dropLast() {
        return new Batcher(data, batchSize, shuffle, true, seed);
    }

    public Dataset dataset() { return data; }

    /** The nominal batch size. */
    public int batchSize() { return batchSize; }

    /** The number of batches per epoch. */
    public int batches() { return batches; }

    /** The number of samples in batch b: the batch size, except perhaps for the last batch. */
    public int size(int batch) {
        checkBatch(batch);
        return Math.min(batchSize, data.size() - batch * batchSize);
    }

    /** The number of samples in the last batch (0 if there are no batches). */
    public int lastBatchSize() {
        return batches == 0 ? 0 : size(batches - 1);
    }

    /** Sets the sample order for the given epoch (0-based); a sequential batcher ignores it. */
    public void reshuffle(int epoch) {
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) new Rng(epochSeed(seed, epoch)).shuffle(order);
    }

    /** SplitMix64's finaliser over seed and epoch: unrelated streams for neighbouring epochs. */
    private static long epochSeed(long seed, int epoch) {
        long z = seed + (epoch + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A copy of this epoch's sample order. */
    public int[] order() { return order.clone(); }

    /** Fills the features and target rows of batch b; both must have exactly size(b) rows. */
    public void fill(int batch, Tensor featuresOut, Tensor targetsOut) {
        fillFeatures(batch, featuresOut);
        fillRows(batch, data.targets(), targetsOut, "targets");
    }

    /** Fills the features and labels of batch b; both must have exactly size(b) rows / entries. */
    public void fill(int batch, Tensor featuresOut, int[] labelsOut) {
        fillFeatures(batch, featuresOut);
        int n = size(batch);
        if (labelsOut.length != n) {
            throw new IllegalArgumentException("Batcher.fill: batch " + batch + " has " + n + " samples, labels array has "
                    + labelsOut.length + " entries");
        }
        int[] labels = data.labels();
        int start = batch * batchSize;
        for (int i = 0; i < n; i++) labelsOut[i] = labels[order[start + i]];
    }

    /** Fills only the features of batch b. */
    public void fillFeatures(int batch, Tensor featuresOut) {
        fillRows(batch, data.features(), featuresOut, "features");
    }

    private void fillRows(int batch, Tensor source, Tensor out, String what) {
        int n = size(batch);
        if (out.rank() == 0 || out.rows() != n) {
            throw new IllegalArgumentException("Batcher.fill: batch " + batch + " has " + n + " samples, " + what
                    + " tensor has shape " + out.shapeString());
        }
        int start = batch * batchSize;
        if (shuffle) source.gatherRowsInto(order, start, out);
        else source.copyRowsInto(start, out);
    }

    /** A features tensor for a batch of the given number of rows. */
    public Tensor newFeatures(int rows) {
        return newRows(data.features(), rows);
    }

    /** A targets tensor for a batch of the given number of rows. */
    public Tensor newTargets(int rows) {
        return newRows(data.targets(), rows);
    }

    private static Tensor newRows(Tensor like, int rows) {
        int[] s = like.shape();
        s[0] = rows;
        return Tensor.zeros(like.dtype(), s);
    }

    private void checkBatch(int batch) {
        if (batch < 0 || batch >= batches) {
            throw new IndexOutOfBoundsException("Batcher: batch " + batch + " out of range 0.." + (batches - 1));
        }
    }

    @Override
    public String toString() {
        return "Batcher[" + data.size() + " samples, " + batches + " batches of " + batchSize
                + (batches > 0 && lastBatchSize() != batchSize ? " (last " + lastBatchSize() + ")" : "")
                + (shuffle ? ", shuffled from seed " + seed : ", in order") + (dropLast ? ", last partial dropped" : "")
                + "]";
    }
}
