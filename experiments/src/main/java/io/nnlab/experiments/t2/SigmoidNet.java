package io.nnlab.experiments.t2;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.layers.Dense;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

/**
 * The tutorial's hand-made 2-3-1 network, ŷ = σ(x W1) W2 with no biases, and its forward-difference
 * gradient: nudge one weight by Δ, rerun the network, take (J(w + Δ) - J(w)) / Δ.
 *
 * <p>Written out in plain loops because each epoch costs ten passes over the data: a nudge to
 * W1[i][j] changes only hidden unit j, and a nudge to W2[j] only the output sum, so a nudged cost
 * recomputes just that part and reuses the other hidden units, evaluated in the same order as a
 * full pass (so the cost is the one a full pass gives). Weights, activations and outputs are
 * stored at the data's dtype; the arithmetic between them runs in double, as nnlab's losses sum.
 */
final class SigmoidNet {
    private static final int INPUTS = 2, HIDDEN = 3;

    private final boolean float32;
    private final int n;
    private final double[] x0, x1, y;
    /** W1 row-major [2, 3] and W2 [3], as the tutorial holds them. */
    private final double[] w1 = new double[INPUTS * HIDDEN], w2 = new double[HIDDEN];
    /** Hidden activations at the current weights, unit by unit. */
    private final double[][] hidden;
    /** Work space for a nudged hidden unit, and for W2 with one weight nudged. */
    private final double[] nudgedUnit;
    private final double[] nudgedW2 = new double[HIDDEN];

    /** The network with the weights a freshly built nnlab model drew, so both t2 nets start alike. */
    SigmoidNet(Sequential start, SepalsToPetal data) {
        this.float32 = data.x().dtype() == DType.FLOAT32;
        this.n = data.x().rows();
        x0 = new double[n];
        x1 = new double[n];
        y = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = data.x().at(i, 0);
            x1[i] = data.x().at(i, 1);
            y[i] = data.y().getFlat(i);
        }
        Tensor k1 = ((Dense) start.layer(0)).kernel().value(), k2 = ((Dense) start.layer(1)).kernel().value();
        for (int i = 0; i < w1.length; i++) w1[i] = k1.getFlat(i);
        for (int j = 0; j < HIDDEN; j++) w2[j] = k2.getFlat(j);
        hidden = new double[HIDDEN][n];
        nudgedUnit = new double[n];
    }

    int weights() { return w1.length + w2.length; }

    /** J at the current weights (a full forward pass, which also refreshes the hidden activations). */
    double cost() {
        for (int j = 0; j < HIDDEN; j++) unit(w1[j], w1[HIDDEN + j], hidden[j]);
        return outputCost(-1, null, w2);
    }

    /**
     * The forward-difference gradient at the current weights, in W1-then-W2 order.
     *
     * @param costNow J at the current weights, from {@link #cost()}
     */
    void gradient(double costNow, double delta, double[] grad) {
        for (int i = 0; i < INPUTS; i++) {
            for (int j = 0; j < HIDDEN; j++) {
                int k = i * HIDDEN + j;
                double nudged = round(w1[k] + delta);
                unit(i == 0 ? nudged : w1[j], i == 1 ? nudged : w1[HIDDEN + j], nudgedUnit);
                grad[k] = (outputCost(j, nudgedUnit, w2) - costNow) / delta;
            }
        }
        System.arraycopy(w2, 0, nudgedW2, 0, HIDDEN);
        for (int j = 0; j < HIDDEN; j++) {
            nudgedW2[j] = round(w2[j] + delta);
            grad[w1.length + j] = (outputCost(-1, null, nudgedW2) - costNow) / delta;
            nudgedW2[j] = w2[j];
        }
    }

    /** w ← w - lr · grad, each weight kept at the dtype. */
    void step(double learningRate, double[] grad) {
        for (int k = 0; k < w1.length; k++) w1[k] = round(w1[k] - learningRate * grad[k]);
        for (int j = 0; j < HIDDEN; j++) w2[j] = round(w2[j] - learningRate * grad[w1.length + j]);
    }

    /** One hidden unit's activations σ(x0 a + x1 b) over all samples. */
    private void unit(double a, double b, double[] out) {
        for (int s = 0; s < n; s++) out[s] = round(1.0 / (1.0 + Math.exp(-(x0[s] * a + x1[s] * b))));
    }

    /** ½ Σ (y - h·v)², with hidden unit `replaced` (if not -1) taken from `unit` instead. */
    private double outputCost(int replaced, double[] unit, double[] v) {
        double[] h0 = replaced == 0 ? unit : hidden[0];
        double[] h1 = replaced == 1 ? unit : hidden[1];
        double[] h2 = replaced == 2 ? unit : hidden[2];
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double out = round(h0[s] * v[0] + h1[s] * v[1] + h2[s] * v[2]);
            double d = y[s] - out;
            sum += d * d;
        }
        return 0.5 * sum;
    }

    private double round(double v) { return float32 ? (float) v : v; }
}
