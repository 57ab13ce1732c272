package com.example.research;

import io.nnlab.nn.Mode;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.TensorCache;
import io.nnlab.nn.initializers.Constant;
import io.nnlab.nn.layers.AbstractLayer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Rng;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** A layer as a researcher writes one: y = x ⊙ s, one trainable scale per feature, starting at {@code init}. */
public final class Scale extends AbstractLayer {
    private final double init;
    private final TensorCache outputs = new TensorCache();
    private final TensorCache inputGrads = new TensorCache();
    private final TensorCache products = new TensorCache();
    private Parameter scale;
    private Tensor columnSum;  // Σ over the batch, added into the scale's grad
    private Tensor x;
    private Tensor y;

    public Scale(double init) { this.init = init; }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireFlat(inputShape);
        return inputShape.clone();
    }

    @Override
    protected void createParameters(int[] inputShape, DType dtype, Rng rng) {
        scale = new Parameter(name() + "/scale", Tensor.zeros(dtype, inputShape[0]));
        new Constant(init).initialize(scale.value(), rng);
        columnSum = Tensor.zeros(dtype, inputShape[0]);
    }

    @Override
    public List<Parameter> parameters() { return isBuilt() ? List.of(scale) : List.of(); }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        this.x = x;
        y = outputs.like(x);
        Ops.mul(x, scale.value(), y);          // the [features] scale broadcasts over the batch
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        checkGradOut(gradOut, y);
        Tensor gx = products.like(x);
        Ops.mul(gradOut, x, gx);
        Ops.sum(gx, 0, columnSum);
        Ops.axpy(1, columnSum, scale.grad()); // ds += Σ_batch g ⊙ x
        Tensor dx = inputGrads.like(x);
        Ops.mul(gradOut, scale.value(), dx);   // dx = g ⊙ s
        return dx;
    }

    @Override
    public Map<String, Object> config() { return Map.of("init", init); }
}
