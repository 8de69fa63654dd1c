package io.topowatch.spectrum;

import java.util.SplittableRandom;

/** Analytic test spectra: an arctan edge of known step on a straight line, on a beamline-like grid. */
final class EdgeSpectra {

    private EdgeSpectra() {}

    /** Energies from e0−200 (10 eV steps) through e0−20..e0+40 (0.5 eV) to e0+800 (5 eV); e0 is a grid point. */
    static double[] grid(double e0) {
        double[] g = new double[18 + 120 + 153];
        int n = 0;
        for (int i = 0; i < 18; i++) {
            g[n++] = e0 - 200 + 10 * i;
        }
        for (int i = 0; i < 120; i++) {
            g[n++] = e0 - 20 + 0.5 * i;
        }
        for (int i = 0; i < 153; i++) {
            g[n++] = e0 + 40 + 5 * i;
        }
        return java.util.Arrays.copyOf(g, n);
    }

    /**
     * mu(E) = offset + slope·(E − e0) + step·(½ + arctan((E − e0)/gamma)/π) + Gaussian noise of σ = noise.
     */
    static double[] arctanEdge(double[] energy, double e0, double step, double gamma, double offset, double slope,
            double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] mu = new double[energy.length];
        for (int i = 0; i < mu.length; i++) {
            double x = energy[i] - e0;
            mu[i] = offset + slope * x + step * (0.5 + Math.atan(x / gamma) / Math.PI) + noise * gaussian(random);
        }
        return mu;
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
