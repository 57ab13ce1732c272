package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens each sample to one feature vector: [batch, 28, 28] becomes [batch, 784], as Keras'
 * Flatten. Forward and backward are reshapes that share storage, so no values are copied.
 */
public final class Flatten extends AbstractLayer {
    private int features;
    private final Views outputs = new Views();
    private final Views grads = new Views();
    private Tensor y;

    public Flatten() { super("flatten"); }

    @Override
    public Flatten name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        long n = 1;
        for (int d : inputShape) {
            if (d < 1) throw new IllegalArgumentException(name() + ": dimensions must be >= 1, got input shape "
                    + Arrays.toString(inputShape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": " + n + " features per sample is too many");
        }
        return new int[]{(int) n};
    }

    @Override
    protected void createParameters(int[] inputShape, DType dtype, Rng rng) { features = outputShape(inputShape)[0]; }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        y = outputs.of(x, false);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        checkGradOut(gradOut, y);
        return grads.of(gradOut, true);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        return c;
    }

    /** Reshaped views of the last few tensors seen, so a steady loop reshapes (allocates) nothing. */
    private final class Views {
        private final Tensor[] sources = new Tensor[4];
        private final Tensor[] views = new Tensor[4];
        private int next;

        Tensor of(Tensor src, boolean toInputShape) {
            for (int i = 0; i < sources.length; i++) {
                if (sources[i] == src) return views[i];
            }
            Tensor view;
            if (toInputShape) {
                int[] in = inputShape();
                int[] s = new int[in.length + 1];
                s[0] = src.dim(0);
                System.arraycopy(in, 0, s, 1, in.length);
                view = src.reshape(s);
            } else {
                view = src.reshape(src.dim(0), features);
            }
            sources[next] = src;
            views[next] = view;
            next = (next + 1) % sources.length;
            return view;
        }
    }
}
