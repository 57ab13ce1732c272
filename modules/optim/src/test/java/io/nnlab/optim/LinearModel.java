package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.nn.losses.Loss;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Ops;
import io.nnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** p = x·W (+ b), optionally through a sigmoid: linear and logistic regression, enough to test training. */
final class LinearModel implements Trainable {
    final Parameter kernel;
    final Parameter bias;
    private final boolean sigmoid;
    private final List<Parameter> parameters = new ArrayList<>();

    LinearModel(DType dtype, double[][] w, double[] b, boolean sigmoid) {
        this.kernel = new Parameter("linear/kernel", Tensor.matrix(dtype, w));
        this.bias = b == null ? null : new Parameter("linear/bias", Tensor.vector(dtype, b));
        this.sigmoid = sigmoid;
        parameters.add(kernel);
        if (bias != null) parameters.add(bias);
    }

    static LinearModel regression(DType dtype, double w, double b) {
        return new LinearModel(dtype, new double[][] {{w}}, new double[] {b}, false);
    }

    @Override
    public double computeGradients(Tensor x, Tensor y, Loss loss) {
        for (Parameter p : parameters) p.zeroGrad();
        Tensor p = predict(x);
        double value = loss.forward(p, y);
        Tensor dz = loss.backward().copy();
        if (sigmoid) {
            for (int i = 0; i < dz.size(); i++) {
                double s = p.getFlat(i);
                dz.setFlat(i, dz.getFlat(i) * s * (1 - s));
            }
        }
        Ops.gemm(1, x, true, dz, false, 0, kernel.grad());
        if (bias != null) Ops.sum(dz, 0, bias.grad());
        return value;
    }

    @Override
    public List<Parameter> parameters() { return parameters; }

    @Override
    public Tensor predict(Tensor x) {
        Tensor z = Ops.matmul(x, kernel.value());
        if (bias != null) Ops.add(z, bias.value(), z);
        return sigmoid ? Ops.sigmoid(z) : z;
    }
}
