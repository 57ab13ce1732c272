package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Clipping against Keras' definitions: global norm, g·c / max(‖g‖, c) with ‖g‖ over all gradients as
 * one vector (tf.clip_by_global_norm; PyTorch's clip_grad_norm_ divides by ‖g‖ + 1e-6 instead); value,
 * clip(g, -v, v).
 */
class GradientClippingTest {

    private static Parameter param(String name, double... grad) {
        Parameter p = new Parameter(name, Tensor.zeros(DType.FLOAT64, grad.length));
        for (int i = 0; i < grad.length; i++) p.grad().setFlat(i, grad[i]);
        return p;
    }

    @Test
    void globalNormScalesEveryGradientTogether() {
        // ‖(3, 4, 12)‖ = 13; a limit of 6.5 halves everything (PyTorch: 6.5 / (13 + 1e-6) = 0.49999996).
        Parameter a = param("a", 3, 4), b = param("b", 12);
        GradientClipping clip = GradientClipping.byGlobalNorm(6.5);
        assertEquals(13, clip.clip(List.of(a, b)), 1e-15);
        assertArrayEquals(new double[]{1.5, 2}, a.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{6}, b.grad().toDoubleArray(), 1e-15);
        assertEquals(13, clip.lastNorm(), 1e-15);

        Parameter small = param("s", 0.3, -0.4);
        assertEquals(0.5, clip.clip(List.of(small)), 1e-15);
        assertArrayEquals(new double[]{0.3, -0.4}, small.grad().toDoubleArray(), 0, "below the limit: untouched");
    }

    @Test
    void valueClipsEachElement() {
        Parameter p = param("p", -3, 0.2, 5, -0.9);
        GradientClipping.byValue(1).clip(List.of(p));
        assertArrayEquals(new double[]{-1, 0.2, 1, -0.9}, p.grad().toDoubleArray(), 0);
    }

    @Test
    void frozenParametersAreLeftOutAndAlone() {
        Parameter live = param("live", 3, 4), frozen = param("frozen", 100);
        frozen.trainable(false);
        assertEquals(5, GradientClipping.byGlobalNorm(1).clip(List.of(live, frozen)), 1e-15);
        assertArrayEquals(new double[]{0.6, 0.8}, live.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{100}, frozen.grad().toDoubleArray(), 0);
    }

    @Test
    void limitsMustBePositive() {
        assertEquals("GradientClipping: the maximum norm must be > 0 and finite, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(0)).getMessage());
        assertEquals("GradientClipping: the clip value must be > 0 and finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(Double.NaN)).getMessage());
    }
}
