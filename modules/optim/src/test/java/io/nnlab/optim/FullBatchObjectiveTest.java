package io.nnlab.optim;

import io.nnlab.optim.fullbatch.Bfgs;
import io.nnlab.optim.fullbatch.MinimizationResult;
import io.nnlab.optim.fullbatch.MinimizerOptions;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FullBatchObjectiveTest {

    private static final int N = 25;
    private static final double[][] X = new double[N][];
    private static final double[] Y = new double[N];

    static {
        for (int i = 0; i < N; i++) {
            X[i] = new double[] {i / 10.0, Math.sin(i)};
            Y[i] = 1.5 * X[i][0] - 2 * X[i][1] + 0.3 + 0.1 * Math.cos(3 * i);
        }
    }

    private static LinearModel model() {
        return new LinearModel(DType.FLOAT64, new double[][] {{0}, {0}}, new double[] {0}, false);
    }

    private static FullBatchObjective objective(LinearModel m) {
        return new FullBatchObjective(m, new MseLoss(), Tensor.matrix(DType.FLOAT64, X), Tensor.of(DType.FLOAT64, Y, N, 1));
    }

    /** The least-squares solution [w1, w2, b], by QR on the design matrix. */
    private static double[] leastSquares() {
        double[][] design = new double[N][];
        for (int i = 0; i < N; i++) design[i] = new double[] {X[i][0], X[i][1], 1};
        return new QRDecomposition(MatrixUtils.createRealMatrix(design)).getSolver()
                .solve(MatrixUtils.createRealVector(Y)).toArray();
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        FullBatchObjective f = objective(model());
        double[] point = {0.3, -0.7, 0.2};
        double[] grad = new double[3];
        double value = f.evaluate(point, grad);
        assertEquals(value, f.value(point));
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] up = point.clone(), down = point.clone();
            up[j] += h;
            down[j] -= h;
            assertEquals((f.value(up) - f.value(down)) / (2 * h), grad[j], 1e-7, "component " + j);
        }
    }

    @Test
    void valueThenGradientAtOnePointCostsOneEvaluation() {
        FullBatchObjective f = objective(model());
        double[] point = {1, 2, 3};
        f.value(point);
        f.gradient(point);
        f.objectiveFunction().getObjectiveFunction().value(point);
        assertEquals(1, f.evaluations());
        f.gradient(new double[] {1, 2, 4});
        assertEquals(2, f.evaluations());
    }

    @Test
    void commonsMathConjugateGradientFindsTheLeastSquaresFit() {
        LinearModel m = model();
        FullBatchObjective f = objective(m);
        NonLinearConjugateGradientOptimizer cg = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15));
        PointValuePair best = cg.optimize(new MaxEval(10_000), new MaxIter(10_000), f.objectiveFunction(),
                f.objectiveFunctionGradient(), GoalType.MINIMIZE, new InitialGuess(f.initialPoint()));
        assertArrayEquals(leastSquares(), best.getPoint(), 1e-6);
    }

    @Test
    void bfgsFindsTheLeastSquaresFitAndTheModelTakesIt() {
        LinearModel m = model();
        FullBatchObjective f = objective(m);
        MinimizationResult r = Bfgs.minimize(f, f.initialPoint(), MinimizerOptions.defaults().withGradientTolerance(1e-10));
        f.parameters().set(r.x());
        assertArrayEquals(leastSquares(), new double[] {m.kernel.value().getFlat(0), m.kernel.value().getFlat(1),
                m.bias.value().getFlat(0)}, 1e-8);
    }

    @Test
    void mismatchedDataAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FullBatchObjective(model(), new MseLoss(),
                Tensor.matrix(DType.FLOAT64, X), Tensor.zeros(DType.FLOAT64, 3, 1)));
    }
}
