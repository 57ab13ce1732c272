package io.nnlab.nn.activations;

import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;

import java.util.Map;

/**
 * An activation function: a {@code Dense} option (Keras' {@code activation=}) or, in an
 * {@code ActivationLayer}, a layer of its own. The forward and backward math of each is written
 * once, here, for both uses.
 *
 * <pre>{@code
 * new Dense(100, Activation.RELU)
 * new Dense(100, Activation.leakyRelu(0.1))
 * Sequential.builder().input(4).dense(8).activation(Activation.GELU) ...
 * }</pre>
 *
 * <p>Your own activation implements {@link #forward} and {@link #backward} (on the tensor kernels in
 * {@code io.nnlab.tensor.Ops}, or on plain loops) and, to be saved in a model file, is registered
 * under its {@link #name()} with {@code Registry.registerActivation}; {@link #config()} holds the
 * parameters its factory needs to rebuild it. {@code GradientCheck} checks its backward against
 * finite differences.
 *
 * <pre>{@code
 * record Swish(double beta) implements Activation {       // x · sigmoid(β x)
 *     public String name() { return "swish_beta"; }
 *     public Map<String, Object> config() { return Map.of("beta", beta); }
 *     public void forward(Tensor z, Tensor out) { ... }
 *     public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) { ... }
 * }
 * Registry.registerActivation("swish_beta", Swish.class, c -> new Swish(c.number("beta")));
 * }</pre>
 *
 * <p>Names and defaults are Keras': "linear", "sigmoid", "tanh", "relu", "softmax", "leaky_relu"
 * (α 0.2), "elu" (α 1), "gelu" (exact, or approximate=true for the tanh form), "silu" and
 * "softplus"; "step" is the perceptron's. Two activations are equal when they compute the same
 * function: same class, same parameters.
 */
public interface Activation {

    /** f(z) = z; Keras' "linear", the default of Dense. */
    Activation IDENTITY = new Linear();
    /** 1 / (1 + e^-z). */
    Activation SIGMOID = new ElementWise("sigmoid", UnaryOp.SIGMOID);
    Activation TANH = new ElementWise("tanh", UnaryOp.TANH);
    /** max(0, z); its derivative at 0 is taken as 0. */
    Activation RELU = new ElementWise("relu", UnaryOp.RELU);
    /** Row-wise exp(z) / Σ exp(z) over the features of each sample. */
    Activation SOFTMAX = new RowSoftmax();
    /** The perceptron's Heaviside step, 1 where z ≥ 0, else 0: forward only, it has no gradient. */
    Activation STEP = new HeavisideStep();
    /** z where z ≥ 0, else 0.2·z: Keras' "leaky_relu" (its LeakyReLU layer defaults to 0.3). */
    Activation LEAKY_RELU = leakyRelu(UnaryOp.LEAKY_RELU.defaultParameter());
    /** z where z > 0, else e^z - 1: Keras' "elu" with α = 1. */
    Activation ELU = elu(UnaryOp.ELU.defaultParameter());
    /** z·Φ(z), Φ the standard normal distribution function: Keras' "gelu" (approximate=False, the default). */
    Activation GELU = new ElementWise("gelu", UnaryOp.GELU);
    /** GELU's tanh approximation, ½z(1 + tanh(√(2/π)(z + 0.044715z³))): Keras' gelu(approximate=True). */
    Activation GELU_TANH = new ElementWise("gelu", UnaryOp.GELU_TANH);
    /** z·sigmoid(z): Keras' "silu" (also called swish). */
    Activation SILU = new ElementWise("silu", UnaryOp.SILU);
    /** log(1 + e^z). */
    Activation SOFTPLUS = new ElementWise("softplus", UnaryOp.SOFTPLUS);

    /** z where z ≥ 0, else α·z, for α ≥ 0 and finite. */
    static Activation leakyRelu(double alpha) { return new ElementWise("leaky_relu", UnaryOp.LEAKY_RELU, alpha); }

    /** z where z > 0, else α·(e^z - 1), for α ≥ 0 and finite. */
    static Activation elu(double alpha) { return new ElementWise("elu", UnaryOp.ELU, alpha); }

    /** GELU, exact (erf) or with the tanh approximation. */
    static Activation gelu(boolean approximate) { return approximate ? GELU_TANH : GELU; }

    /** The name it is saved and registered under; Keras' name where Keras has the function ("relu"). */
    String name();

    /** The parameters that, with the name, rebuild it (e.g. {"alpha": 0.2}); empty when it has none. */
    default Map<String, Object> config() { return Map.of(); }

    /**
     * out = f(z), for z of shape [batch, features...]; out has z's shape and dtype and is distinct
     * from z (except for {@link #IDENTITY}, which callers skip).
     */
    void forward(Tensor z, Tensor out);

    /**
     * gradIn = dLoss/dz, given the forward pass's z and a = f(z) and dLoss/da; all of one shape.
     *
     * @throws UnsupportedOperationException for a function with no usable derivative (the step)
     */
    void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn);

    /**
     * Whether each output depends on a sample's whole feature row (softmax) rather than on its own
     * input alone; such an activation needs a flat input, [batch, features].
     */
    default boolean rowWise() { return false; }
}
