package io.nnlab.tensor.internal;

/**
 * The standard normal distribution function Φ(x) = ½ erfc(-x / √2) and density φ, for GELU: the
 * scalar reference, written with adds, multiplies, one division and exp, so that the vector kernels
 * ({@link FloatVectorMath#normalCdf}) compute the same polynomials.
 *
 * <p>Java has no erf. With u = |x| / √2: below u = 0.8, erf(u) = u · P(u²), P of degree 10; above,
 * erfc(u) = e^(-u²) · t · Q(t) with t = 1 / (1 + u/2), Q of degree 21, fitted on [0.8, 27] (erfc
 * underflows beyond). Both were fitted by least squares at Chebyshev nodes against 50-digit erf,
 * and are good to about 5e-16 relative, less than the rounding of their own evaluation. u² = x²/2
 * is taken from x exactly, as hi + lo with an FMA, so e^(-u²) = e^(-hi) (1 - lo) keeps its relative
 * precision for large |x|, where a rounded u (or u²) would lose up to u² ulps.
 */
public final class Gauss {
    private Gauss() {}

    /** Where the two forms meet, in u = |x| / √2. */
    static final double SPLIT = 0.8;
    static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    /** erf(u) / u as a polynomial in u², lowest degree first. */
    static final double[] ERF_SMALL = {
            1.1283791670955126, -0.37612638903183665, 0.11283791670949007, -0.02686617064352281,
            0.005223977604304158, -0.0008548325422862716, 0.00012055257898184209, -1.4923393673522437e-05,
            1.6418477259092828e-06, -1.5837821621300185e-07, 1.1109987589725346e-08};

    /** erfc(u) e^(u²) / t as a polynomial in t = 1 / (1 + u/2), lowest degree first. */
    static final double[] ERFC_LARGE = {
            0.28209479177619917, 0.2820947915558902, 0.246832952175322, 0.17630899949041434,
            0.08375127747773628, -0.004464643157952431, -0.05619357927971708, -0.05762628536811392,
            0.020766874277600423, -0.06343946333814117, 0.46132188738961954, -1.1388266379084202,
            2.244377805974827, -3.2664098252611415, 1.8069075931391503, 3.7995748706420076,
            -10.599184593718283, 13.156549595287006, -9.977809288148116, 4.770543324424482,
            -1.3355374509928586, 0.16836749086371708};

    /** Φ(x), the probability that a standard normal variable is at most x; NaN stays NaN. */
    public static double cdf(double x) {
        double u = Math.abs(x) * INV_SQRT2;
        if (u < SPLIT) {
            double u2 = u * u;
            double erf = u * horner(ERF_SMALL, u2);
            return x < 0 ? 0.5 - 0.5 * erf : 0.5 + 0.5 * erf;
        }
        // erfc(u) / 2, with u² = x²/2 = (hi + lo)/2 exactly.
        double t = 1 / (1 + 0.5 * u);
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        double half = 0.5 * Math.exp(-0.5 * hi) * (1 - 0.5 * lo) * t * horner(ERFC_LARGE, t);
        return x < 0 ? half : 1 - half;  // NaN fails u < SPLIT and lands here, and stays NaN
    }

    /** The standard normal density φ(x) = e^(-x²/2) / √(2π), x² taken exactly as for {@link #cdf}. */
    public static double density(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-0.5 * hi) * (1 - 0.5 * lo) * INV_SQRT_2PI;
    }

    private static double horner(double[] c, double v) {
        double q = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) q = Math.fma(q, v, c[i]);
        return q;
    }
}
