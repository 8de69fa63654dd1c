package io.topowatch.spectrum;

/** Extremes of arrays, for the per-scan hot paths (validation, E0 selection). */
public final class Extrema {

    private Extrema() {}

    /**
     * {min, max} of d[from..to) by plain comparisons, in four independent running pairs: a single pair is a
     * chain of dependent compares, one element per compare latency. NaN is skipped (callers that can meet
     * one check for it themselves); which of two equal zeros is kept is unspecified. An empty range gives
     * {+∞, −∞}.
     */
    public static double[] minMax(double[] d, int from, int to) {
        double min0 = Double.POSITIVE_INFINITY;
        double min1 = Double.POSITIVE_INFINITY;
        double min2 = Double.POSITIVE_INFINITY;
        double min3 = Double.POSITIVE_INFINITY;
        double max0 = Double.NEGATIVE_INFINITY;
        double max1 = Double.NEGATIVE_INFINITY;
        double max2 = Double.NEGATIVE_INFINITY;
        double max3 = Double.NEGATIVE_INFINITY;
        int k = from;
        for (; k + 3 < to; k += 4) {
            double v0 = d[k];
            double v1 = d[k + 1];
            double v2 = d[k + 2];
            double v3 = d[k + 3];
            min0 = v0 < min0 ? v0 : min0;
            min1 = v1 < min1 ? v1 : min1;
            min2 = v2 < min2 ? v2 : min2;
            min3 = v3 < min3 ? v3 : min3;
            max0 = v0 > max0 ? v0 : max0;
            max1 = v1 > max1 ? v1 : max1;
            max2 = v2 > max2 ? v2 : max2;
            max3 = v3 > max3 ? v3 : max3;
        }
        for (; k < to; k++) {
            double v = d[k];
            min0 = v < min0 ? v : min0;
            max0 = v > max0 ? v : max0;
        }
        min0 = min1 < min0 ? min1 : min0;
        min2 = min3 < min2 ? min3 : min2;
        max0 = max1 > max0 ? max1 : max0;
        max2 = max3 > max2 ? max3 : max2;
        return new double[] {min2 < min0 ? min2 : min0, max2 > max0 ? max2 : max0};
    }
}
