package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.util.List;

/**
 * The trainable parameters of a model seen as one flat {@code double[]}: what full-batch minimisers
 * (BFGS, L-BFGS, conjugate gradient) work on. The order is the parameters' order, each flattened
 * row-major, as numpy's {@code np.concatenate([w.flat for w in weights])}.
 *
 * <p>Either dtype may lie underneath: float32 values are widened on the way out and rounded to the
 * nearest float on the way in, so {@code set(v)} then {@code get()} returns v rounded to float32.
 * Non-trainable parameters are not part of the vector.
 */
public final class ParameterVector {

    private final List<Parameter> parameters;
    private final int[] offsets;
    private final int size;

    private ParameterVector(List<Parameter> parameters) {
        this.parameters = parameters;
        this.offsets = new int[parameters.size()];
        long total = 0;
        for (int i = 0; i < parameters.size(); i++) {
            offsets[i] = (int) total;
            total += parameters.get(i).value().size();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("ParameterVector: " + total + " values exceed the largest array");
            }
        }
        this.size = (int) total;
    }

    /** The trainable parameters among {@code parameters}, in their order. */
    public static ParameterVector of(List<Parameter> parameters) {
        return new ParameterVector(parameters.stream().filter(Parameter::trainable).toList());
    }

    /** The trainable parameters of a model. */
    public static ParameterVector of(Trainable model) { return of(model.parameters()); }

    /** The number of values: the sum of the trainable parameters' sizes. */
    public int size() { return size; }

    /** The parameters the vector covers, in order. */
    public List<Parameter> parameters() { return parameters; }

    /** The values as a new array. */
    public double[] get() {
        double[] out = new double[size];
        get(out);
        return out;
    }

    /** Copies the values into {@code out} (of length {@link #size()}). */
    public void get(double[] out) {
        check("get", out);
        for (int i = 0; i < parameters.size(); i++) copyOut(parameters.get(i).value(), out, offsets[i]);
    }

    /** Sets the values from {@code values} (of length {@link #size()}). */
    public void set(double[] values) {
        check("set", values);
        for (int i = 0; i < parameters.size(); i++) {
            Tensor t = parameters.get(i).value();
            int off = offsets[i];
            if (t.dtype() == DType.FLOAT64) {
                System.arraycopy(values, off, t.doubles(), 0, t.size());
            } else {
                float[] f = t.floats();
                for (int j = 0; j < f.length; j++) f[j] = (float) values[off + j];
            }
        }
    }

    /** Copies the gradients (each parameter's grad) into {@code out} (of length {@link #size()}). */
    public void gradient(double[] out) {
        check("gradient", out);
        for (int i = 0; i < parameters.size(); i++) copyOut(parameters.get(i).grad(), out, offsets[i]);
    }

    /** The gradients as a new array. */
    public double[] gradient() {
        double[] out = new double[size];
        gradient(out);
        return out;
    }

    private static void copyOut(Tensor t, double[] out, int off) {
        if (t.dtype() == DType.FLOAT64) {
            System.arraycopy(t.doubles(), 0, out, off, t.size());
        } else {
            float[] f = t.floats();
            for (int j = 0; j < f.length; j++) out[off + j] = f[j];
        }
    }

    private void check(String op, double[] a) {
        if (a.length != size) {
            throw new IllegalArgumentException("ParameterVector." + op + ": expected an array of " + size
                    + " values (the trainable parameters " + names() + "), got " + a.length);
        }
    }

    private List<String> names() {
        return parameters.stream().map(p -> p.name() + p.value().shapeString()).toList();
    }

    @Override
    public String toString() { return "ParameterVector(" + size + " values: " + names() + ")"; }
}
