package io.topowatch.spectrum;

import java.util.Arrays;

/**
 * A measured absorption spectrum mu(E): energies in eV, strictly increasing after {@link #cleaned()}.
 */
public record Spectrum(double[] energy, double[] mu) {

    public Spectrum {
        if (energy.length != mu.length) {
            throw new IllegalArgumentException("energy has " + energy.length + " points but mu has " + mu.length);
        }
    }

    public int size() {
        return energy.length;
    }

    /**
     * Drops non-finite points, sorts by energy and separates repeated energies by a tiny offset, so that
     * derivatives and interpolation are defined (Larch's {@code remove_dups} and {@code remove_nans2}).
     */
    public Spectrum cleaned() {
        if (isClean()) {
            return new Spectrum(energy.clone(), mu.clone());
        }
        Integer[] order = new Integer[energy.length];
        int n = 0;
        for (int i = 0; i < energy.length; i++) {
            if (Double.isFinite(energy[i]) && Double.isFinite(mu[i])) {
                order[n++] = i;
            }
        }
        Integer[] kept = Arrays.copyOf(order, n);
        Arrays.sort(kept, (a, b) -> Double.compare(energy[a], energy[b]));
        double[] e = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = energy[kept[i]];
            m[i] = mu[kept[i]];
        }
        double tiny = 1e-9 * Math.max(1.0, n > 0 ? Math.abs(e[n - 1]) : 1.0);
        for (int i = 1; i < n; i++) {
            if (e[i] <= e[i - 1]) {
                e[i] = e[i - 1] + tiny;
            }
        }
        return new Spectrum(e, m);
    }

    /** Whether every point is finite and the energies strictly increase (cleaning would change nothing). */
    private boolean isClean() {
        for (int i = 0; i < energy.length; i++) {
            if (!Double.isFinite(energy[i]) || !Double.isFinite(mu[i]) || (i > 0 && !(energy[i] > energy[i - 1]))) {
                return false;
            }
        }
        return true;
    }
}
