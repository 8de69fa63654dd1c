package io.topowatch.spectrum;

/** Puts a spectrum on an {@link EnergyWindow} by linear interpolation. */
public final class Resampler {

    private Resampler() {}

    /**
     * Linear interpolation of a cleaned spectrum (strictly increasing energies) onto the window; outside
     * the measured range the nearest measured value is held, since a flat extension distorts a normalised
     * spectrum least.
     */
    public static float[] resample(Spectrum s, EnergyWindow window) {
        double[] e = s.energy();
        double[] m = s.mu();
        if (e.length < 2) {
            throw new IllegalArgumentException("need at least 2 points to resample, got " + e.length);
        }
        float[] out = new float[window.points()];
        // window.energy(i) is start + i * step(); step() divides, so it is taken once (same value)
        double start = window.start();
        double step = window.step();
        int j = 0;
        for (int i = 0; i < out.length; i++) {
            double x = start + i * step;
            if (x <= e[0]) {
                out[i] = (float) m[0];
            } else if (x >= e[e.length - 1]) {
                out[i] = (float) m[e.length - 1];
            } else {
                while (e[j + 1] < x) {
                    j++;
                }
                double t = (x - e[j]) / (e[j + 1] - e[j]);
                out[i] = (float) (m[j] + t * (m[j + 1] - m[j]));
            }
        }
        return out;
    }
}
