package io.nnlab.experiments.t2;

import io.nnlab.data.Iris;
import io.nnlab.data.Scaling;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.util.List;

/**
 * t2's regression problem on one Iris table: sepal length and sepal width in ({@code x}, [150, 2]),
 * petal length out ({@code y}, [150, 1]).
 *
 * <p>The tutorial shuffles the rows first; every t2 result is a sum or a full-batch step over all
 * rows, so the order changes nothing but rounding, and the rows stay in table order here.
 */
record SepalsToPetal(Iris.Version table, Tensor x, Tensor y) {

    /** The table the tutorial printed from first, then today's. */
    static final List<Iris.Version> TABLES = List.of(Iris.Version.UCI, Iris.Version.CURRENT);

    static SepalsToPetal raw(Iris.Version table, DType dtype) {
        return new SepalsToPetal(table,
                Iris.columns(table, dtype, Iris.SEPAL_LENGTH, Iris.SEPAL_WIDTH),
                Iris.columns(table, dtype, Iris.PETAL_LENGTH));
    }

    /** Inputs and target each divided by their column maximum, as the tutorial does before descending. */
    static SepalsToPetal normalised(Iris.Version table, DType dtype) {
        SepalsToPetal raw = raw(table, dtype);
        return new SepalsToPetal(table, Scaling.columnMax(raw.x).apply(raw.x), Scaling.columnMax(raw.y).apply(raw.y));
    }

    /** The metric-name suffix for this table: none for UCI (the tutorial's), "_current" for today's. */
    String suffix() { return table == Iris.Version.UCI ? "" : "_current"; }

    /** The first row whose inputs are (sepalLength, sepalWidth), compared at the data's precision. */
    int firstRowWith(double sepalLength, double sepalWidth) {
        for (int r = 0; r < x.rows(); r++) {
            if (Math.abs(x.at(r, 0) - sepalLength) < 1e-6 && Math.abs(x.at(r, 1) - sepalWidth) < 1e-6) return r;
        }
        throw new IllegalStateException("no Iris row has sepals [" + sepalLength + ", " + sepalWidth + "]");
    }
}
