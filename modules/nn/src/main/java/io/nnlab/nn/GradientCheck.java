package io.nnlab.nn;

import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Compares backprop's gradients with central differences, (f(θ + ε) - f(θ - ε)) / 2ε, over every
 * trainable parameter and the input.
 *
 * <pre>{@code
 * GradientCheck.Result r = new GradientCheck().check(model, x, y, loss);
 * assert r.maxRelativeError() < 1e-7 : r;
 * }</pre>
 *
 * <p>Each entry's relative error is normwise, ‖analytic - numeric‖ / max(‖analytic‖, ‖numeric‖)
 * (as t5's check), so elements whose gradient is nearly zero do not drown the comparison in
 * rounding noise; the largest element-wise absolute difference is reported beside it. Run it in
 * float64: in float32 central differences are good to about 1e-3. Models and layers are checked in
 * training mode with Dropout masks held fixed for the duration of the check (BatchNorm's moving
 * statistics do move, but training mode does not read them).
 */
public final class GradientCheck {
    private double epsilon = 1e-5;
    private long seed = 1;

    /**
     * The step ε of the central differences; default 1e-5, where float64 rounding (which grows as
     * 1/ε) and truncation (as ε²) balance.
     */
    public GradientCheck epsilon(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("GradientCheck: epsilon must be finite and > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        return this;
    }

    /** Seeds the random projection a single layer's output is reduced with. */
    public GradientCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The model's loss (data plus regularisation, as computeGradients computes it) against its parameters and x. */
    public Result check(Sequential model, Tensor x, Tensor y, Loss loss) {
        List<Dropout> fixed = fixMasks(model.layers());
        try {
            model.computeGradients(x, y, loss, true);
            DoubleSupplier f = () -> model.objective(x, y, loss, Mode.TRAIN);
            List<Entry> entries = new ArrayList<>();
            Tensor inputGrad = model.inputGradient().copy();
            for (Parameter p : model.parameters()) entries.add(compare(p.name(), p.grad().copy(), p.value(), f));
            entries.add(compare("input", inputGrad, x, f));
            return new Result(entries);
        } finally {
            for (Dropout d : fixed) d.fixMask(false);
        }
    }

    /**
     * One layer against its trainable parameters and its input, through the scalar
     * f = Σ r ⊙ layer(x) + the layer's regularisation loss, for a fixed random r.
     */
    public Result check(Layer layer, Tensor x) { return check(layer, x, Mode.TRAIN); }

    /** As {@link #check(Layer, Tensor)}, with the layer run in the given mode. */
    public Result check(Layer layer, Tensor x, Mode mode) {
        List<Dropout> fixed = fixMasks(List.of(layer));
        try {
            Tensor out = layer.forward(x, mode);
            Tensor r = Tensor.normal(out.dtype(), new Rng(seed), 0, 1, out.shape());
            for (Parameter p : layer.parameters()) p.zeroGrad();
            layer.forward(x, mode);
            Tensor inputGrad = layer.backward(r).copy();
            layer.addRegularizationGradients();
            DoubleSupplier f = () -> dot(r, layer.forward(x, mode)) + layer.regularizationLoss();
            List<Entry> entries = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                if (p.trainable()) entries.add(compare(p.name(), p.grad().copy(), p.value(), f));
            }
            entries.add(compare("input", inputGrad, x, f));
            return new Result(entries);
        } finally {
            for (Dropout d : fixed) d.fixMask(false);
        }
    }

    /** A loss against its prediction. */
    public Result check(Loss loss, Tensor prediction, Tensor target) {
        loss.forward(prediction, target);
        Tensor analytic = loss.backward().copy();
        return new Result(List.of(compare("prediction", analytic, prediction, () -> loss.forward(prediction, target))));
    }

    /** A loss's fused form against the logits. */
    public Result checkFromLogits(Loss loss, Tensor logits, Tensor target) {
        loss.forwardFromLogits(logits, target);
        Tensor analytic = loss.backward().copy();
        return new Result(List.of(compare("logits", analytic, logits, () -> loss.forwardFromLogits(logits, target))));
    }

    private static List<Dropout> fixMasks(List<Layer> layers) {
        List<Dropout> fixed = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Dropout d && !d.isMaskFixed()) {
                d.fixMask(true);
                fixed.add(d);
            }
        }
        return fixed;
    }

    /** Central differences of f over every element of v (restored afterwards), compared with analytic. */
    private Entry compare(String name, Tensor analytic, Tensor v, DoubleSupplier f) {
        double diff2 = 0, a2 = 0, n2 = 0, maxAbs = 0;
        for (int i = 0; i < v.size(); i++) {
            double original = v.getFlat(i);
            v.setFlat(i, original + epsilon);
            double up = v.getFlat(i);  // the step actually taken, after rounding to the dtype
            double fUp = f.getAsDouble();
            v.setFlat(i, original - epsilon);
            double down = v.getFlat(i);
            double fDown = f.getAsDouble();
            v.setFlat(i, original);
            double numeric = (fUp - fDown) / (up - down);
            double a = analytic.getFlat(i);
            double d = a - numeric;
            diff2 += d * d;
            a2 += a * a;
            n2 += numeric * numeric;
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        double scale = Math.sqrt(Math.max(a2, n2));
        double rel = scale == 0 ? 0 : Math.sqrt(diff2) / scale;
        return new Entry(name, rel, maxAbs, Math.sqrt(a2));
    }

    /** One parameter's (or the input's) comparison. */
    public record Entry(String name, double relativeError, double maxAbsoluteError, double gradientNorm) {}

    /** The comparisons of one check, in parameter order, the input last. */
    public record Result(List<Entry> entries) {

        public Result {
            entries = List.copyOf(entries);
        }

        public double maxRelativeError() {
            double m = 0;
            for (Entry e : entries) m = Math.max(m, e.relativeError());
            return m;
        }

        /** The entry with the largest relative error. */
        public Entry worst() {
            Entry w = entries.getFirst();
            for (Entry e : entries) {
                if (e.relativeError() > w.relativeError()) w = e;
            }
            return w;
        }

        public Entry entry(String name) {
            for (Entry e : entries) {
                if (e.name().equals(name)) return e;
            }
            throw new IllegalArgumentException("GradientCheck: no entry '" + name + "' in " + this);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-32s %12s %12s %12s%n",
                    "parameter", "rel. error", "max |diff|", "‖grad‖"));
            for (Entry e : entries) {
                sb.append(String.format(Locale.ROOT, "%-32s %12.3e %12.3e %12.3e%n",
                        e.name(), e.relativeError(), e.maxAbsoluteError(), e.gradientNorm()));
            }
            return sb.toString();
        }
    }

    /** Σ a·b accumulated in double whatever the dtype: the check's probe must not round in float. */
    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0, n = a.size(); i < n; i++) s += a.getFlat(i) * b.getFlat(i);
        return s;
    }
}
