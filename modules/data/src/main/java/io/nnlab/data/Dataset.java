package io.nnlab.data;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;

/**
 * Samples for supervised learning: features (a tensor whose first dimension counts the samples)
 * and, per sample, either a target tensor row (regression, one-hot) or an int class label
 * (classification with a sparse cross-entropy).
 *
 * <p>t2 is {@code Dataset.of(x, y)} with x [150, 2] and y [150, 1]; MNIST is
 * {@code Dataset.of(images, labels)} with images [60000, 28, 28] and labels int[60000]. The
 * dataset holds its arrays without copying; {@link #subset} and {@link #split} copy.
 */
public final class Dataset {
    private final Tensor features;
    private final Tensor targets;
    private final int[] labels;

    private Dataset(Tensor features, Tensor targets, int[] labels) {
        this.features = features;
        this.targets = targets;
        this.labels = labels;
    }

    /** Features with a target row per sample: regression, or one-hot classes. */
    public static Dataset of(Tensor features, Tensor targets) {
        requireRows(features, "features");
        requireRows(targets, "targets");
        if (targets.rows() != features.rows()) {
            throw new IllegalArgumentException("Dataset.of: features " + features.shapeString() + " have "
                    + features.rows() + " samples but targets " + targets.shapeString() + " have " + targets.rows());
        }
        return new Dataset(features, targets, null);
    }

    /** Features with an int class label per sample (labels are held, not copied). */
    public static Dataset of(Tensor features, int[] labels) {
        requireRows(features, "features");
        if (labels.length != features.rows()) {
            throw new IllegalArgumentException("Dataset.of: features " + features.shapeString() + " have "
                    + features.rows() + " samples but there are " + labels.length + " labels");
        }
        return new Dataset(features, null, labels);
    }

    private static void requireRows(Tensor t, String what) {
        if (t.rank() == 0) {
            throw new IllegalArgumentException("Dataset.of: " + what + " must have a sample dimension, got a scalar");
        }
    }

    /** The number of samples. */
    public int size() { return features.rows(); }

    /** The features, [samples, ...] (not a copy). */
    public Tensor features() { return features; }

    /** Whether each sample has an int label (else it has a target row). */
    public boolean hasLabels() { return labels != null; }

    /** The target rows, [samples, ...] (not a copy); an error for a labelled dataset. */
    public Tensor targets() {
        if (targets == null) throw new IllegalStateException("this dataset has int labels, not target tensors");
        return targets;
    }

    /** The class labels (not a copy); an error for a dataset with target tensors. */
    public int[] labels() {
        if (labels == null) throw new IllegalStateException("this dataset has target tensors, not int labels");
        return labels;
    }

    /**
     * The class labels as a [samples] tensor of {@code dtype} (0, 1, 2, …): the targets the sparse losses,
     * the sparse accuracy and the fit loop take. A new tensor on every call; an error for a dataset with
     * target tensors.
     */
    public Tensor labelTensor(DType dtype) {
        int[] l = labels();
        Tensor y = Tensor.zeros(dtype, l.length);
        for (int i = 0; i < l.length; i++) y.setFlat(i, l[i]);
        return y;
    }

    /** The number of samples with each label 0..max: numpy's bincount. */
    public int[] labelCounts() {
        int[] l = labels();
        int max = -1;
        for (int v : l) {
            if (v < 0) throw new IllegalStateException("labelCounts: label " + v + " is negative");
            max = Math.max(max, v);
        }
        int[] counts = new int[max + 1];
        for (int v : l) counts[v]++;
        return counts;
    }

    /** The samples at the given indices, in that order (a copy). */
    public Dataset subset(int[] indices) {
        Tensor x = features.gatherRows(indices);
        if (labels == null) return new Dataset(x, targets.gatherRows(indices), null);
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) l[i] = labels[indices[i]];
        return new Dataset(x, null, l);
    }

    /** A train and a test part of one dataset. */
    public record Split(Dataset train, Dataset test) {}

    /**
     * A seeded random split, as scikit-learn's train_test_split: ceil(testFraction * size) samples
     * go to test, the rest to train, both in the order of one permutation drawn from the seed.
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("split: testFraction must be in (0, 1), got " + testFraction);
        }
        int n = size();
        int nTest = (int) Math.ceil(testFraction * n);
        if (nTest == 0 || nTest == n) {
            throw new IllegalArgumentException("split: a test fraction of " + testFraction + " of " + n
                    + " samples leaves " + (nTest == 0 ? "the test" : "the train") + " part empty");
        }
        int[] perm = new Rng(seed).permutation(n);
        return new Split(subset(Arrays.copyOfRange(perm, nTest, n)), subset(Arrays.copyOfRange(perm, 0, nTest)));
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " samples, features " + features.dtype() + " " + features.shapeString()
                + (labels != null ? ", int labels" : ", targets " + targets.dtype() + " " + targets.shapeString()) + "]";
    }
}
