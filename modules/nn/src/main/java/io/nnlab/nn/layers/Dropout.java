package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.nn.TensorCache;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dropout (Srivastava et al., 2014) as Keras applies it: in training each value is zeroed with
 * probability {@code rate} and the survivors scaled by 1 / (1 - rate) (inverted dropout), so
 * inference is the identity and needs no rescaling. Masks come from the generator the layer is
 * built with, so a seed fixes them.
 */
public final class Dropout extends AbstractLayer {
    private final double rate;
    private final double keepScale;
    private Rng rng;
    private boolean maskFixed;
    private Tensor fixedMask;

    private final TensorCache masks = new TensorCache();
    private final TensorCache outputs = new TensorCache();
    private final TensorCache grads = new TensorCache();
    private Tensor mask;  // of the last forward; null when it was the identity
    private Tensor y;

    /** Drops each value with probability rate, in [0, 1). */
    public Dropout(double rate) {
        super("dropout");
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.keepScale = 1 / (1 - rate);
    }

    @Override
    public Dropout name(String name) {
        super.name(name);
        return this;
    }

    public double rate() { return rate; }

    /**
     * While fixed, training forwards reuse one mask (drawn at the first of them) instead of drawing a
     * new one each time: the layer becomes a fixed function, which a gradient check needs.
     */
    public Dropout fixMask(boolean fixed) {
        maskFixed = fixed;
        if (!fixed) fixedMask = null;
        return this;
    }

    public boolean isMaskFixed() { return maskFixed; }

    @Override
    public int[] outputShape(int[] inputShape) { return inputShape.clone(); }

    @Override
    protected void createParameters(int[] inputShape, DType dtype, Rng rng) { this.rng = rng; }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        if (mode == Mode.INFERENCE || rate == 0) {
            mask = null;
            y = x;
            return y;
        }
        if (maskFixed && fixedMask != null && fixedMask.sameShape(x)) {
            mask = fixedMask;
        } else {
            mask = masks.like(x);
            for (int i = 0, n = mask.size(); i < n; i++) mask.setFlat(i, rng.nextDouble() < rate ? 0 : keepScale);
            if (maskFixed) fixedMask = mask;
        }
        y = outputs.like(x);
        Ops.mul(x, mask, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        checkGradOut(gradOut, y);
        if (mask == null) return gradOut;
        Tensor gradIn = grads.like(gradOut);
        Ops.mul(gradOut, mask, gradIn);
        return gradIn;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("rate", rate);
        return c;
    }
}
