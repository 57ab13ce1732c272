package io.nnlab.optim.fullbatch;

import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.PointValuePair;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, algorithms 7.4 and 7.5): the inverse Hessian is
 * represented by the last m step / gradient-change pairs and applied with the two-loop recursion,
 * starting from H0 = γ I with γ = sᵀy / yᵀy of the newest pair (N&amp;W eq. 7.20). Memory and work per
 * iteration are O(m n), so it suits models with many parameters.
 *
 * <p>Because γ scaling makes the full step α = 1 well sized, every search but the first starts there;
 * the first, with no pairs yet, uses the same step as {@link Bfgs}. Direct use:
 * {@code Lbfgs.minimize(f, x0)}, with the memory m set by {@link MinimizerOptions#withMemory}.
 */
public final class Lbfgs extends QuasiNewtonOptimizer {

    private final int memory;
    private double[][] steps = new double[0][];
    private double[][] gradientChanges = new double[0][];
    private double[] rho = new double[0];
    private double[] coefficient = new double[0];
    /** Pairs held, and the slot of the newest one in the ring. */
    private int count;
    private int newest;
    private int n = -1;

    /** L-BFGS with default options (m = 10, gtol 1e-5, c1 = 1e-4, c2 = 0.9) and no convergence checker. */
    public Lbfgs() {
        this(MinimizerOptions.defaults());
    }

    public Lbfgs(MinimizerOptions options) {
        this(options, null);
    }

    /**
     * @param checker an extra stopping test for the commons-math3 path, or null for the gradient test alone
     */
    public Lbfgs(MinimizerOptions options, ConvergenceChecker<PointValuePair> checker) {
        super(options, checker);
        this.memory = options.memory();
    }

    /** Minimises {@code f} from {@code x0} with default options. */
    public static MinimizationResult minimize(DiffFunction f, double[] x0) {
        return minimize(f, x0, MinimizerOptions.defaults());
    }

    /** Minimises {@code f} from {@code x0}. */
    public static MinimizationResult minimize(DiffFunction f, double[] x0, MinimizerOptions options) {
        return new Lbfgs(options).run(f, x0);
    }

    @Override
    double initialStep(double f, double fPrevious, double slope0) {
        return count == 0 ? super.initialStep(f, fPrevious, slope0) : 1.0;
    }

    @Override
    void reset(int dimension) {
        if (n != dimension) {
            n = dimension;
            steps = new double[memory][dimension];
            gradientChanges = new double[memory][dimension];
            rho = new double[memory];
            coefficient = new double[memory];
        }
        count = 0;
        newest = memory - 1;
    }

    /** The two-loop recursion: p = −H g without forming H. */
    @Override
    void direction(double[] g, double[] p) {
        for (int i = 0; i < n; i++) {
            p[i] = -g[i];
        }
        // Newest to oldest.
        for (int k = 0, slot = newest; k < count; k++, slot = previous(slot)) {
            coefficient[slot] = rho[slot] * Vectors.dot(steps[slot], p);
            axpy(-coefficient[slot], gradientChanges[slot], p);
        }
        if (count > 0) {
            double[] y = gradientChanges[newest];
            double gamma = 1 / (rho[newest] * Vectors.dot(y, y));
            for (int i = 0; i < n; i++) {
                p[i] *= gamma;
            }
        }
        // Oldest to newest.
        for (int k = 0, slot = oldest(); k < count; k++, slot = next(slot)) {
            double beta = rho[slot] * Vectors.dot(gradientChanges[slot], p);
            axpy(coefficient[slot] - beta, steps[slot], p);
        }
    }

    @Override
    void update(double[] s, double[] y, double sy) {
        newest = next(newest);
        System.arraycopy(s, 0, steps[newest], 0, n);
        System.arraycopy(y, 0, gradientChanges[newest], 0, n);
        rho[newest] = 1 / sy;
        count = Math.min(count + 1, memory);
    }

    private int next(int slot) {
        return slot + 1 == memory ? 0 : slot + 1;
    }

    private int previous(int slot) {
        return slot == 0 ? memory - 1 : slot - 1;
    }

    private int oldest() {
        return Math.floorMod(newest - count + 1, memory);
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
