package io.nnlab.tensor;

import io.nnlab.tensor.internal.Kernels;

/**
 * Which kernels nnlab runs: the scalar reference or the Vector API.
 *
 * <p>Chosen once, at first use, from the system property {@code nnlab.backend}
 * ({@code auto}, the default, or {@code scalar} / {@code simd}), and logged once with the reason.
 * {@code auto} picks SIMD where the {@code jdk.incubator.vector} module is readable and its
 * preferred vectors are at least 128 bits wide. Where {@code auto} falls back to scalar because the
 * JVM was started without the module, the log line is a warning that names the fix. The SIMD class
 * is loaded only after those checks, so a JVM without the module never touches the Vector API.
 *
 * <p>{@link #use(Backend)} switches the backend for the whole JVM (benchmarks and tests compare
 * the two in one process); switch between computations, not during one.
 */
public enum Backend {
    SCALAR, SIMD;

    private static final System.Logger LOG = System.getLogger("io.nnlab.tensor");
    private static final String SIMD_CLASS = "io.nnlab.tensor.internal.SimdKernels";

    private static volatile Backend current;
    private static volatile Kernels currentKernels;
    private static String reason = "";

    /** The kernels of this backend; SIMD fails with the reason where the Vector API is unusable. */
    Kernels kernels() {
        if (this == SCALAR) return Kernels.SCALAR;
        String why = simdUnavailableReason();
        if (why != null) {
            throw new IllegalStateException("SIMD backend requested but unavailable: " + why
                    + " (run with --add-modules jdk.incubator.vector on JDK 25, or -Dnnlab.backend=scalar)");
        }
        return SimdHolder.KERNELS;
    }

    /** "scalar" or "simd". */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The backend in use, chosen on first call. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backend.class) {
                if (current == null) choose();
                b = current;
            }
        }
        return b;
    }

    /** The kernels of the backend in use. */
    static Kernels active() {
        Kernels k = currentKernels;
        if (k == null) {
            current();
            k = currentKernels;
        }
        return k;
    }

    /** Why the current backend was chosen, e.g. "auto: 512-bit vectors (16 float lanes)". */
    public static synchronized String reason() {
        current();
        return reason;
    }

    /** Switches every later computation in this JVM to the given backend. */
    public static synchronized void use(Backend b) {
        currentKernels = b.kernels();
        current = b;
        reason = "set by Backend.use";
    }

    /** Parses "scalar", "simd" or "auto" (auto resolves to what this JVM supports). */
    public static Backend parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "scalar" -> SCALAR;
            case "simd" -> SIMD;
            case "auto", "" -> simdUnavailableReason() == null ? SIMD : SCALAR;
            default -> throw new IllegalArgumentException(
                    "nnlab.backend: expected auto, scalar or simd, got '" + s + "'");
        };
    }

    /**
     * The width in bits of this JVM's preferred vectors, which the SIMD kernels use; 0 where the Vector
     * API is not readable. SIMD results depend on it (the matrix product's tile follows it), and it is
     * fixed per JVM at start-up: the CPU sets it, and {@code -XX:MaxVectorSize=32} caps it at 256 bits.
     */
    public static int vectorBits() {
        return vectorModuleReadable() ? SimdHolder.bits() : 0;
    }

    /** Null when SIMD can run here, else the reason it cannot. */
    public static String simdUnavailableReason() {
        if (!vectorModuleReadable()) {
            return "the jdk.incubator.vector module is not readable";
        }
        int bits = SimdHolder.bits();
        if (bits < 128) {
            return "the preferred vector is " + bits + " bits wide, under 128";
        }
        return null;
    }

    private static void choose() {
        String prop = System.getProperty("nnlab.backend", "auto");
        Backend b;
        String why;
        String prefix = prop.trim().equalsIgnoreCase("auto") || prop.isBlank() ? "auto" : "forced by -Dnnlab.backend";
        b = parse(prop);
        if (b == SIMD) {
            why = prefix + ": " + SimdHolder.bits() + "-bit vectors (" + SimdHolder.floatLanes() + " float lanes)";
        } else {
            String unavailable = simdUnavailableReason();
            why = prefix + (unavailable != null && prefix.equals("auto") ? ": " + unavailable : "");
        }
        currentKernels = b.kernels();
        reason = why;
        current = b;
        if (b == SCALAR && prefix.equals("auto") && !vectorModuleReadable()) {
            LOG.log(System.Logger.Level.WARNING, MISSING_MODULE_WARNING);
        } else {
            String tile = b == SIMD ? "; GEMM register tile " + SimdHolder.gemmTile() : "";
            LOG.log(System.Logger.Level.INFO, "nnlab backend: " + b.label() + " (" + why + ")" + tile);
        }
    }

    /**
     * Logged when auto falls back to scalar only because the JVM was started without the module: the
     * run still works, many times slower, and the cause is one missing flag.
     */
    static final String MISSING_MODULE_WARNING = """
            nnlab runs on its SCALAR kernels: this JVM was started without the jdk.incubator.vector module.
              Training and inference are many times slower than on the SIMD kernels.
              Fix: start java with --add-modules jdk.incubator.vector (with Maven: in surefire's <argLine>
              and in exec's <arguments>; see "Use nnlab in your project" in nnlab's README).
              To run on the scalar kernels on purpose, and without this warning: -Dnnlab.backend=scalar""";

    private static boolean vectorModuleReadable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Loads the SIMD kernels only when first asked, after the module check. */
    private static final class SimdHolder {
        static final Kernels KERNELS = load();

        private static Kernels load() {
            try {
                return (Kernels) Class.forName(SIMD_CLASS).getField("INSTANCE").get(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("cannot load the SIMD kernels: " + e, e);
            }
        }

        static int bits() {
            try {
                return (int) Class.forName(SIMD_CLASS).getMethod("vectorBits").invoke(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return 0;
            }
        }

        static int floatLanes() { return bits() / 32; }

        static String gemmTile() {
            try {
                return (String) Class.forName(SIMD_CLASS).getMethod("gemmTile").invoke(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return "unknown (" + e + ")";
            }
        }
    }
}
