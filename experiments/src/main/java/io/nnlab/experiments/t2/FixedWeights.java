package io.nnlab.experiments.t2;

import io.nnlab.experiments.Result;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.BinaryOp;

/**
 * One unit with the tutorial's hand-set weights w = [0.2, 0.6], b = -0.3 on the raw sepals: first
 * the weighted sum alone (linear regression's prediction), then passed through a sigmoid. Both are
 * scored with the sum-squared cost ½ Σ (y - ŷ)².
 */
final class FixedWeights {
    private static final double[] W = {0.2, 0.6};
    private static final double B = -0.3;

    private FixedWeights() {}

    static Result weightedSumCost(long seed, DType dtype) {
        Result r = new Result("t2.weighted-sum-cost");
        for (var table : SepalsToPetal.TABLES) {
            SepalsToPetal d = SepalsToPetal.raw(table, dtype);
            Tensor z = weightedSum(d.x());
            r.metric("cost" + d.suffix(), halfSumOfSquares(z, d.y()));
            r.metric("first_prediction" + d.suffix(), z.getFlat(d.firstRowWith(4.7, 3.2)));
        }
        r.printed("cost", 313.0096, 1e-4).printed("first_prediction", 2.56, 0.01);
        r.note("The tutorial's first prediction is for the first row of its shuffled data, sepals [4.7, 3.2]"
                + " with petal length 1.6 (row 30 of the table; row 3 has the same sepals, so the same prediction).");
        r.note(SUM_NOTE);
        return r;
    }

    static Result sigmoidNeuronCost(long seed, DType dtype) {
        Result r = new Result("t2.sigmoid-neuron-cost");
        for (var table : SepalsToPetal.TABLES) {
            SepalsToPetal d = SepalsToPetal.raw(table, dtype);
            r.metric("cost" + d.suffix(), halfSumOfSquares(Ops.sigmoid(weightedSum(d.x())), d.y()));
        }
        r.printed("cost", 829.4187739184515, 1e-13);
        r.note(SUM_NOTE);
        return r;
    }

    private static final String SUM_NOTE = "Costs are summed with compensated (Neumaier) summation: the"
            + " correctly rounded total, whatever the row order. The tutorial summed its randomly shuffled rows"
            + " with numpy's pairwise sum, whose last (16th) digit moves by an ulp or two with the shuffle; its"
            + " printed costs, 313.0096 and 829.4187739184515, are the correctly rounded ones.";

    /** b + w · x for every row: the prediction of linear regression, [rows, 1]. */
    static Tensor weightedSum(Tensor x) {
        Tensor z = Ops.matmul(x, Tensor.of(x.dtype(), W, 2, 1));
        Ops.binaryScalar(BinaryOp.ADD, z, B, z);
        return z;
    }

    /** ½ Σ (y - ŷ)², accumulated with Neumaier's compensation so that no row order is favoured. */
    static double halfSumOfSquares(Tensor prediction, Tensor target) {
        double sum = 0, compensation = 0;
        for (int i = 0, n = prediction.size(); i < n; i++) {
            double d = target.getFlat(i) - prediction.getFlat(i);
            double term = d * d;
            double t = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        return 0.5 * (sum + compensation);
    }
}
