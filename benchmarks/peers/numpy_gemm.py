#!/usr/bin/env python3
"""numpy's matmul on GemmBenchmark's square shapes, in GFLOPS (2 n^3 flops per product).

    python3 benchmarks/peers/numpy_gemm.py            # all four configurations below
    python3 benchmarks/peers/numpy_gemm.py --child    # one run in the current environment

OpenBLAS fixes its thread count and kernel choice when it loads, so each configuration runs in
a fresh interpreter: 1 thread and all threads (OPENBLAS_NUM_THREADS, and threadpoolctl when it
is installed), each with OPENBLAS_CORETYPE as the environment sets it (Haswell on this machine,
forced to Haswell if unset) and with it removed so OpenBLAS picks kernels for the CPU it finds.
Reports the best of several timed rounds, like JMH's warm steady state, one line per size:
"RESULT peer=numpy bench=gemm dtype=float32 n=256 threads=1 coretype=Haswell seconds=S gflops=G",
S the seconds of one product (the line benchmarks/run collects).
"""
import argparse
import os
import subprocess
import sys
import time

SIZES = (64, 128, 256, 512, 1024)


def child(sizes, rounds, seconds):
    import numpy as np

    threads = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    try:
        from threadpoolctl import threadpool_limits
        limit = threadpool_limits(limits=int(threads)) if threads.isdigit() else None
    except ImportError:
        limit = None
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    rng = np.random.default_rng(1)
    for dtype in (np.float32, np.float64):
        for n in sizes:
            a = rng.uniform(-1, 1, (n, n)).astype(dtype)
            b = rng.uniform(-1, 1, (n, n)).astype(dtype)
            c = np.empty((n, n), dtype)
            np.matmul(a, b, out=c)
            reps = 1
            while True:  # size a round to about `seconds`
                t = time.perf_counter()
                for _ in range(reps):
                    np.matmul(a, b, out=c)
                t = time.perf_counter() - t
                if t >= seconds / 4:
                    break
                reps *= 2
            reps = max(1, int(reps * seconds / t))
            best = 0.0
            for _ in range(rounds):
                t = time.perf_counter()
                for _ in range(reps):
                    np.matmul(a, b, out=c)
                t = time.perf_counter() - t
                best = max(best, 2.0 * n ** 3 * reps / t / 1e9)
            print(f"RESULT peer=numpy bench=gemm dtype={np.dtype(dtype).name} n={n} threads={threads} "
                  f"coretype={coretype} seconds={2.0 * n ** 3 / best / 1e9:.6g} gflops={best:.2f}", flush=True)
    if limit is not None:
        limit.restore_original_limits()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", action="store_true", help="one run in the current environment")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5, help="length of one timed round")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.child:
        child(sizes, args.rounds, args.seconds)
        return
    cores = os.cpu_count() or 1
    for coretype in (os.environ.get("OPENBLAS_CORETYPE", "Haswell"), None):
        for threads in (1, cores):
            env = dict(os.environ)
            env["OPENBLAS_NUM_THREADS"] = str(threads)
            env["OMP_NUM_THREADS"] = str(threads)
            if coretype is None:
                env.pop("OPENBLAS_CORETYPE", None)
            else:
                env["OPENBLAS_CORETYPE"] = coretype
            cmd = [sys.executable, __file__, "--child", "--sizes", args.sizes,
                   "--rounds", str(args.rounds), "--seconds", str(args.seconds)]
            subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
