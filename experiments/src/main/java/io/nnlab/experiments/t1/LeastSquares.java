package io.nnlab.experiments.t1;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Linear least squares by the normal equations, the notebook's LinearRegression: append a column
 * of ones for the bias and solve (X̃ᵀX̃) w = X̃ᵀg. The last weight is the intercept.
 */
final class LeastSquares {
    private final double[] weights;

    private LeastSquares(double[] weights) {
        this.weights = weights;
    }

    /** Fits features x, [n, f], to targets g, [n, 1]. */
    static LeastSquares fit(Tensor x, Tensor g) {
        Tensor x1 = withOnes(x);
        Tensor gram = Ops.matmul(x1, true, x1, false);
        Tensor moments = Ops.matmul(x1, true, g, false);
        // LU with partial pivoting, as numpy.linalg.solve (LAPACK gesv).
        RealMatrix a = MatrixUtils.createRealMatrix(gram.toDoubleRows());
        double[] w = new LUDecomposition(a).getSolver().solve(MatrixUtils.createRealVector(moments.toDoubleArray()))
                .toArray();
        return new LeastSquares(w);
    }

    /** The zero line for {@code features} features: every prediction 0, the fit before fitting. */
    static LeastSquares zero(int features) {
        return new LeastSquares(new double[features + 1]);
    }

    /** The feature weights, then the intercept. */
    double[] weights() { return weights.clone(); }

    double intercept() { return weights[weights.length - 1]; }

    /** x·w + b for each row of x, as a [n] array. */
    double[] predict(Tensor x) {
        int n = x.rows(), f = x.cols();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = weights[f];
            for (int j = 0; j < f; j++) s += x.at(i, j) * weights[j];
            y[i] = s;
        }
        return y;
    }

    double mse(Tensor x, Tensor g) {
        double[] y = predict(x);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double e = y[i] - g.getFlat(i);
            sum += e * e;
        }
        return sum / y.length;
    }

    private static Tensor withOnes(Tensor x) {
        int n = x.rows(), f = x.cols();
        Tensor x1 = Tensor.zeros(x.dtype(), n, f + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) x1.set(x.at(i, j), i, j);
            x1.set(1, i, f);
        }
        return x1;
    }
}
