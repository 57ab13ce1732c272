#!/usr/bin/env python3
"""scipy's BFGS on t1's ripple, the peer of BfgsBenchmark.

    OPENBLAS_NUM_THREADS=1 python3 benchmarks/peers/scipy_bfgs_ripple.py

The 1-10-1 tanh network of numpy_forwardnet.py (t1's formulation), its 31 weights as one vector,
scipy.optimize.minimize(method="BFGS", jac=..., tol=1e-6, options={"maxiter": 150}) on the mean
squared error, the ripple drawn on x + 2 and fitted against x as t1's BFGS cell does. One timed
operation is the whole minimize call. Prints "RESULT peer=scipy bench=bfgs_ripple ... seconds=S",
S the best of the timed rounds, with the iterations and evaluations scipy made.
"""
import argparse
import os
import time

import numpy as np
import scipy
import scipy.optimize as spopt

from numpy_forwardnet import Net, ripple


def fit(net, x, g):
    def unpack(v):
        net.hw.flat[...] = v[:net.hw.size]
        net.vw.flat[...] = v[net.hw.size:]

    def error(v):
        unpack(v)
        h = x @ net.hw[:-1] + net.hw[-1]
        y = np.tanh(h) @ net.vw[:-1] + net.vw[-1]
        return np.mean((y - g) ** 2)

    def gradient(v):
        unpack(v)
        _, hg, vg = net.gradient(x, g)
        return np.concatenate((hg.flatten(), vg.flatten()))

    w = np.concatenate((net.hw.flat, net.vw.flat))
    return spopt.minimize(fun=error, x0=w, method="BFGS", jac=gradient, tol=1e-6, options={"maxiter": 150})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    x, g = ripple(rng, shift=2.0)
    start = Net(10, rng)
    best = float("inf")
    for i in range(args.rounds + 1):  # the first round is warm-up
        net = Net(10, rng)
        net.hw[...], net.vw[...] = start.hw, start.vw
        t = time.perf_counter()
        res = fit(net, x, g)
        if i > 0:
            best = min(best, time.perf_counter() - t)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    print(f"RESULT peer=scipy bench=bfgs_ripple dtype=float64 threads={threads} coretype={coretype} "
          f"seconds={best:.6g} nit={res.nit} nfev={res.nfev} fun={res.fun:.5g} scipy={scipy.__version__}", flush=True)


if __name__ == "__main__":
    main()
