package io.nnlab.optim;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum, as Keras defines them.
 *
 * <pre>
 * plain:     θ ← θ - lr·g
 * momentum:  v ← μ·v - lr·g;  θ ← θ + v
 * Nesterov:  v ← μ·v - lr·g;  θ ← θ + μ·v - lr·g
 * </pre>
 *
 * <p>The velocity {@code v} (state slot {@code "velocity"}) starts at zero and carries the learning
 * rate, as in Keras. PyTorch keeps {@code b ← μ·b + g} and steps {@code θ ← θ - lr·b} instead; with a
 * constant learning rate the two give the same parameters ({@code v = -lr·b}), and they differ only
 * after the learning rate changes. Defaults are Keras's: lr 0.01, no momentum. Velocities below the
 * smallest normal number are set to zero, as {@link Adam}'s moments are ({@link Ops#flushSubnormals}).
 */
public final class Sgd extends Optimizer {

    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private final double momentum;
    private final boolean nesterov;

    /** Plain gradient descent with Keras's default learning rate, 0.01. */
    public Sgd() { this(DEFAULT_LEARNING_RATE); }

    /** Plain gradient descent: θ ← θ - lr·g. */
    public Sgd(double learningRate) { this(learningRate, 0, false); }

    /** Heavy-ball momentum. */
    public Sgd(double learningRate, double momentum) { this(learningRate, momentum, false); }

    public Sgd(double learningRate, double momentum, boolean nesterov) {
        this(learningRate, momentum, nesterov, 0);
    }

    /**
     * @param learningRate > 0
     * @param momentum     in [0, 1); 0 for plain gradient descent
     * @param nesterov     use Nesterov momentum (needs momentum > 0 to make a difference)
     * @param weightDecay  decoupled weight decay, >= 0 (see {@link Optimizer})
     */
    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        super("sgd", learningRate, weightDecay,
                requireUnitInterval("sgd", "momentum", momentum) > 0 ? List.of("velocity") : List.of());
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(Tensor theta, Tensor g, Slots state, long step) {
        double lr = learningRate();
        if (momentum == 0) {
            Ops.axpy(-lr, g, theta);
            return;
        }
        Tensor v = state.slot(0);
        Ops.scale(v, momentum, v);
        Ops.axpy(-lr, g, v);
        // Where g stays zero, v shrinks by μ each step into the subnormal range and would slow every
        // later step there; zero is what it tends to anyway.
        Ops.flushSubnormals(v);
        if (nesterov) {
            // Look ahead along the new velocity: the step is μ·v - lr·g.
            Ops.axpy(momentum, v, theta);
            Ops.axpy(-lr, g, theta);
        } else {
            Ops.axpy(1, v, theta);
        }
    }

    public double momentum() { return momentum; }

    public boolean nesterov() { return nesterov; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
