package io.nnlab.tensor.internal;

/**
 * One backend's kernels: the float32 half of the contract and its generated float64 twin.
 *
 * @param name    "scalar" or "simd"
 * @param floats  the float32 kernels
 * @param doubles the float64 kernels
 */
public record Kernels(String name, FloatKernels floats, DoubleKernels doubles) {

    /** The reference: plain loops, readable as the specification. */
    public static final Kernels SCALAR = new Kernels("scalar", ScalarFloatKernels.INSTANCE, ScalarDoubleKernels.INSTANCE);
}
