package io.nnlab.optim;

import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Adam (Kingma &amp; Ba), computed as Keras computes it, with Keras's defaults: lr 0.001, β1 0.9,
 * β2 0.999, ε 1e-7.
 *
 * <pre>
 * m ← m + (1-β1)·(g - m)
 * v ← v + (1-β2)·(g² - v)
 * lr_t = lr·sqrt(1-β2^t) / (1-β1^t)
 * θ ← θ - lr_t·m / (sqrt(v) + ε)
 * </pre>
 *
 * <p>The bias correction is folded into the step size, so ε is added to the uncorrected sqrt(v):
 * Keras's form, which differs slightly from the paper's {@code m̂ / (sqrt(v̂) + ε)} while v is
 * small. State slots: {@code "m"} and {@code "v"}. With a weight decay this is AdamW (decoupled
 * decay, see {@link AdamW}); Keras's Adam also accepts one. Moments below the smallest normal
 * number are set to zero ({@link Ops#adamStep}).
 */
public class Adam extends Optimizer {

    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-7;

    private static final int M = 0;
    private static final int V = 1;

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /** Adam with Keras's defaults. */
    public Adam() { this(DEFAULT_LEARNING_RATE); }

    public Adam(double learningRate) {
        this("adam", learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0);
    }

    /** Every hyperparameter; the builders are easier to read. */
    protected Adam(String name, double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        super(name, learningRate, weightDecay, List.of("m", "v"));
        this.beta1 = requireUnitInterval(name, "beta1", beta1);
        this.beta2 = requireUnitInterval(name, "beta2", beta2);
        this.epsilon = requirePositive(name, "epsilon", epsilon);
    }

    /** A builder starting from Keras's defaults ({@link AdamW#builder()} narrows the type to AdamW). */
    public static Builder<? extends Adam> builder() {
        return new Builder<>(0, b -> new Adam("adam", b.learningRate(), b.beta1(), b.beta2(), b.epsilon(), b.weightDecay()));
    }

    @Override
    protected void update(Tensor theta, Tensor g, Slots state, long step) {
        double lrT = learningRate() * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        // One fused pass; the same arithmetic as the update in the class comment, element for element.
        Ops.adamStep(theta, g, state.slot(M), state.slot(V), 1 - beta1, 1 - beta2, lrT, epsilon);
    }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Hyperparameters by name; {@link #build()} validates them. */
    public static final class Builder<A extends Adam> {
        private final Function<Builder<A>, A> factory;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double epsilon = DEFAULT_EPSILON;
        private double weightDecay;

        Builder(double weightDecay, Function<Builder<A>, A> factory) {
            this.weightDecay = weightDecay;
            this.factory = factory;
        }

        public Builder<A> learningRate(double lr) { this.learningRate = lr; return this; }

        public Builder<A> beta1(double beta1) { this.beta1 = beta1; return this; }

        public Builder<A> beta2(double beta2) { this.beta2 = beta2; return this; }

        public Builder<A> epsilon(double epsilon) { this.epsilon = epsilon; return this; }

        /** Decoupled weight decay (θ ← θ - lr·wd·θ before each update). */
        public Builder<A> weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }

        public A build() { return factory.apply(this); }

        double learningRate() { return learningRate; }

        double beta1() { return beta1; }

        double beta2() { return beta2; }

        double epsilon() { return epsilon; }

        double weightDecay() { return weightDecay; }
    }
}
