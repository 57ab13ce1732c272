package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.nn.UseGuard;
import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What training needs from a model: gradients of a loss on a batch, the parameters they land in, and
 * predictions. A {@link Sequential} becomes one with {@link #of(Sequential)}; any other model with
 * {@link #of(Gradients, Supplier, UnaryOperator)} and method references.
 */
public interface Trainable {

    /**
     * Zeroes the grads, runs the batch forward in training mode, evaluates the loss, backpropagates,
     * and adds any regularisation; afterwards each parameter's grad holds dTotal/dParameter.
     *
     * @return the total loss of the batch (the loss plus regularisation penalties)
     */
    double computeGradients(Tensor x, Tensor y, Loss loss);

    /** Every parameter, trainable or not, in a fixed order. */
    List<Parameter> parameters();

    /** The output for x in inference mode. */
    Tensor predict(Tensor x);

    /**
     * The loss on (x, y) in inference mode, as validation reports it; grads are left alone. By default
     * the loss of {@link #predict}; a model with regularisers or a stabler fused form overrides it.
     */
    default double evaluate(Tensor x, Tensor y, Loss loss) { return loss.forward(predict(x), y); }

    /**
     * The guard that keeps the model to one thread at a time, which {@link Trainer} holds for a whole
     * fit or evaluation; null (the default) for a model that does not guard itself.
     */
    default UseGuard guard() { return null; }

    /**
     * A Sequential model. Its {@code weights()}, not only its trainable {@code parameters()}, are the
     * parameters here, so that restoring the best weights restores BatchNorm's moving statistics too;
     * its {@code evaluate} (from logits where the loss fuses with the output, plus regularisation) is
     * the validation loss.
     */
    static Trainable of(Sequential model) {
        Objects.requireNonNull(model, "model");
        return new Trainable() {
            @Override
            public double computeGradients(Tensor x, Tensor y, Loss loss) { return model.computeGradients(x, y, loss); }

            @Override
            public List<Parameter> parameters() { return model.weights(); }

            @Override
            public Tensor predict(Tensor x) { return model.predict(x); }

            @Override
            public double evaluate(Tensor x, Tensor y, Loss loss) { return model.evaluate(x, y, loss); }

            @Override
            public UseGuard guard() { return model.guard(); }

            @Override
            public String toString() { return "Trainable(" + model + ")"; }
        };
    }

    /** The {@link #computeGradients} step as a function, for {@link #of}. */
    @FunctionalInterface
    interface Gradients {
        double computeGradients(Tensor x, Tensor y, Loss loss);
    }

    /** A Trainable from three functions, typically method references to a model. */
    static Trainable of(Gradients gradients, Supplier<List<Parameter>> parameters, UnaryOperator<Tensor> predict) {
        Objects.requireNonNull(gradients, "gradients");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(predict, "predict");
        return new Trainable() {
            @Override
            public double computeGradients(Tensor x, Tensor y, Loss loss) {
                return gradients.computeGradients(x, y, loss);
            }

            @Override
            public List<Parameter> parameters() { return parameters.get(); }

            @Override
            public Tensor predict(Tensor x) { return predict.apply(x); }
        };
    }
}
