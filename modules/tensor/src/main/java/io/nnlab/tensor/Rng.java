package io.nnlab.tensor;

import java.util.SplittableRandom;

/**
 * The seeded random generator every random choice in nnlab draws from.
 *
 * <p>It wraps {@link SplittableRandom}, whose algorithm (SplitMix64) is fixed by its
 * specification, so a seed gives the same stream on every JDK. {@link #split()} hands a
 * sub-component (a layer's initialiser, a dropout mask, a shuffler) its own stream, so adding
 * draws in one place does not shift the numbers another place sees.
 */
public final class Rng {
    private final SplittableRandom random;
    private final long seed;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
        this.seed = seed;
    }

    private Rng(SplittableRandom random, long seed) {
        this.random = random;
        this.seed = seed;
    }

    /** The seed this generator (or the root it was split from) started with. */
    public long seed() { return seed; }

    /** An independent generator whose stream is fixed by this one's state. */
    public Rng split() { return new Rng(random.split(), seed); }

    /** Uniform in [0, 1). */
    public double nextDouble() { return random.nextDouble(); }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) { return lo + (hi - lo) * random.nextDouble(); }

    /** Standard normal (mean 0, standard deviation 1). */
    public double nextGaussian() { return random.nextGaussian(); }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) { return random.nextInt(bound); }

    public long nextLong() { return random.nextLong(); }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p);
        return p;
    }

    /** Shuffles the array in place (Fisher–Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
