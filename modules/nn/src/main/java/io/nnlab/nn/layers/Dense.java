package io.nnlab.nn.layers;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Registry;
import io.nnlab.nn.TensorCache;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.initializers.GlorotUniform;
import io.nnlab.nn.initializers.Initializer;
import io.nnlab.nn.initializers.Zeros;
import io.nnlab.nn.regularizers.Regularizer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fully connected layer, a = f(x · W + b), as Keras' Dense: W is [inputs, units] (so the
 * tutorials' x·W reads the same), W starts Glorot-uniform and b at zero, and initialisers and
 * regularisers are declared on the layer before it is built.
 *
 * <pre>{@code
 * new Dense(100, Activation.RELU)
 * new Dense(1).useBias(false)
 * new Dense(3, Activation.SIGMOID).kernelInitializer(new StandardNormal()).kernelRegularizer(new L2(1e-4))
 * }</pre>
 *
 * Forward is one GEMM, a bias row and the activation; backward is two GEMMs and a column sum, or
 * one GEMM where the input needs no gradient ({@link #backwardParameters}).
 *
 * <p>Dense is open to subclasses, as Keras' and PyTorch's are (a masked or noisy Dense overrides
 * {@link #forward} and {@link #backward}); a subclass is a type of its own for {@code ModelFile},
 * registered under its own name, so that a saved model never loads it back as a plain Dense.
 */
public class Dense extends AbstractLayer implements HasLogits {
    private final int units;
    private final Activation activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

    private Parameter kernel;
    private Parameter bias;
    private Tensor biasStep;  // Σ over the batch of dz, added into the bias grad

    private final TensorCache zs = new TensorCache();
    private final TensorCache as = new TensorCache();
    private final TensorCache dzs = new TensorCache();
    private final TensorCache dxs = new TensorCache();
    private Tensor x;  // input, pre-activation and output of the last forward
    private Tensor z;
    private Tensor a;

    /** A linear layer of this many units. */
    public Dense(int units) { this(units, Activation.IDENTITY); }

    public Dense(int units, Activation activation) {
        super("dense");
        if (units < 1) throw new IllegalArgumentException("dense: units must be >= 1, got " + units);
        this.units = units;
        this.activation = activation == null ? Activation.IDENTITY : activation;
    }

    // ---------------------------------------------------------------- configuration, before build

    @Override
    public Dense name(String name) {
        super.name(name);
        return this;
    }

    /** Keras' use_bias (default true); t3's output layers use Dense(1, use_bias=False). */
    public Dense useBias(boolean useBias) {
        requireUnbuilt("useBias");
        this.useBias = useBias;
        return this;
    }

    public Dense kernelInitializer(Initializer init) {
        requireUnbuilt("kernelInitializer");
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer");
        return this;
    }

    public Dense biasInitializer(Initializer init) {
        requireUnbuilt("biasInitializer");
        this.biasInitializer = Objects.requireNonNull(init, "biasInitializer");
        return this;
    }

    /** A penalty on W added to the loss; null for none. */
    public Dense kernelRegularizer(Regularizer reg) {
        requireUnbuilt("kernelRegularizer");
        this.kernelRegularizer = reg;
        return this;
    }

    /** A penalty on b added to the loss; null for none. */
    public Dense biasRegularizer(Regularizer reg) {
        requireUnbuilt("biasRegularizer");
        this.biasRegularizer = reg;
        return this;
    }

    public int units() { return units; }

    @Override
    public Activation activation() { return activation; }

    public boolean usesBias() { return useBias; }

    /** The penalty on W, or null for none. */
    public Regularizer kernelRegularizer() { return kernelRegularizer; }

    /** The penalty on b, or null for none. */
    public Regularizer biasRegularizer() { return biasRegularizer; }

    /** W, [inputs, units]. */
    public Parameter kernel() {
        if (kernel == null) throw new IllegalStateException(name() + ": the kernel exists once the layer is built");
        return kernel;
    }

    /** b, [units]. */
    public Parameter bias() {
        if (!useBias) throw new IllegalStateException(name() + ": has no bias (built with useBias(false))");
        if (bias == null) throw new IllegalStateException(name() + ": the bias exists once the layer is built");
        return bias;
    }

    // ---------------------------------------------------------------- build

    @Override
    public int[] outputShape(int[] inputShape) {
        requireFlat(inputShape);
        return new int[]{units};
    }

    @Override
    protected void createParameters(int[] inputShape, DType dtype, Rng rng) {
        kernel = new Parameter(name() + "/kernel", Tensor.zeros(dtype, inputShape[0], units));
        kernelInitializer.initialize(kernel.value(), rng);
        if (useBias) {
            bias = new Parameter(name() + "/bias", Tensor.zeros(dtype, units));
            biasInitializer.initialize(bias.value(), rng);
            biasStep = Tensor.zeros(dtype, units);
        }
    }

    @Override
    public List<Parameter> parameters() {
        if (!isBuilt()) return List.of();
        return useBias ? List.of(kernel, bias) : List.of(kernel);
    }

    // ---------------------------------------------------------------- forward and backward

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        int batch = x.dim(0);
        Tensor z = zs.matrix(dtype(), batch, units);
        Ops.gemm(1, x, false, kernel.value(), false, 0, z);           // z = x W
        if (useBias) Ops.add(z, bias.value(), z);                     //   + b
        Tensor a = activation == Activation.IDENTITY ? z : as.matrix(dtype(), batch, units);
        activation.forward(z, a);                                     // a = f(z)
        this.x = x;
        this.z = z;
        this.a = a;
        return a;
    }

    @Override
    public Tensor backward(Tensor gradOut) { return backward(gradOut, true); }

    @Override
    public void backwardParameters(Tensor gradOut) { backward(gradOut, false); }

    private Tensor backward(Tensor gradOut, boolean inputGradient) {
        checkGradOut(gradOut, a);
        Tensor dz = gradOut;
        if (activation != Activation.IDENTITY) {
            dz = dzs.like(z);
            ActivationLayer.differentiate(this, activation, z, a, gradOut, dz);  // dz = dL/da ⊙ f'(z)
        }
        accumulateGradients(dz);
        return inputGradient ? inputGradient(dz) : null;
    }

    @Override
    public Tensor backwardFromLogits(Tensor dz) {
        checkGradOut(dz, z);
        accumulateGradients(dz);
        return inputGradient(dz);
    }

    private void accumulateGradients(Tensor dz) {
        double beta = kernel.accumulateBeta();                         // 0 right after zeroGrad
        Ops.gemm(1, x, true, dz, false, beta, kernel.grad());         // dW += xᵀ dz
        if (useBias) {
            Ops.sum(dz, 0, biasStep);                                 // db += Σ_batch dz
            Ops.axpy(1, biasStep, bias.grad());
        }
    }

    private Tensor inputGradient(Tensor dz) {
        Tensor dx = dxs.like(x);
        Ops.gemm(1, dz, false, kernel.value(), true, 0, dx);          // dx = dz Wᵀ
        return dx;
    }

    @Override
    public Tensor logits() {
        if (z == null) throw new IllegalStateException(name() + ": no logits before the first forward");
        return z;
    }

    // ---------------------------------------------------------------- regularisation

    @Override
    public double regularizationLoss() {
        double r = 0;
        if (kernelRegularizer != null) r += kernelRegularizer.loss(kernel.value());
        if (biasRegularizer != null && useBias) r += biasRegularizer.loss(bias.value());
        return r;
    }

    @Override
    public void addRegularizationGradients() {
        if (kernelRegularizer != null) kernelRegularizer.addGradient(kernel.value(), kernel.grad());
        if (biasRegularizer != null && useBias) biasRegularizer.addGradient(bias.value(), bias.grad());
    }

    /**
     * Everything that changes what the layer computes or how it trains, as {@code ModelFile} saves it:
     * name, units, activation, use_bias and the regularisers. Initialisers are not included: loading
     * replaces the weights they drew.
     */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("units", units);
        c.put("activation", Registry.describe(activation));
        c.put("use_bias", useBias);
        c.put("kernel_regularizer", Registry.describe(kernelRegularizer));
        c.put("bias_regularizer", Registry.describe(biasRegularizer));
        return c;
    }
}
