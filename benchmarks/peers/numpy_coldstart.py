#!/usr/bin/env python3
"""numpy's first seconds: the two workloads of ColdStartBenchmark, each in a fresh interpreter.

    python3 benchmarks/peers/numpy_coldstart.py [--processes 10] [--data ROOT]
    python3 benchmarks/peers/numpy_coldstart.py --child mnist|forwardnet   # one fresh process, one run

mnist is numpy_mnist_step.py's hand-written 784-100-10 MLP with Adam (float32, batches of 32) for one
epoch of 1875 steps over a shuffled order of MNIST's training images; forwardnet is numpy_forwardnet.py's
1-10-1 tanh net (t1's formulation, float64) for 500 steepest-descent steps. Each run happens once, in a
process of its own, as the benchmark's forks do: the interpreter starts, imports numpy, loads the data
and builds the net (untimed, as the benchmark's setup), then times the one run. Prints, per workload,
"RESULT peer=numpy bench=mnist_first_epoch ... seconds=S process_seconds=P", S the best run over the
processes and P the best time from the process's start to the end of its run (interpreter start,
imports and data loading included).
"""
import argparse
import os
import subprocess
import sys
import time

FORWARD_NET_STEPS = 500
BENCHES = {"mnist": "mnist_first_epoch", "forwardnet": "forwardnet_first_500"}


def since_process_start():
    """Seconds since this process started (Linux: /proc; elsewhere None)."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def child(workload, data):
    import numpy as np

    if workload == "mnist":
        from numpy_mnist_step import EPOCH_STEPS, Mlp, mnist
        batch = 32
        rng = np.random.default_rng(3)
        net = Mlp(np.dtype(np.float32), batch, rng)
        x, labels = mnist(data, np.dtype(np.float32))
        order = rng.permutation(len(x))
        t = time.perf_counter()
        for s in range(EPOCH_STEPS[batch]):
            i = order[s * batch:(s + 1) * batch]
            loss = net.step(x[i], labels[i])
        seconds = time.perf_counter() - t
        assert np.isfinite(loss), loss
    else:
        from numpy_forwardnet import Net, ripple
        rng = np.random.default_rng(1)
        x, g = ripple(rng)
        net = Net(10, rng)
        t = time.perf_counter()
        loss = net.descend(x, g, FORWARD_NET_STEPS)
        seconds = time.perf_counter() - t
        assert loss < 1.0, loss
    print(f"RUN seconds={seconds:.6g} process_seconds={since_process_start() or float('nan'):.6g}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", choices=sorted(BENCHES), help="one run in this process")
    parser.add_argument("--processes", type=int, default=10, help="fresh processes per workload")
    parser.add_argument("--data", default=os.environ.get("NNLAB_DATA") or os.path.expanduser("~/.nnlab/data"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data)
        return
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    here = os.path.dirname(os.path.abspath(__file__))
    for workload, bench in BENCHES.items():
        runs = []
        for _ in range(args.processes):
            out = subprocess.run([sys.executable, os.path.join(here, "numpy_coldstart.py"), "--child", workload,
                                  "--data", args.data], capture_output=True, text=True, check=True).stdout
            line = next(l for l in out.splitlines() if l.startswith("RUN "))
            runs.append({k: float(v) for k, v in (f.split("=") for f in line.split()[1:])})
        best = min(r["seconds"] for r in runs)
        best_process = min(r["process_seconds"] for r in runs)
        shape = "dtype=float32 batch=32" if workload == "mnist" else "dtype=float64"
        print(f"RESULT peer=numpy bench={bench} {shape} threads={threads} coretype={coretype} "
              f"seconds={best:.6g} process_seconds={best_process:.6g} processes={len(runs)}", flush=True)


if __name__ == "__main__":
    main()
