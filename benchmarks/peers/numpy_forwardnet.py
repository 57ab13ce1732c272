#!/usr/bin/env python3
"""t1's 1-10-1 tanh network trained by steepest descent, numpy as the tutorial writes it.

    OPENBLAS_NUM_THREADS=1 python3 benchmarks/peers/numpy_forwardnet.py

The peer of ForwardNetBenchmark. The network keeps each layer as one weight matrix whose last row
is the bias, appends a column of ones to its inputs for every product, uses phi = tanh and
phi' = 1 - tanh(h)^2, and computes the mean squared error and both gradients each iteration, then
steps all weights by lr 0.1: t1's formulation. One timed operation is 5000 iterations (t1's
budget) on its 100-point ripple, float64, without the early stop and the progress printing so
every round does the same work. Prints "RESULT peer=numpy bench=forwardnet_5000 ... seconds=S",
S the best of the timed rounds.
"""
import argparse
import os
import time

import numpy as np

STEPS = 5000


def with_ones(v):
    return np.hstack((v, np.ones((v.shape[0], 1))))


def lecun(shape, rng):
    limit = np.sqrt(3.0 / shape[0])
    return rng.uniform(-limit, limit, size=shape)


class Net:
    def __init__(self, hidden, rng):
        self.hw = lecun((2, hidden), rng)
        self.vw = lecun((hidden + 1, 1), rng)

    def gradient(self, x, g):
        x1 = with_ones(x)
        h = x1 @ self.hw
        z1 = with_ones(np.tanh(h))
        dz = 1.0 - np.tanh(h) ** 2
        y = z1 @ self.vw
        e = y - g
        delta = 2.0 * e / e.size
        vg = z1.T @ delta
        delta = delta @ self.vw[:-1].T * dz
        hg = x1.T @ delta
        return np.mean(e ** 2), hg, vg

    def descend(self, x, g, steps, lr=0.1):
        for _ in range(steps):
            error, hg, vg = self.gradient(x, g)
            self.hw -= lr * hg
            self.vw -= lr * vg
        return error


def ripple(rng, n=100, shift=0.0):
    """t1's ripple on standardised x; t1's BFGS cell draws it on x + 2 (shift) and fits it against x."""
    x = np.linspace(0, 1, n)[:, None]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    xs = x + shift
    g = 20.0 * xs + rng.normal(size=(n, 1))
    g = (g - g.mean(axis=0)) / g.std(axis=0)
    r = g + 0.5 * np.sin(4 * xs)
    return x, (r - g.mean(axis=0)) / g.std(axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    x, g = ripple(rng)
    start = Net(10, rng)
    best = float("inf")
    for i in range(args.rounds + 1):  # the first round is warm-up
        net = Net(10, rng)
        net.hw[...], net.vw[...] = start.hw, start.vw
        t = time.perf_counter()
        error = net.descend(x, g, STEPS)
        if i > 0:
            best = min(best, time.perf_counter() - t)
    assert error < 0.2, error
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    print(f"RESULT peer=numpy bench=forwardnet_5000 dtype=float64 threads={threads} coretype={coretype} "
          f"seconds={best:.6g} final_mse={error:.5g}", flush=True)


if __name__ == "__main__":
    main()
