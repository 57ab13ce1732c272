package io.nnlab.optim;

import io.nnlab.tensor.Tensor;

import java.util.Objects;
import java.util.function.ToDoubleBiFunction;

/**
 * A number that says how good predictions are, reported each epoch beside the loss but not trained
 * on. {@link Accuracy} covers classifiers; {@link #of} wraps any function.
 */
public interface Metric {

    /** The name it is logged under, e.g. "accuracy"; validation values get a "val_" prefix. */
    String name();

    /** The metric over a whole set of predictions and their targets. */
    double compute(Tensor prediction, Tensor target);

    /** A metric from a name and a function of (prediction, target). */
    static Metric of(String name, ToDoubleBiFunction<Tensor, Tensor> f) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(f, "f");
        return new Metric() {
            @Override
            public String name() { return name; }

            @Override
            public double compute(Tensor prediction, Tensor target) { return f.applyAsDouble(prediction, target); }

            @Override
            public String toString() { return name; }
        };
    }

    /** The mean squared error over all elements, logged as "mse". */
    static Metric meanSquaredError() {
        return of("mse", (p, t) -> {
            requireSameSize("mse", p, t);
            double s = 0;
            for (int i = 0; i < p.size(); i++) {
                double d = p.getFlat(i) - t.getFlat(i);
                s += d * d;
            }
            return s / p.size();
        });
    }

    /** The mean absolute error over all elements, logged as "mae". */
    static Metric meanAbsoluteError() {
        return of("mae", (p, t) -> {
            requireSameSize("mae", p, t);
            double s = 0;
            for (int i = 0; i < p.size(); i++) s += Math.abs(p.getFlat(i) - t.getFlat(i));
            return s / p.size();
        });
    }

    private static void requireSameSize(String metric, Tensor p, Tensor t) {
        if (p.size() != t.size() || p.size() == 0) {
            throw new IllegalArgumentException(metric + ": prediction " + p.shapeString() + " and target "
                    + t.shapeString() + " must have the same, non-zero number of elements");
        }
    }
}
