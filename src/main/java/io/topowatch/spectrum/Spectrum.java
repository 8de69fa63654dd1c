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
        return sortedFinite();
    }

    /**
     * As {@link #cleaned()}, but this spectrum itself when it is already clean: for callers that only read
     * the arrays and hand none of them out (the classifier's path), so the copy is not needed.
     */
    Spectrum cleanedForReading() {
        return isClean() ? this : sortedFinite();
    }

    private Spectrum sortedFinite() {
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

    /**
     * Whether every point is finite and the energies strictly increase (cleaning would change nothing).
     * One branch-free pass: a clean spectrum, the usual case, is read once with no early-exit tests. Only
     * the last energy is tested for finiteness: `e > previous` fails for NaN and for −∞ (previous starts
     * at −∞), so strictly increasing energies below a finite last one are all finite.
     */
    private boolean isClean() {
        boolean clean = true;
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < energy.length; i++) {
            double e = energy[i];
            // |x| <= MAX_VALUE is Double.isFinite; `e > previous` is false for NaN and for a repeat
            clean &= e > previous & Math.abs(mu[i]) <= Double.MAX_VALUE;
            previous = e;
        }
        return clean && previous < Double.POSITIVE_INFINITY;
    }
}
