package io.nnlab.tensor.internal;

/**
 * The Vector API backend. Only {@link io.nnlab.tensor.Backend} loads this class, and only after
 * checking that the incubator module is readable, so a JVM without it never touches the Vector API.
 */
public final class SimdKernels {

    /** The SIMD kernels of both dtypes. */
    public static final Kernels INSTANCE = new Kernels("simd", SimdFloatKernels.INSTANCE, SimdDoubleKernels.INSTANCE);

    private SimdKernels() {}

    /** Width of the preferred vector in bits (the backend refuses SIMD below 128). */
    public static int vectorBits() { return SimdFloatKernels.S.vectorBitSize(); }

    public static int floatLanes() { return SimdFloatKernels.S.length(); }

    public static int doubleLanes() { return SimdDoubleKernels.S.length(); }

    /**
     * The GEMM register tile, chosen once from the vector width: 6 rows x 4 vectors where vectors of
     * 512 bits come with 32 registers, 4 x 2 where 16 are assumed.
     */
    public static String gemmTile() {
        GemmPlan.Tile t = SimdFloatGemm.TILE;
        return t.rows + " rows x " + t.vectors + " vectors";
    }
}
