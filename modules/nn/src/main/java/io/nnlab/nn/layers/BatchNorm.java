package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.TensorCache;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over features (Ioffe and Szegedy, 2015), as Keras' BatchNormalization:
 * y = γ (x - μ) / sqrt(σ² + ε) + β per feature.
 *
 * <p>In training μ and σ² are the batch's mean and (biased) variance, and the moving averages are
 * updated as moving = momentum · moving + (1 - momentum) · batch; at inference the moving averages
 * are used. Defaults as Keras: momentum 0.99, ε 1e-3, γ = 1, β = 0, moving mean 0 and variance 1.
 * The moving statistics are non-trainable parameters: models report them but optimisers skip them.
 * Statistics are accumulated in double for both dtypes.
 */
public final class BatchNorm extends AbstractLayer {
    private double momentum = 0.99;
    private double epsilon = 1e-3;

    private Parameter gamma;
    private Parameter beta;
    private Parameter movingMean;
    private Parameter movingVariance;
    private int features;
    private double[] mean;      // per feature, of the last forward
    private double[] invStd;
    private double[] sumGrad;   // per feature, backward work
    private double[] sumGradXhat;

    private final TensorCache xhats = new TensorCache();
    private final TensorCache outputs = new TensorCache();
    private final TensorCache grads = new TensorCache();
    private Tensor xhat;
    private Tensor y;
    private boolean trained;  // whether the last forward used batch statistics

    public BatchNorm() { super("batch_normalization"); }

    @Override
    public BatchNorm name(String name) {
        super.name(name);
        return this;
    }

    /** The weight of the old moving statistics in each update, in [0, 1]; Keras' default 0.99. */
    public BatchNorm momentum(double momentum) {
        requireUnbuilt("momentum");
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name() + ": momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** Added to the variance before the square root; Keras' default 1e-3. */
    public BatchNorm epsilon(double epsilon) {
        requireUnbuilt("epsilon");
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException(name() + ": epsilon must be finite and > 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        return this;
    }

    public double momentum() { return momentum; }

    public double epsilon() { return epsilon; }

    public Parameter gamma() { return built(gamma); }

    public Parameter beta() { return built(beta); }

    public Parameter movingMean() { return built(movingMean); }

    public Parameter movingVariance() { return built(movingVariance); }

    private Parameter built(Parameter p) {
        if (p == null) throw new IllegalStateException(name() + ": parameters exist once the layer is built");
        return p;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireFlat(inputShape);
        return inputShape.clone();
    }

    @Override
    protected void createParameters(int[] inputShape, DType dtype, Rng rng) {
        features = inputShape[0];
        gamma = new Parameter(name() + "/gamma", Tensor.ones(dtype, features));
        beta = new Parameter(name() + "/beta", Tensor.zeros(dtype, features));
        movingMean = new Parameter(name() + "/moving_mean", Tensor.zeros(dtype, features)).trainable(false);
        movingVariance = new Parameter(name() + "/moving_variance", Tensor.ones(dtype, features)).trainable(false);
        mean = new double[features];
        invStd = new double[features];
        sumGrad = new double[features];
        sumGradXhat = new double[features];
    }

    @Override
    public List<Parameter> parameters() {
        if (!isBuilt()) return List.of();
        return List.of(gamma, beta, movingMean, movingVariance);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        int n = x.dim(0);
        if (mode == Mode.TRAIN) {
            if (n < 2) {
                throw new IllegalArgumentException(name() + ": training needs a batch of at least 2 samples to "
                        + "estimate each feature's variance, got a batch of " + n);
            }
            batchStatistics(x, n);
        } else {
            Tensor mm = movingMean.value(), mv = movingVariance.value();
            for (int j = 0; j < features; j++) {
                mean[j] = mm.getFlat(j);
                invStd[j] = 1 / Math.sqrt(mv.getFlat(j) + epsilon);
            }
        }
        trained = mode == Mode.TRAIN;
        xhat = xhats.like(x);
        y = outputs.like(x);
        Tensor g = gamma.value(), b = beta.value();
        for (int i = 0; i < n; i++) {
            int o = i * features;
            for (int j = 0; j < features; j++) {
                double xh = (x.getFlat(o + j) - mean[j]) * invStd[j];
                xhat.setFlat(o + j, xh);
                y.setFlat(o + j, g.getFlat(j) * xh + b.getFlat(j));
            }
        }
        return y;
    }

    /** Batch mean and biased variance (two passes, for accuracy), and the moving-average update. */
    private void batchStatistics(Tensor x, int n) {
        Arrays.fill(mean, 0);
        Arrays.fill(invStd, 0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) mean[j] += x.getFlat(i * features + j);
        }
        for (int j = 0; j < features; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                double d = x.getFlat(i * features + j) - mean[j];
                invStd[j] += d * d;
            }
        }
        Tensor mm = movingMean.value(), mv = movingVariance.value();
        for (int j = 0; j < features; j++) {
            double variance = invStd[j] / n;
            mm.setFlat(j, momentum * mm.getFlat(j) + (1 - momentum) * mean[j]);
            mv.setFlat(j, momentum * mv.getFlat(j) + (1 - momentum) * variance);
            invStd[j] = 1 / Math.sqrt(variance + epsilon);
        }
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        checkGradOut(gradOut, y);
        int n = gradOut.dim(0);
        Arrays.fill(sumGrad, 0);
        Arrays.fill(sumGradXhat, 0);
        for (int i = 0; i < n; i++) {
            int o = i * features;
            for (int j = 0; j < features; j++) {
                double g = gradOut.getFlat(o + j);
                sumGrad[j] += g;
                sumGradXhat[j] += g * xhat.getFlat(o + j);
            }
        }
        Tensor gg = gamma.grad(), bg = beta.grad(), gv = gamma.value();
        for (int j = 0; j < features; j++) {
            gg.setFlat(j, gg.getFlat(j) + sumGradXhat[j]);  // dγ = Σ g x̂
            bg.setFlat(j, bg.getFlat(j) + sumGrad[j]);      // dβ = Σ g
        }
        Tensor gradIn = grads.like(gradOut);
        for (int i = 0; i < n; i++) {
            int o = i * features;
            for (int j = 0; j < features; j++) {
                double g = gradOut.getFlat(o + j);
                double scale = gv.getFlat(j) * invStd[j];
                // With batch statistics μ and σ² depend on every sample: dx = γ/σ (g - mean(g) - x̂ mean(g x̂)).
                double dx = trained
                        ? scale * (g - sumGrad[j] / n - xhat.getFlat(o + j) * sumGradXhat[j] / n)
                        : scale * g;
                gradIn.setFlat(o + j, dx);
            }
        }
        return gradIn;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        return c;
    }
}
