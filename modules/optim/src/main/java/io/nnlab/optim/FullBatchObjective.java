package io.nnlab.optim;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.UseGuard;
import io.nnlab.nn.losses.Loss;
import io.nnlab.optim.fullbatch.DiffFunction;
import io.nnlab.tensor.Tensor;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model's loss over a whole dataset as a smooth function of its flat parameter vector: what the
 * full-batch minimisers minimise. One evaluation sets the parameters from the point, runs
 * {@link Trainable#computeGradients} on all of (x, y) — the loss plus any regularisation, in training
 * mode — and reads the gradient back through a {@link ParameterVector}.
 *
 * <p>It is a {@link DiffFunction} (value and gradient from one call, as backprop gives them) for
 * {@code Bfgs.minimize}, {@code Lbfgs.minimize} and {@code ConjugateGradient.minimize}, and gives
 * commons-math3's {@link ObjectiveFunction} and {@link ObjectiveFunctionGradient} for its own
 * optimisers; those ask for the value and the gradient separately, so the last point's results are
 * kept and a second call at the same point costs nothing.
 *
 * <p>The model must be deterministic in training mode (no dropout), or the function is not smooth.
 * After minimising, the model holds the last point evaluated, which need not be the optimum: set the
 * result with {@code parameters().set(result)}.
 */
public final class FullBatchObjective implements DiffFunction {

    private final Trainable model;
    private final Loss loss;
    private final Tensor x;
    private final Tensor y;
    private final ParameterVector parameters;
    private final double[] lastPoint;
    private final double[] lastGradient;
    private double lastValue;
    private boolean cached;
    private long evaluations;

    /** A Sequential model's loss over (x, y), seen through {@link Trainable#of(Sequential)}. */
    public FullBatchObjective(Sequential model, Loss loss, Tensor x, Tensor y) {
        this(Trainable.of(model), loss, x, y);
    }

    public FullBatchObjective(Trainable model, Loss loss, Tensor x, Tensor y) {
        this.model = Objects.requireNonNull(model, "model");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.x = Objects.requireNonNull(x, "x");
        this.y = Objects.requireNonNull(y, "y");
        if (x.rank() == 0 || x.rows() == 0 || y.rank() == 0 || x.rows() != y.rows()) {
            throw new IllegalArgumentException("FullBatchObjective: x and y must have the same, non-zero number of rows,"
                    + " got " + x.shapeString() + " and " + y.shapeString());
        }
        this.parameters = ParameterVector.of(model);
        if (parameters.size() == 0) {
            throw new IllegalArgumentException("FullBatchObjective: the model has no trainable parameters");
        }
        this.lastPoint = new double[parameters.size()];
        this.lastGradient = new double[parameters.size()];
    }

    /** The flat view of the model's trainable parameters this function is defined over. */
    public ParameterVector parameters() { return parameters; }

    /** The number of variables. */
    public int dimension() { return parameters.size(); }

    /** The model's current parameters: a starting point. */
    public double[] initialPoint() { return parameters.get(); }

    /** Evaluates the loss at {@code point} and writes its gradient into {@code gradient}. */
    @Override
    public double evaluate(double[] point, double[] gradient) {
        if (gradient.length != parameters.size()) {
            throw new IllegalArgumentException("FullBatchObjective: expected a gradient array of " + parameters.size()
                    + " values, got " + gradient.length);
        }
        // Setting the point, the pass and reading the gradient are one use of the model: another thread's
        // call in between would evaluate somewhere else.
        UseGuard guard = model.guard();
        if (guard != null) guard.enter("a full-batch evaluation");
        double value;
        try {
            parameters.set(point);
            value = model.computeGradients(x, y, loss);
            parameters.gradient(gradient);
        } finally {
            if (guard != null) guard.exit();
        }
        evaluations++;
        System.arraycopy(point, 0, lastPoint, 0, lastPoint.length);
        System.arraycopy(gradient, 0, lastGradient, 0, lastGradient.length);
        lastValue = value;
        cached = true;
        return value;
    }

    /** The loss at {@code point}. */
    public double value(double[] point) {
        refresh(point);
        return lastValue;
    }

    /** The gradient at {@code point}, as a new array. */
    public double[] gradient(double[] point) {
        refresh(point);
        return lastGradient.clone();
    }

    private void refresh(double[] point) {
        if (!cached || !Arrays.equals(point, lastPoint)) evaluate(point, new double[parameters.size()]);
    }

    /** The loss, for commons-math3's optimisers. */
    public ObjectiveFunction objectiveFunction() { return new ObjectiveFunction(this::value); }

    /** The gradient, for commons-math3's optimisers. */
    public ObjectiveFunctionGradient objectiveFunctionGradient() {
        return new ObjectiveFunctionGradient(this::gradient);
    }

    /** How many times the model has been evaluated (each a forward and a backward pass over all the data). */
    public long evaluations() { return evaluations; }
}
