package io.nnlab.experiments.t4;

import io.nnlab.experiments.Bounds;
import io.nnlab.experiments.Result;

/**
 * What each t4 result meets: all are deterministic, held to the printed figures or to a run of the
 * tutorial's numpy code, and the trained ones must also beat their untrained start.
 */
final class Checks {
    private Checks() {}

    static void irisNeuron(Result r, Bounds b) {
        double iterations = r.metric("iterations");
        // The tutorial's last progress line was "Iteration 200000." (printed every 50000).
        b.within(200_001, 250_000, iterations, "iterations");
        // The tutorial's numpy code on today's table: 237706 iterations, θ = [11.65990173, -12.81556981,
        // -23.1204851]. In float32 the rounded steps shrink differently near the threshold (239185,
        // 0.6 % more, θ within 0.3 %), so 1 % there.
        double relative = r.float32() ? 1e-2 : 1e-9;
        b.near(237_706, r.float32() ? 0.01 * 237_706 : 0, iterations, "iterations");
        b.near(11.65990173, relative * 11.66 + 1e-8, r.metric("theta0"), "theta0");
        b.near(-12.81556981, relative * 12.82 + 1e-8, r.metric("theta1"), "theta1");
        b.near(-23.1204851, relative * 23.12 + 1e-7, r.metric("theta2"), "theta2");
        b.near(1.0, 0, r.metric("accuracy"), "accuracy");
        // θ at its start (ones) calls every flower non-setosa: 100 of 150 right.
        b.againstUntrained(u -> b.atLeast(u.metric("accuracy") + 0.3, r.metric("accuracy"),
                "accuracy, 0.3 above the start's " + u.metric("accuracy")));
    }

    /**
     * Every printed digit in float64. In float32, 1 - h for the saturated hidden units (σ(11) and
     * σ(12), 1.7e-5 and 6.1e-6 below 1) is resolved only to float32's spacing near 1 (6e-8), up to
     * 5e-3 of its value, and the W grads carry that factor: 5e-3 relative there, with 1e-6 absolute.
     */
    static void backpropWorkedExample(Result r, Bounds b) {
        digits(r, b, "h1", 0.99998329857, 1e-11);
        digits(r, b, "y", 0.590378, 1e-6);
        digits(r, b, "dj_dy", -1.69383, 1e-5);
        digits(r, b, "loss", 0.52699227, 1e-8);
        digits(r, b, "w_grad_00", -3.42057777e-06, 1e-14);
        digits(r, b, "w_grad_01", -2.01341432e-01, 1e-9);
        digits(r, b, "w_grad_02", 1.25838681e-06, 1e-14);
        digits(r, b, "w_grad_10", -2.05234666e-06, 1e-14);
        digits(r, b, "w_grad_11", -1.20804859e-01, 1e-9);
        digits(r, b, "w_grad_12", 7.55032084e-07, 1e-15);
        digits(r, b, "v_grad_0", -0.40961516, 1e-8);
        digits(r, b, "v_grad_1", -0.29945768, 1e-8);
        digits(r, b, "v_grad_2", -0.40961948, 1e-8);
    }

    static void singleSampleDescent(Result r, Bounds b) {
        digits(r, b, "initial_loss", 0.52699227, 1e-8);
        // The tutorial's numpy loop: loss 0.03448506223479385 and score 0.9661027709950637 at the 100th pass.
        digits(r, b, "final_loss", 0.03448506223479385, 1e-12);
        digits(r, b, "final_score", 0.9661027709950637, 1e-12);
        double[] loss = r.traces().get("loss");
        int rise = 1;
        while (rise < loss.length && loss[rise] < loss[rise - 1]) rise++;
        b.that(rise == loss.length, "the loss falls at every step; it did not at step " + rise);
        b.eachCutsToAtMost(r, "final_loss", 0.1);
    }

    private static void digits(Result r, Bounds b, String metric, double expected, double float64Tolerance) {
        double tolerance = r.float32() ? Math.max(float64Tolerance, Math.max(1e-6, 5e-3 * Math.abs(expected)))
                : float64Tolerance;
        b.near(expected, tolerance, r.metric(metric), metric);
    }
}
