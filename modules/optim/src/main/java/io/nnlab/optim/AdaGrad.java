package io.nnlab.optim;

import io.nnlab.tensor.BinaryOp;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.UnaryOp;

import java.util.List;
import java.util.Map;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011), as Keras computes it, with Keras's defaults: lr 0.001,
 * initial accumulator 0.1, ε 1e-7.
 *
 * <pre>
 * a ← a + g²
 * θ ← θ - lr·g / sqrt(a + ε)
 * </pre>
 *
 * <p>Each weight's step shrinks with the squared gradients it has seen. ε sits inside the square
 * root and the accumulator starts at 0.1, as in Keras; PyTorch's Adagrad starts it at 0, adds
 * ε = 1e-10 outside the root and defaults to lr 0.01. State slot: {@code "accumulator"}.
 */
public final class AdaGrad extends Optimizer {

    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_INITIAL_ACCUMULATOR = 0.1;
    public static final double DEFAULT_EPSILON = 1e-7;

    private final double initialAccumulator;
    private final double epsilon;

    /** AdaGrad with Keras's defaults. */
    public AdaGrad() { this(DEFAULT_LEARNING_RATE); }

    public AdaGrad(double learningRate) { this(learningRate, DEFAULT_INITIAL_ACCUMULATOR, DEFAULT_EPSILON, 0); }

    /**
     * @param learningRate       > 0
     * @param initialAccumulator the accumulator's starting value, >= 0
     * @param epsilon            added inside the square root, > 0
     * @param weightDecay        decoupled weight decay, >= 0 (see {@link Optimizer})
     */
    public AdaGrad(double learningRate, double initialAccumulator, double epsilon, double weightDecay) {
        super("adagrad", learningRate, weightDecay, List.of("accumulator"));
        this.initialAccumulator = requireNonNegative("adagrad", "initialAccumulator", initialAccumulator);
        this.epsilon = requirePositive("adagrad", "epsilon", epsilon);
    }

    @Override
    protected double initialSlotValue(int slot) { return initialAccumulator; }

    @Override
    protected void update(Tensor theta, Tensor g, Slots state, long step) {
        Tensor a = state.slot(0);
        Tensor tmp = state.scratch();
        Ops.mul(g, g, tmp);
        Ops.axpy(1, tmp, a);
        Ops.binaryScalar(BinaryOp.ADD, a, epsilon, tmp);
        Ops.apply(UnaryOp.SQRT, tmp, tmp);
        Ops.div(g, tmp, tmp);
        Ops.axpy(-learningRate(), tmp, theta);
    }

    public double initialAccumulator() { return initialAccumulator; }

    public double epsilon() { return epsilon; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("initial_accumulator_value", initialAccumulator);
        c.put("epsilon", epsilon);
        return c;
    }
}
