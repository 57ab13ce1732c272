/**
 * The kernels behind {@link io.nnlab.tensor.Ops}: every numeric loop nnlab runs, over plain heap
 * arrays. Internal: only the tensor module uses this package; other modules and users reach the
 * kernels through {@code Ops} and choose them with {@link io.nnlab.tensor.Backend}.
 *
 * <p>Each kernel is written once, for float32: the contract {@link io.nnlab.tensor.internal.FloatKernels},
 * the scalar reference {@link io.nnlab.tensor.internal.ScalarFloatKernels}, the Vector API kernels
 * {@link io.nnlab.tensor.internal.SimdFloatKernels} and {@link io.nnlab.tensor.internal.SimdFloatGemm},
 * and {@link io.nnlab.tensor.internal.FloatVectorMath}. Their float64 twins ({@code DoubleKernels},
 * {@code ScalarDoubleKernels}, ...) are generated from them at build time into
 * {@code target/generated-sources/float64} by {@code src/build/java/io/nnlab/tensor/build/GenerateFloat64.java}, which
 * says how a float32 source marks where float64 differs in more than its types.
 */
package io.nnlab.tensor.internal;
