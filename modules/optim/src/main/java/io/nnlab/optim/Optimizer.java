package io.nnlab.optim;

import io.nnlab.nn.ConcurrentUseException;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.UseGuard;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A first-order optimiser: updates parameters in place from their gradients.
 *
 * <p>Optimisers are separate from models (PyTorch's {@code optim}, optax): {@link #step} sees only
 * a list of {@link Parameter}s, reads each one's {@link Parameter#grad()} and changes its
 * {@link Parameter#value()}. A subclass says how one tensor is updated ({@link #update}); this class
 * keeps what every optimiser shares: the learning rate, decoupled weight decay, the step count, and
 * the per-parameter state.
 *
 * <p>State is explicit and inspectable, as in optax: each parameter gets the named tensors its
 * optimiser keeps ({@link #slotNames()}, e.g. Adam's {@code m} and {@code v}), created on the
 * parameter's first step (as zeros, unless {@link #initialSlotValue} says otherwise) and visible
 * through {@link #state(Parameter)}; with {@link #iterations()} that is everything needed to save
 * and resume an optimiser. A step allocates nothing once the state
 * exists: updates run through the tensor kernels into the state tensors and one scratch tensor per
 * parameter.
 *
 * <p>An optimiser keeps state per parameter and a step count, so it serves one training run at a
 * time: {@link #step} holds its {@link #guard()}, and a step from a second thread meanwhile fails with
 * a {@link ConcurrentUseException} instead of mixing two runs' moments.
 *
 * <p>Weight decay is decoupled, as Keras 3 applies it to every optimiser and as AdamW defines it:
 * before the update, {@code θ ← θ - lr·wd·θ}. It is not an L2 term added to the gradient (put that
 * on the model as a regulariser).
 */
public abstract class Optimizer {

    private final String name;
    private final double weightDecay;
    private final List<String> slotNames;
    private final Map<Parameter, Slots> slots = new IdentityHashMap<>();
    private final UseGuard guard;
    private double learningRate;
    private long iterations;

    /**
     * @param name         the optimiser's name, used in messages ("adam", "sgd")
     * @param learningRate the step size, > 0
     * @param weightDecay  decoupled weight decay, >= 0 (0 for none)
     * @param slotNames    the names of the state tensors kept per parameter, in a fixed order
     */
    protected Optimizer(String name, double learningRate, double weightDecay, List<String> slotNames) {
        this.name = name;
        this.guard = new UseGuard("the " + name + " optimiser");
        this.learningRate = requirePositive(name, "learningRate", learningRate);
        this.weightDecay = requireNonNegative(name, "weightDecay", weightDecay);
        this.slotNames = List.copyOf(slotNames);
    }

    /**
     * Applies one update to every trainable parameter in the list, from its current grad.
     * Non-trainable parameters are left alone.
     */
    public final void step(List<Parameter> parameters) {
        guard.enter("step");
        try {
            long t = ++iterations;
            double decay = learningRate * weightDecay;
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                if (!p.trainable()) continue;
                Slots s = slotsOf(p);
                if (decay != 0) Ops.axpy(-decay, p.value(), p.value());
                update(p.value(), p.grad(), s, t);
            }
        } finally {
            guard.exit();
        }
    }

    /** The guard that keeps this optimiser to one thread at a time; {@link Trainer} holds it for a whole fit. */
    public final UseGuard guard() { return guard; }

    /**
     * Updates one parameter tensor in place.
     *
     * @param value the parameter's value, to be changed in place
     * @param grad  the gradient of the loss with respect to {@code value}; must not be changed
     * @param state this parameter's state tensors (see {@link #slotNames()}) and a scratch tensor
     * @param step  the number of this step, counting from 1 (Adam's bias correction uses it)
     */
    protected abstract void update(Tensor value, Tensor grad, Slots state, long step);

    // ------------------------------------------------------------------ state

    /** The value the i-th state slot starts at, for every element (0 unless overridden: AdaGrad's accumulator). */
    protected double initialSlotValue(int slot) { return 0; }

    /**
     * The state tensors of one parameter, by slot name, in {@link #slotNames()} order. The tensors are
     * live: changing them changes the optimiser (which is how saved state is loaded back). Empty
     * until the parameter's first step.
     */
    public Map<String, Tensor> state(Parameter parameter) {
        Slots s = slots.get(parameter);
        if (s == null) return Map.of();
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < slotNames.size(); i++) m.put(slotNames.get(i), s.slot(i));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Creates the state of a parameter now (each slot at its {@link #initialSlotValue}) if it has none,
     * e.g. to load saved state into it before the first step.
     */
    public Map<String, Tensor> initState(Parameter parameter) {
        slotsOf(parameter);
        return state(parameter);
    }

    /** The names of the state tensors each parameter gets, e.g. [m, v] for Adam. */
    public List<String> slotNames() { return slotNames; }

    /** Steps taken so far (Keras's {@code optimizer.iterations}). */
    public long iterations() { return iterations; }

    /** Sets the step count, e.g. when resuming from saved state; the next step is {@code iterations + 1}. */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException(name + ": iterations must be >= 0, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** Forgets all state and the step count, as if freshly created. */
    public void reset() {
        slots.clear();
        iterations = 0;
    }

    private Slots slotsOf(Parameter p) {
        Slots s = slots.get(p);
        if (s == null) {
            if (p.value().dtype() != p.grad().dtype() || !p.value().sameShape(p.grad())) {
                throw new IllegalArgumentException(name + ": parameter '" + p.name() + "' has value "
                        + p.value().dtype() + " " + p.value().shapeString() + " but grad " + p.grad().dtype()
                        + " " + p.grad().shapeString());
            }
            Tensor[] t = new Tensor[slotNames.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = Tensor.zerosLike(p.value());
                double init = initialSlotValue(i);
                if (init != 0) t[i].fill(init);
            }
            s = new Slots(t, Tensor.zerosLike(p.value()));
            slots.put(p, s);
        }
        return s;
    }

    // ------------------------------------------------------------------ hyperparameters

    /** The optimiser's name, e.g. "adam". */
    public String name() { return name; }

    public double learningRate() { return learningRate; }

    /**
     * Changes the learning rate for later steps (a schedule, or a callback that lowers it on plateaus);
     * finite and >= 0, where 0 (a cosine schedule's end) leaves the parameters where they are.
     */
    public void setLearningRate(double learningRate) {
        this.learningRate = requireNonNegative(name, "learningRate", learningRate);
    }

    public double weightDecay() { return weightDecay; }

    /** The hyperparameters as simple key/value pairs, for summaries and saving. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", learningRate);
        c.put("weight_decay", weightDecay);
        return c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : config().entrySet()) {
            if (e.getKey().equals("name")) continue;
            if (!first) sb.append(", ");
            sb.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ checks for subclasses

    protected static double requirePositive(String optimizer, String parameter, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + parameter + " must be > 0 and finite, got "
                    + value);
        }
        return value;
    }

    protected static double requireNonNegative(String optimizer, String parameter, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + parameter + " must be >= 0 and finite, got "
                    + value);
        }
        return value;
    }

    /** Requires 0 <= value < 1: decay rates (β, ρ) and momentum. */
    protected static double requireUnitInterval(String optimizer, String parameter, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + parameter + " must be in [0, 1), got "
                    + value);
        }
        return value;
    }

    /**
     * One parameter's state: its slot tensors, in {@link #slotNames()} order, and a scratch tensor of
     * the parameter's shape for intermediate results (not state: its contents do not survive a step).
     */
    public static final class Slots {
        private final Tensor[] slots;
        private final Tensor scratch;

        private Slots(Tensor[] slots, Tensor scratch) {
            this.slots = slots;
            this.scratch = scratch;
        }

        /** The i-th state tensor, in {@link #slotNames()} order. */
        public Tensor slot(int i) { return slots[i]; }

        public Tensor scratch() { return scratch; }
    }
}
