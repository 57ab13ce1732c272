package com.example.research;

import io.nnlab.nn.activations.Activation;
import io.nnlab.tensor.Tensor;

import java.util.Map;

/** An activation as a researcher writes one, on plain loops: swish with a parameter, z·sigmoid(βz). */
public record Swish(double beta) implements Activation {

    @Override
    public String name() { return "swish_beta"; }

    @Override
    public Map<String, Object> config() { return Map.of("beta", beta); }

    @Override
    public void forward(Tensor z, Tensor out) {
        for (int i = 0; i < z.size(); i++) out.setFlat(i, z.getFlat(i) * sigmoid(beta * z.getFlat(i)));
    }

    /** d/dz z·s(βz) = s + βz·s(1 - s). */
    @Override
    public void backward(Tensor z, Tensor a, Tensor gradOut, Tensor gradIn) {
        for (int i = 0; i < z.size(); i++) {
            double zi = z.getFlat(i), s = sigmoid(beta * zi);
            gradIn.setFlat(i, gradOut.getFlat(i) * (s + beta * zi * s * (1 - s)));
        }
    }

    private static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }
}
