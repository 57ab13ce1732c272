package io.nnlab.optim.fullbatch;

import java.util.Random;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Objectives with known minimisers, shared by the minimiser tests. */
final class TestFunctions {

    private TestFunctions() {
    }

    /** The 2-variable Rosenbrock function 100 (y − x²)² + (1 − x)², minimum 0 at (1, 1). */
    static final DiffFunction ROSENBROCK = (x, g) -> {
        double t = x[1] - x[0] * x[0];
        g[0] = -400 * x[0] * t - 2 * (1 - x[0]);
        g[1] = 200 * t;
        return 100 * t * t + (1 - x[0]) * (1 - x[0]);
    };

    static final double[] ROSENBROCK_START = {-1.2, 1};
    static final double[] ROSENBROCK_MINIMUM = {1, 1};

    static double rosenbrockValue(double[] x) {
        return ROSENBROCK.evaluate(x, new double[2]);
    }

    static double[] rosenbrockGradient(double[] x) {
        double[] g = new double[2];
        ROSENBROCK.evaluate(x, g);
        return g;
    }

    /**
     * f(x) = ½ (x − x*)ᵀ A (x − x*) with A = R diag(λ) Rᵀ: eigenvalues log-spaced from 1 to
     * {@code condition}, R the orthogonal factor of a Gaussian matrix; R and x* (uniform in [−1, 1])
     * drawn from {@code seed}.
     */
    record Quadratic(double[][] a, double[] minimum) implements DiffFunction {

        static Quadratic illConditioned(int n, double condition, long seed) {
            Random random = new Random(seed);
            double[][] gaussian = new double[n][n];
            for (double[] row : gaussian) {
                for (int j = 0; j < n; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            RealMatrix r = new QRDecomposition(MatrixUtils.createRealMatrix(gaussian)).getQ();
            double[] eigenvalues = new double[n];
            for (int i = 0; i < n; i++) {
                eigenvalues[i] = Math.pow(condition, (double) i / (n - 1));
            }
            double[][] a = r.multiply(MatrixUtils.createRealDiagonalMatrix(eigenvalues))
                    .multiply(r.transpose()).getData();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double mean = 0.5 * (a[i][j] + a[j][i]);
                    a[i][j] = mean;
                    a[j][i] = mean;
                }
            }
            double[] minimum = new double[n];
            for (int i = 0; i < n; i++) {
                minimum[i] = 2 * random.nextDouble() - 1;
            }
            return new Quadratic(a, minimum);
        }

        @Override
        public double evaluate(double[] x, double[] g) {
            int n = x.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = x[i] - minimum[i];
            }
            double f = 0;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += a[i][j] * d[j];
                }
                g[i] = sum;
                f += d[i] * sum;
            }
            return 0.5 * f;
        }

        int dimension() {
            return minimum.length;
        }
    }

    /** Counts calls, to check the minimisers' own counts. */
    static final class Counting implements DiffFunction {

        private final DiffFunction f;
        int calls;

        Counting(DiffFunction f) {
            this.f = f;
        }

        @Override
        public double evaluate(double[] x, double[] g) {
            calls++;
            return f.evaluate(x, g);
        }
    }

    static double maxAbsError(double[] x, double[] expected) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - expected[i]));
        }
        return max;
    }
}
