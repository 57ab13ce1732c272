package io.nnlab.optim.fullbatch;

import java.util.Arrays;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.PointValuePair;

/**
 * BFGS with a dense inverse-Hessian approximation H, started at the identity and never rescaled,
 * exactly as scipy's {@code minimize(method='BFGS')}; the loop and line search are described in
 * {@link StrongWolfeLineSearch} and the shared quasi-Newton loop.
 *
 * <p>Direct use: {@code Bfgs.minimize(f, x0)}. Through commons-math3:
 * <pre>{@code
 * new Bfgs().optimize(new ObjectiveFunction(f), new ObjectiveFunctionGradient(grad),
 *         new InitialGuess(x0), GoalType.MINIMIZE, new MaxEval(10_000), new MaxIter(1_000));
 * }</pre>
 *
 * <p>H takes n² doubles; beyond a few thousand variables use {@link Lbfgs}.
 */
public final class Bfgs extends QuasiNewtonOptimizer {

    /** n² must fit one Java array. */
    static final int MAX_DIMENSION = 46_340;

    /** Row-major n × n, symmetric. */
    private double[] inverseHessian = new double[0];
    private double[] hy = new double[0];
    private int n;

    /** BFGS with default options (gtol 1e-5, c1 = 1e-4, c2 = 0.9) and no convergence checker. */
    public Bfgs() {
        this(MinimizerOptions.defaults());
    }

    public Bfgs(MinimizerOptions options) {
        this(options, null);
    }

    /**
     * @param checker an extra stopping test for the commons-math3 path, or null for the gradient test alone
     */
    public Bfgs(MinimizerOptions options, ConvergenceChecker<PointValuePair> checker) {
        super(options, checker);
    }

    /** Minimises {@code f} from {@code x0} with default options. */
    public static MinimizationResult minimize(DiffFunction f, double[] x0) {
        return minimize(f, x0, MinimizerOptions.defaults());
    }

    /** Minimises {@code f} from {@code x0}. */
    public static MinimizationResult minimize(DiffFunction f, double[] x0, MinimizerOptions options) {
        return new Bfgs(options).run(f, x0);
    }

    @Override
    void reset(int dimension) {
        if (dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("BFGS stores an n × n matrix, so n must be <= "
                    + MAX_DIMENSION + ", got n = " + dimension + "; use Lbfgs for large problems");
        }
        if (n != dimension) {
            n = dimension;
            inverseHessian = new double[dimension * dimension];
            hy = new double[dimension];
        } else {
            Arrays.fill(inverseHessian, 0);
        }
        for (int i = 0; i < n; i++) {
            inverseHessian[i * n + i] = 1;
        }
    }

    @Override
    void direction(double[] g, double[] p) {
        for (int i = 0; i < n; i++) {
            p[i] = -dotRow(i, g);
        }
    }

    /**
     * H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy, expanded (H symmetric) to
     * H − ρ (s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ, one O(n²) pass.
     */
    @Override
    void update(double[] s, double[] y, double sy) {
        double rho = 1 / sy;
        for (int i = 0; i < n; i++) {
            hy[i] = dotRow(i, y);
        }
        double yhy = Vectors.dot(y, hy);
        double c = rho * rho * yhy + rho;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double si = s[i];
            double hyi = hy[i];
            for (int j = 0; j < n; j++) {
                inverseHessian[row + j] += -rho * (si * hy[j] + hyi * s[j]) + c * si * s[j];
            }
        }
    }

    private double dotRow(int i, double[] v) {
        int row = i * n;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += inverseHessian[row + j] * v[j];
        }
        return sum;
    }
}
