#!/usr/bin/env python3
"""numpy loading MNIST's training set from the same gzipped IDX files as MnistLoadBenchmark.

    python3 benchmarks/peers/numpy_mnist_load.py [DATA_ROOT]

DATA_ROOT defaults to nnlab's lookup: $NNLAB_DATA, else ~/.nnlab/data; the files are in
DATA_ROOT/mnist/. The variants mirror the benchmark's: images_uint8 is gzip + frombuffer of the
images file (decodeImages); float32 / float64 also convert the images with astype and read the
labels (trainSet). Like the Keras loader, the header is checked only as far as reshaping needs.
Reports the mean and standard deviation over timed rounds after warm-up, in milliseconds.
"""
import gzip
import os
import statistics
import sys
import time

import numpy as np

WARMUP, ROUNDS = 3, 10


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    return raw, np.frombuffer(raw, np.uint8, offset=offset)


def images_uint8(images, labels):
    raw, x = read_idx(images, 16)
    n, rows, cols = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
    return x.reshape(n, rows, cols)


def train_set(dtype):
    def load(images, labels):
        x = images_uint8(images, labels).astype(dtype)
        _, y = read_idx(labels, 8)
        assert len(x) == len(y)
        return x, y.astype(np.int32)
    return load


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NNLAB_DATA") or os.path.expanduser("~/.nnlab/data")
    d = os.path.join(root, "mnist")
    images = os.path.join(d, "train-images-idx3-ubyte.gz")
    labels = os.path.join(d, "train-labels-idx1-ubyte.gz")
    x = images_uint8(images, labels)
    assert x.shape == (60000, 28, 28) and int(x[0].sum()) == 27525, (x.shape, int(x[0].sum()))
    print(f"numpy {np.__version__}, files in {d}")
    for name, fn in (("images_uint8", images_uint8), ("float32", train_set(np.float32)),
                     ("float64", train_set(np.float64))):
        for _ in range(WARMUP):
            fn(images, labels)
        times = []
        for _ in range(ROUNDS):
            t = time.perf_counter()
            fn(images, labels)
            times.append((time.perf_counter() - t) * 1e3)
        print(f"numpy {name:13s} {statistics.mean(times):8.1f} ± {statistics.stdev(times):5.1f} ms/op"
              f"  (min {min(times):.1f}, {ROUNDS} rounds)", flush=True)


if __name__ == "__main__":
    main()
