package io.topowatch.spectrum;

/** An evenly spaced energy grid: {@code points} energies from {@code start} to {@code end} inclusive, in eV. */
public record EnergyWindow(double start, double end, int points) {

    public EnergyWindow {
        if (!(end > start) || points < 2) {
            throw new IllegalArgumentException("energy window needs end > start and at least 2 points, got ["
                    + start + ", " + end + "] with " + points + " points");
        }
    }

    public static EnergyWindow of(double start, double end, int points) {
        return new EnergyWindow(start, end, points);
    }

    public double step() {
        return (end - start) / (points - 1);
    }

    public double energy(int i) {
        return start + i * step();
    }

    public double[] energies() {
        double[] e = new double[points];
        for (int i = 0; i < points; i++) {
            e[i] = energy(i);
        }
        return e;
    }
}
