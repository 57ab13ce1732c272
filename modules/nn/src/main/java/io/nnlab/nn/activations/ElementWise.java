package io.nnlab.nn.activations;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;

import java.util.Map;
import java.util.Objects;

/** An activation computed element by element by one tensor kernel, with its parameter where it has one. */
final class ElementWise implements Activation {
    private final String name;
    private final UnaryOp op;
    private final double alpha;

    ElementWise(String name, UnaryOp op) { this(name, op, op.defaultParameter()); }

    ElementWise(String name, UnaryOp op, double alpha) {
        if (op.hasParameter() && !(alpha >= 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException(name + ": alpha must be finite and >= 0, got " + alpha);
        }
        this.name = name;
        this.op = op;
        this.alpha = alpha;
    }

    @Override
    public String name() { return name; }

    @Override
    public Map<String, Object> config() {
        if (op.hasParameter()) return Map.of("alpha", alpha);
        if (op == UnaryOp.GELU_TANH || op == UnaryOp.GELU) return Map.of("approximate", op == UnaryOp.GELU_TANH);
        return Map.of();
    }

    @Override
    public void forward(Tensor z, Tensor out) { Ops.apply(op, alpha, z, out); }

    @Override
    public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        Ops.applyBackward(op, alpha, z, a, gradOut, gradIn);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElementWise e && e.op == op && Double.compare(e.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() { return Objects.hash(op, alpha); }

    @Override
    public String toString() { return config().isEmpty() ? name : name + config(); }
}
