package io.topowatch.spectrum;

import java.util.function.IntToDoubleFunction;

/** Puts a spectrum on an {@link EnergyWindow} by linear interpolation. */
public final class Resampler {

    private Resampler() {}

    /**
     * Linear interpolation of a cleaned spectrum (strictly increasing energies) onto the window; outside
     * the measured range the nearest measured value is held, since a flat extension distorts a normalised
     * spectrum least.
     */
    public static float[] resample(Spectrum s, EnergyWindow window) {
        double[] m = s.mu();
        return resample(s.energy(), i -> m[i], window);
    }

    /**
     * As {@link #resample(Spectrum, EnergyWindow)}, for values given as a function of the measured point's
     * index, asked only at the points the window's energies fall between (and each at most twice).
     */
    static float[] resample(double[] e, IntToDoubleFunction valueAt, EnergyWindow window) {
        if (e.length < 2) {
            throw new IllegalArgumentException("need at least 2 points to resample, got " + e.length);
        }
        float[] out = new float[window.points()];
        // window.energy(i) is start + i * step(); step() divides, so it is taken once (same value)
        double start = window.start();
        double step = window.step();
        int last = e.length - 1;
        int j = 0;
        int cell = -1; // the cell [j, j+1] whose two values are at hand
        double below = 0;
        double above = 0;
        for (int i = 0; i < out.length; i++) {
            double x = start + i * step;
            if (x <= e[0]) {
                out[i] = (float) valueAt.applyAsDouble(0);
            } else if (x >= e[last]) {
                out[i] = (float) valueAt.applyAsDouble(last);
            } else {
                while (e[j + 1] < x) {
                    j++;
                }
                if (j != cell) {
                    below = j == cell + 1 && cell >= 0 ? above : valueAt.applyAsDouble(j);
                    above = valueAt.applyAsDouble(j + 1);
                    cell = j;
                }
                double t = (x - e[j]) / (e[j + 1] - e[j]);
                out[i] = (float) (below + t * (above - below));
            }
        }
        return out;
    }
}
