package io.topowatch.spectrum;

/** Absorption coefficient mu(E) from detector counters. */
public final class Absorption {

    private Absorption() {}

    /** Transmission: mu = ln(I0 / It). */
    public static double[] transmission(double[] i0, double[] it) {
        double[] mu = new double[i0.length];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = Math.log(i0[i] / it[i]);
        }
        return mu;
    }

    /** Fluorescence: mu = If / I0. */
    public static double[] fluorescence(double[] i0, double[] ifluor) {
        double[] mu = new double[i0.length];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = ifluor[i] / i0[i];
        }
        return mu;
    }
}
