#!/usr/bin/env python3
"""numpy's hand-written MNIST MLP training, the workload of MnistStepBenchmark, in epochs.

    OPENBLAS_NUM_THREADS=1 python3 benchmarks/peers/numpy_mnist_step.py [--dtypes float32] [--batches 32,256] [--data ROOT]

The model is t3's: 784 -> 100 relu -> 10 softmax, sparse categorical cross-entropy computed from
the logits, Adam with Keras' defaults (lr 1e-3, beta 0.9 / 0.999, epsilon 1e-7). One step is the
forward pass, the loss and its gradient (p - onehot) / batch, backprop through both Dense layers
(the weight and bias gradients, and the hidden layer's input gradient; the first layer's input
gradient is never used, so neither this nor nnlab computes it) and the Adam update, every array
updated in place as careful numpy code does. One timed operation is an epoch's worth of steps:
1875 at batch 32, 235 at batch 256. Like the benchmark, the steps train on MNIST (pixels / 255,
from ROOT/mnist, ROOT defaulting to nnlab's lookup: $NNLAB_DATA, else ~/.nnlab/data), each batch
gathered from a seeded shuffled order. On synthetic data the net learns a reused batch by heart,
or learns nothing from random labels, and Adam's moments fill with subnormal floats that made
this step about 2.4 times as slow. This also serves as the numpy Adam epoch the optimiser's
benchmarks ask for.

Prints one line per configuration, "RESULT peer=numpy bench=mnist_epoch ... seconds=S", S the
best of the timed rounds. OpenBLAS reads its thread count and core type when numpy loads, so
benchmarks/run starts one interpreter per environment.
"""
import argparse
import gzip
import itertools
import os
import time

import numpy as np

EPOCH_STEPS = {32: 1875, 256: 235}


class Mlp:
    """784-100-10 with Adam state, all buffers allocated once."""

    def __init__(self, dtype, batch, rng):
        def glorot(fan_in, fan_out):
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(dtype)

        self.params = [glorot(784, 100), np.zeros(100, dtype), glorot(100, 10), np.zeros(10, dtype)]
        self.grads = [np.zeros_like(p) for p in self.params]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.tmp = [np.zeros_like(p) for p in self.params]
        self.t = 0
        self.dtype = dtype
        self.h = np.empty((batch, 100), dtype)
        self.z = np.empty((batch, 10), dtype)
        self.dh = np.empty((batch, 100), dtype)

    def step(self, x, labels, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
        w1, b1_, w2, b2_ = self.params
        gw1, gb1, gw2, gb2 = self.grads
        n = x.shape[0]
        # forward
        np.matmul(x, w1, out=self.h)
        self.h += b1_
        pre = self.h.copy()
        np.maximum(self.h, 0, out=self.h)
        np.matmul(self.h, w2, out=self.z)
        self.z += b2_
        # softmax cross-entropy from logits
        self.z -= self.z.max(axis=1, keepdims=True)
        np.exp(self.z, out=self.z)
        self.z /= self.z.sum(axis=1, keepdims=True)
        loss = -np.log(self.z[np.arange(n), labels]).mean()
        self.z[np.arange(n), labels] -= 1
        self.z /= n
        # backward
        np.matmul(self.h.T, self.z, out=gw2)
        np.sum(self.z, axis=0, out=gb2)
        np.matmul(self.z, w2.T, out=self.dh)
        self.dh *= pre > 0
        np.matmul(x.T, self.dh, out=gw1)
        np.sum(self.dh, axis=0, out=gb1)
        # Adam
        self.t += 1
        tiny = np.finfo(self.dtype).tiny
        step = lr * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for p, g, m, v, tmp in zip(self.params, self.grads, self.m, self.v, self.tmp):
            m *= b1
            m += (1 - b1) * g
            # As nnlab's Adam and TensorFlow do: a weight from an always-blank pixel keeps a moment stuck
            # in the subnormal range otherwise, where every operation takes a microcode assist (4 % here).
            m[np.abs(m) < tiny] = 0
            v *= b2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - b2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += eps
            np.divide(m, tmp, out=tmp)
            tmp *= step
            p -= tmp
        return loss


def mnist(root, dtype):
    """MNIST's training images as [60000, 784] / 255 in dtype, and the labels."""
    def read(name, offset):
        with gzip.open(os.path.join(root, "mnist", name + ".gz"), "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)
    x = read("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(dtype) / dtype.type(255)
    return x, read("train-labels-idx1-ubyte", 8).astype(np.int64)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--batches", default="32,256")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", default=os.environ.get("NNLAB_DATA") or os.path.expanduser("~/.nnlab/data"))
    args = parser.parse_args()
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    for dtype in args.dtypes.split(","):
        for batch in (int(b) for b in args.batches.split(",")):
            rng = np.random.default_rng(3)
            net = Mlp(np.dtype(dtype), batch, rng)
            x, labels = mnist(args.data, np.dtype(dtype))
            order = rng.permutation(len(x))
            starts = range(0, len(x) - batch + 1, batch)
            batches = ((x[order[s:s + batch]], labels[order[s:s + batch]]) for s in itertools.cycle(starts))
            steps = EPOCH_STEPS[batch]
            for _ in range(steps // 5):  # warm-up
                net.step(*next(batches))
            best = float("inf")
            for _ in range(args.rounds):
                t = time.perf_counter()
                for _ in range(steps):
                    loss = net.step(*next(batches))
                best = min(best, time.perf_counter() - t)
            assert np.isfinite(loss), loss
            print(f"RESULT peer=numpy bench=mnist_epoch dtype={dtype} batch={batch} threads={threads} "
                  f"coretype={coretype} seconds={best:.6g}", flush=True)


if __name__ == "__main__":
    main()
