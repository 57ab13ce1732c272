package io.nnlab.optim;

import io.nnlab.nn.Parameter;
import io.nnlab.tensor.Ops;

import java.util.List;

/**
 * Clips gradients between backprop and the optimiser step, as Keras's {@code global_clipnorm} and
 * {@code clipvalue} and PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_} do:
 *
 * <ul>
 *   <li>by global norm: with ‖g‖ the Euclidean norm of all trainable gradients as one vector, every
 *       gradient is scaled by c / max(‖g‖, c), so that the update keeps its direction and its norm is
 *       at most c (Keras's formula; PyTorch divides by ‖g‖ + 1e-6, a difference of 1e-6 relative);</li>
 *   <li>by value: every element is clipped to [-v, v].</li>
 * </ul>
 *
 * <pre>{@code
 * FitOptions.builder().callbacks(GradientClipping.byGlobalNorm(1.0)) ...
 * }</pre>
 *
 * As a {@link Callback} it acts in {@link Callback#onGradients}; {@link #clip} does the same in a
 * loop of one's own. Non-trainable parameters are left alone (the optimiser skips them).
 */
public final class GradientClipping implements Callback {

    private final boolean byNorm;
    private final double limit;
    private double lastNorm = Double.NaN;

    private GradientClipping(boolean byNorm, double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("GradientClipping: the " + (byNorm ? "maximum norm" : "clip value")
                    + " must be > 0 and finite, got " + limit);
        }
        this.byNorm = byNorm;
        this.limit = limit;
    }

    /** Scales all gradients together so that their global norm is at most maxNorm (> 0). */
    public static GradientClipping byGlobalNorm(double maxNorm) { return new GradientClipping(true, maxNorm); }

    /** Clips every gradient element to [-limit, limit] (limit > 0). */
    public static GradientClipping byValue(double limit) { return new GradientClipping(false, limit); }

    @Override
    public void onGradients(int epoch, int batch, TrainingRun run) { clip(run.parameters()); }

    /**
     * Clips the trainable parameters' gradients in place; returns their global norm before clipping
     * (computed in both modes, for monitoring).
     */
    public double clip(List<Parameter> parameters) {
        double sumSquares = 0;
        for (Parameter p : parameters) {
            if (!p.trainable()) continue;
            double n = Ops.norm2(p.grad());
            sumSquares += n * n;
        }
        double norm = Math.sqrt(sumSquares);
        lastNorm = norm;
        for (Parameter p : parameters) {
            if (!p.trainable()) continue;
            if (!byNorm) {
                Ops.clip(p.grad(), -limit, limit, p.grad());
            } else if (norm > limit) {
                Ops.scale(p.grad(), limit / norm, p.grad());
            }
        }
        return norm;
    }

    /** The global gradient norm before the last clipping; NaN before the first. */
    public double lastNorm() { return lastNorm; }

    @Override
    public String toString() { return byNorm ? "GradientClipping(global norm " + limit + ")" : "GradientClipping(value " + limit + ")"; }
}
