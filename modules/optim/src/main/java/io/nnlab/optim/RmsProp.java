package io.nnlab.optim;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.UnaryOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSProp, as Keras computes it, with Keras's defaults: lr 0.001, ρ 0.9, no momentum, ε 1e-7,
 * not centred.
 *
 * <pre>
 * s ← ρ·s + (1-ρ)·g²
 * centred:  a ← ρ·a + (1-ρ)·g;  d = s - a² + ε      otherwise:  d = s + ε
 * momentum: u ← μ·u + lr·g/sqrt(d);  θ ← θ - u      otherwise:  θ ← θ - lr·g/sqrt(d)
 * </pre>
 *
 * <p>ε sits inside the square root, as in Keras (PyTorch adds it outside). State slots:
 * {@code "mean_square"} (s), then {@code "momentum"} (u) when momentum > 0, then
 * {@code "mean_gradient"} (a) when centred. State below the smallest normal number is set to zero,
 * as {@link Adam}'s moments are ({@link Ops#flushSubnormals}).
 */
public final class RmsProp extends Optimizer {

    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_EPSILON = 1e-7;

    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    /** RMSProp with Keras's defaults. */
    public RmsProp() { this(DEFAULT_LEARNING_RATE); }

    public RmsProp(double learningRate) { this(learningRate, DEFAULT_RHO, 0, DEFAULT_EPSILON, false, 0); }

    private RmsProp(double learningRate, double rho, double momentum, double epsilon, boolean centered,
                    double weightDecay) {
        super("rmsprop", learningRate, weightDecay, slots(momentum, centered));
        this.rho = requireUnitInterval("rmsprop", "rho", rho);
        this.momentum = momentum;
        this.epsilon = requirePositive("rmsprop", "epsilon", epsilon);
        this.centered = centered;
    }

    private static List<String> slots(double momentum, boolean centered) {
        List<String> names = new ArrayList<>(List.of("mean_square"));
        if (requireUnitInterval("rmsprop", "momentum", momentum) > 0) names.add("momentum");
        if (centered) names.add("mean_gradient");
        return names;
    }

    public static Builder builder() { return new Builder(); }

    @Override
    protected void update(Tensor theta, Tensor g, Slots state, long step) {
        Tensor s = state.slot(0);
        double lr = learningRate();
        if (momentum == 0 && !centered) {
            // Keras's default in one fused pass: the same arithmetic as the steps below, element for element.
            Ops.rmspropStep(theta, g, s, rho, lr, epsilon);
            return;
        }
        Tensor tmp = state.scratch();

        Ops.scale(s, rho, s);
        Ops.mul(g, g, tmp);
        Ops.axpy(1 - rho, tmp, s);
        // Where g stays zero, s shrinks by ρ each step into the subnormal range and would slow every
        // later step there; zero is what it tends to anyway.
        Ops.flushSubnormals(s);

        if (centered) {
            // Subtracting the squared mean turns the second moment into a variance estimate.
            Tensor a = state.slot(momentum > 0 ? 2 : 1);
            Ops.scale(a, rho, a);
            Ops.axpy(1 - rho, g, a);
            Ops.flushSubnormals(a);
            Ops.mul(a, a, tmp);
            Ops.sub(s, tmp, tmp);
            Ops.binaryScalar(BinaryOp.ADD, tmp, epsilon, tmp);
        } else {
            Ops.binaryScalar(BinaryOp.ADD, s, epsilon, tmp);
        }
        Ops.apply(UnaryOp.SQRT, tmp, tmp);
        Ops.div(g, tmp, tmp);

        if (momentum > 0) {
            Tensor u = state.slot(1);
            Ops.scale(u, momentum, u);
            Ops.axpy(lr, tmp, u);
            Ops.flushSubnormals(u);
            Ops.axpy(-1, u, theta);
        } else {
            Ops.axpy(-lr, tmp, theta);
        }
    }

    public double rho() { return rho; }

    public double momentum() { return momentum; }

    public double epsilon() { return epsilon; }

    public boolean centered() { return centered; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        return c;
    }

    /** Hyperparameters by name, starting from Keras's defaults; {@link #build()} validates them. */
    public static final class Builder {
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double rho = DEFAULT_RHO;
        private double momentum;
        private double epsilon = DEFAULT_EPSILON;
        private boolean centered;
        private double weightDecay;

        private Builder() {}

        public Builder learningRate(double lr) { this.learningRate = lr; return this; }

        public Builder rho(double rho) { this.rho = rho; return this; }

        public Builder momentum(double momentum) { this.momentum = momentum; return this; }

        public Builder epsilon(double epsilon) { this.epsilon = epsilon; return this; }

        public Builder centered(boolean centered) { this.centered = centered; return this; }

        /** Decoupled weight decay (θ ← θ - lr·wd·θ before each update). */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }

        public RmsProp build() {
            return new RmsProp(learningRate, rho, momentum, epsilon, centered, weightDecay);
        }
    }
}
