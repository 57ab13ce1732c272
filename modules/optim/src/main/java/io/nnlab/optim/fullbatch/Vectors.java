package io.nnlab.optim.fullbatch;

/** The few dense-vector loops the minimisers share. */
final class Vectors {

    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm2(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** The largest absolute component; NaN if any component is NaN, so a NaN gradient never converges. */
    static double normInf(double[] a) {
        double max = 0;
        for (double v : a) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first non-finite component, or -1. */
    static int firstNonFinite(double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Rejects a start point that is empty or not finite, naming the offending component. */
    static void checkStart(double[] x0) {
        if (x0 == null) {
            throw new IllegalArgumentException("start point x0 must not be null");
        }
        if (x0.length == 0) {
            throw new IllegalArgumentException("start point x0 must have at least 1 component, got 0");
        }
        int bad = firstNonFinite(x0);
        if (bad >= 0) {
            throw new IllegalArgumentException(
                    "start point x0 must be finite, got x0[" + bad + "] = " + x0[bad]);
        }
    }
}
