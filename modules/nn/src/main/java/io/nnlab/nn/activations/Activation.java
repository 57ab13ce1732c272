package io.nnlab.nn.activations;

import io.nnlab.nn.layers.Identity;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.layers.ReLU;
import io.nnlab.nn.layers.Sigmoid;
import io.nnlab.nn.layers.Softmax;
import io.nnlab.nn.layers.Step;
import io.nnlab.nn.layers.Tanh;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;

import java.util.Locale;

/**
 * The activation functions, usable as a {@link io.nnlab.nn.layers.Dense Dense} option (Keras' {@code activation=}) or as
 * layers of their own ({@link #layer()}, Keras' {@code Activation(...)}). The forward and backward
 * math of each lives here, once, for both uses.
 */
public enum Activation {
    /** f(z) = z; Keras' "linear", the default of Dense. */
    IDENTITY("linear", UnaryOp.IDENTITY),
    SIGMOID("sigmoid", UnaryOp.SIGMOID),
    TANH("tanh", UnaryOp.TANH),
    RELU("relu", UnaryOp.RELU),
    /** Row-wise exp(z) / Σ exp(z) over the features of each sample. */
    SOFTMAX("softmax", null),
    /** The perceptron's Heaviside step, 1 where z ≥ 0, else 0: forward only, it has no gradient. */
    STEP("step", UnaryOp.STEP);

    private final String key;
    private final UnaryOp op;

    Activation(String key, UnaryOp op) {
        this.key = key;
        this.op = op;
    }

    /** The Keras name: "linear", "sigmoid", "tanh", "relu", "softmax" (and "step"). */
    public String key() { return key; }

    /** Parses a Keras activation name; "identity", "none" and null mean linear. */
    public static Activation parse(String name) {
        if (name == null) return IDENTITY;
        String s = name.trim().toLowerCase(Locale.ROOT);
        if (s.equals("identity") || s.equals("none") || s.isEmpty()) return IDENTITY;
        for (Activation a : values()) {
            if (a.key.equals(s)) return a;
        }
        throw new IllegalArgumentException(
                "activation: expected one of linear, sigmoid, tanh, relu, softmax, step, got '" + name + "'");
    }

    /** This activation as a layer of its own. */
    public Layer layer() {
        return switch (this) {
            case IDENTITY -> new Identity();
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case RELU -> new ReLU();
            case SOFTMAX -> new Softmax();
            case STEP -> new Step();
        };
    }

    /** out = f(z); out may be z itself for the identity. */
    public void forward(Tensor z, Tensor out) {
        switch (this) {
            case IDENTITY -> {
                if (out != z) out.copyFrom(z);
            }
            case SOFTMAX -> Ops.softmax(z, out);
            default -> Ops.apply(op, z, out);
        }
    }

    /** gradIn = dLoss/dz given the forward's z and a = f(z) and dLoss/da; layer names the caller in errors. */
    public void backward(String layer, Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        switch (this) {
            case IDENTITY -> {
                if (gradIn != gradOut) gradIn.copyFrom(gradOut);
            }
            // The softmax Jacobian is diag(a) - a aᵀ per row, so dz = a ⊙ (g - (g · a)).
            case SOFTMAX -> {
                int rows = a.dim(0), cols = a.dim(1);
                for (int r = 0; r < rows; r++) {
                    int o = r * cols;
                    double ga = 0;
                    for (int c = 0; c < cols; c++) ga += gradOut.getFlat(o + c) * a.getFlat(o + c);
                    for (int c = 0; c < cols; c++) {
                        gradIn.setFlat(o + c, a.getFlat(o + c) * (gradOut.getFlat(o + c) - ga));
                    }
                }
            }
            case STEP -> throw new UnsupportedOperationException(layer + ": the step activation has no gradient: "
                    + "its derivative is 0 everywhere except at 0, where it is undefined, so backpropagation "
                    + "cannot train through it; train a perceptron with the perceptron rule, or use SIGMOID "
                    + "for gradient training");
            default -> Ops.applyBackward(op, z, a, gradOut, gradIn);
        }
    }
}
