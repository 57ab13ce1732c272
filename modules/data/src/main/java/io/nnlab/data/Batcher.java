package io.nnlab.data;

import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;

/**
 * Minibatches of the rows of tensors that share their first dimension (inputs and targets), in
 * the order nnlab's fit loop trains on them; the benchmarks and any training loop of one's own
 * use the same. A batch is gathered into tensors the batcher allocated once, so a training step
 * allocates nothing.
 *
 * <pre>{@code
 * Batcher batches = Batcher.shuffled(32, seed, x, y);    // Keras fit: reshuffled each epoch, last partial batch kept
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     for (int b = 0; b < batches.batches(); b++) {
 *         Tensor[] batch = batches.batch(b);              // batch[0] rows of x, batch[1] the same rows of y
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Epoch e's order is the (e + 1)-th shuffle of 0 … n-1 drawn from {@code new Rng(seed)}: the
 * same seed gives the same batches, and a run resumed at epoch e draws the skipped shuffles first,
 * so it sees the batches an uninterrupted run would. One batch of all the samples is never
 * shuffled (that would change only rounding) and is the source tensors themselves.
 *
 * <p>Not thread-safe: one training loop owns a batcher.
 */
public final class Batcher {
    private final Tensor[] sources;
    private final int samples;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int batches;
    private final int[] order;
    private final Tensor[] full;
    private final Tensor[] last;

    private Rng rng;
    /** The epoch whose order {@link #order} holds; -1 before the first. */
    private int epoch = -1;

    private Batcher(int batchSize, boolean shuffle, boolean dropLast, long seed, Tensor[] sources) {
        if (sources.length == 0) throw new IllegalArgumentException("Batcher: no tensors to batch");
        if (batchSize <= 0) throw new IllegalArgumentException("Batcher: batch size must be positive, got " + batchSize);
        this.samples = rowsOf(sources);
        this.sources = sources.clone();
        this.batchSize = Math.min(batchSize, samples);
        boolean whole = this.batchSize == samples;
        this.shuffle = shuffle && !whole;
        this.dropLast = dropLast;
        this.seed = seed;
        int rest = samples % this.batchSize;
        this.batches = dropLast || rest == 0 ? samples / this.batchSize : samples / this.batchSize + 1;
        this.order = new int[samples];
        for (int i = 0; i < samples; i++) order[i] = i;
        this.full = whole ? this.sources : buffers(this.batchSize);
        this.last = rest == 0 || dropLast ? null : buffers(rest);
    }

    /** Batches in a fresh seeded order each epoch; a last batch smaller than batchSize is kept. */
    public static Batcher shuffled(int batchSize, long seed, Tensor... sources) {
        return new Batcher(batchSize, true, false, seed, sources);
    }

    /** Batches in the tensors' own row order every epoch; a last batch smaller than batchSize is kept. */
    public static Batcher inOrder(int batchSize, Tensor... sources) {
        return new Batcher(batchSize, false, false, 0, sources);
    }

    /** The same batching with a last batch smaller than the batch size left out. */
    public Batcher dropLast() {
        return new Batcher(batchSize, shuffle, true, seed, sources);
    }

    /** The number of samples (rows) batched. */
    public int samples() { return samples; }

    /** The size of a full batch (at most the number of samples). */
    public int batchSize() { return batchSize; }

    /** The number of batches in an epoch. */
    public int batches() { return batches; }

    /** The number of samples in batch b: the batch size, except perhaps for the last batch. */
    public int size(int b) {
        checkBatch(b);
        return Math.min(batchSize, samples - b * batchSize);
    }

    /** Sets the sample order of the given epoch (0-based); cheapest when epochs follow one another. */
    public void startEpoch(int e) {
        if (e < 0) throw new IllegalArgumentException("Batcher: epoch must be >= 0, got " + e);
        if (!shuffle) return;
        if (rng == null || e <= epoch) {
            rng = new Rng(seed);
            epoch = -1;
        }
        for (; epoch < e; epoch++) {
            for (int i = 0; i < samples; i++) order[i] = i;
            rng.shuffle(order);
        }
    }

    /** A copy of the current epoch's sample order. */
    public int[] order() { return order.clone(); }

    /**
     * The rows of batch b of each source tensor, in the order given at construction: tensors
     * owned by the batcher and filled again by the next call, so copy what must outlive it.
     */
    public Tensor[] batch(int b) {
        checkBatch(b);
        Tensor[] out = size(b) == batchSize ? full : last;
        if (out == sources) return out;
        int start = b * batchSize;
        for (int s = 0; s < sources.length; s++) {
            if (shuffle) sources[s].gatherRowsInto(order, start, out[s]);
            else sources[s].copyRowsInto(start, out[s]);
        }
        return out;
    }

    private Tensor[] buffers(int rows) {
        Tensor[] t = new Tensor[sources.length];
        for (int s = 0; s < sources.length; s++) {
            int[] shape = sources[s].shape();
            shape[0] = rows;
            t[s] = Tensor.zeros(sources[s].dtype(), shape);
        }
        return t;
    }

    private static int rowsOf(Tensor[] sources) {
        int rows = -1;
        for (int s = 0; s < sources.length; s++) {
            Tensor t = sources[s];
            if (t == null) throw new IllegalArgumentException("Batcher: tensor " + s + " is null");
            if (t.rank() == 0) {
                throw new IllegalArgumentException("Batcher: tensor " + s + " needs a first (sample) dimension, got a scalar");
            }
            if (rows >= 0 && t.rows() != rows) {
                throw new IllegalArgumentException("Batcher: every tensor must have the same number of rows (samples): "
                        + "tensor 0 has " + rows + ", tensor " + s + " " + t.shapeString());
            }
            rows = t.rows();
        }
        if (rows == 0) throw new IllegalArgumentException("Batcher: no samples to batch (0 rows)");
        return rows;
    }

    private void checkBatch(int b) {
        if (b < 0 || b >= batches) {
            throw new IndexOutOfBoundsException("Batcher: batch " + b + " out of range 0.." + (batches - 1));
        }
    }

    @Override
    public String toString() {
        int lastSize = batches == 0 ? 0 : size(batches - 1);
        return "Batcher[" + samples + " samples, " + batches + " batches of " + batchSize
                + (lastSize != batchSize && batches > 0 ? " (last " + lastSize + ")" : "")
                + (shuffle ? ", shuffled from seed " + seed : ", in order") + (dropLast ? ", last partial dropped" : "")
                + ", shapes " + Arrays.stream(sources).map(Tensor::shapeString).toList() + "]";
    }
}
