package io.topowatch.sim;

/**
 * The Qi–Wu–Zhang two-band Chern insulator, H(k) = d(k)·σ with
 * d = (sin kx, sin ky, m − cos kx − cos ky) (X.-L. Qi, Y.-S. Wu, S.-C. Zhang, PRB 74, 085308 (2006)).
 *
 * <p>|m| &gt; 2 is trivial (Chern number 0); 0 &lt; |m| &lt; 2 is a Chern insulator (|C| = 1), the bands
 * inverted around Γ: there d_z &lt; 0, so the bottom of the conduction band has the character of orbital
 * b (σ_z = −1) instead of a. The gap closes at |m| = 2 (at Γ) and m = 0 (at X, Y). Energies are in units
 * of the hopping t.
 */
public final class QwzModel implements TopologicalModel {

    /** Default k-grid of {@link #gap()} and {@link #invariant()}. */
    public static final int K_GRID = 48;
    /** Finest grid {@link #invariant()} refines to: resolves masses 4·10⁻⁵ from a critical value. */
    public static final int MAX_GRID = 1024;
    /** Sign of the lattice method's Chern number for 0 &lt; m &lt; 2 with this gauge and orientation. */
    static final int CHIRALITY = 1;

    /** The two orbitals of the model; the absorber's dipole transition reaches {@link #B}. */
    public enum Orbital { A, B }

    private final double mass;

    public QwzModel(double mass) {
        if (!Double.isFinite(mass)) {
            throw new IllegalArgumentException("mass must be finite, got " + mass);
        }
        this.mass = mass;
    }

    public double mass() {
        return mass;
    }

    /** Band gap 2·min|d(k)| on an n × n grid. */
    public double gap(int n) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[] d = d(k(i, n), k(j, n));
                min = Math.min(min, norm(d));
            }
        }
        return 2 * min;
    }

    /**
     * Chern number of the lower band by the Fukui–Hatsugai–Suzuki lattice method (J. Phys. Soc. Jpn. 74,
     * 1674 (2005)): the sum over plaquettes of the phase of the product of link variables, divided by 2π.
     * It is an integer for any grid once the gap is open on it.
     */
    public int chernNumber(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("k-grid must be at least 2 x 2, got " + n);
        }
        // Two rows of lower-band states at a time: memory O(n), so fine grids near a critical mass fit.
        double[][] first = row(0, n);
        double[][] lower = first;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[][] upper = i + 1 < n ? row(i + 1, n) : first;
            for (int j = 0; j < n; j++) {
                double[] u00 = lower[j];
                double[] u10 = upper[j];
                double[] u11 = upper[(j + 1) % n];
                double[] u01 = lower[(j + 1) % n];
                // F = arg( <u00|u10> <u10|u11> <u11|u01> <u01|u00> )
                double[] p = mul(mul(inner(u00, u10), inner(u10, u11)), mul(inner(u11, u01), inner(u01, u00)));
                total += Math.atan2(p[1], p[0]);
            }
            lower = upper;
        }
        return (int) Math.round(total / (2 * Math.PI));
    }

    /**
     * The grid {@link #invariant()} uses: {@link #K_GRID}, refined near a critical mass m_c ∈ {−2, 0, 2} until
     * the k-points next to the closing point see the sign of m − m_c (d_z there is m − m_c + O((π/n)²)), so
     * n ≥ 2π/√|m − m_c|, capped at {@link #MAX_GRID}.
     */
    public int invariantGrid() {
        double distance = Math.min(Math.abs(mass - 2), Math.min(Math.abs(mass), Math.abs(mass + 2)));
        double needed = 2 * Math.PI / Math.sqrt(Math.max(distance, 1e-12));
        int n = (int) Math.min(MAX_GRID, Math.max(K_GRID, Math.ceil(needed)));
        return n + (n % 2);
    }

    /**
     * The Chern number from the Dirac points alone: each of Γ, X, Y, M contributes ±½·sgn d_z there, so
     * C = −½·c₀·[sgn(m − 2) − 2·sgn(m) + sgn(m + 2)] with c₀ the sign convention of the lattice method. An
     * independent check of {@link #chernNumber(int)}; 0 exactly at a critical mass.
     */
    public int diracPointChern() {
        double s = Math.signum(mass - 2) - 2 * Math.signum(mass) + Math.signum(mass + 2);
        return (int) Math.round(-0.5 * CHIRALITY * s);
    }

    private double[][] row(int i, int n) {
        double[][] states = new double[n][];
        for (int j = 0; j < n; j++) {
            states[j] = lowerBandState(d(k(i, n), k(j, n)));
        }
        return states;
    }

    /**
     * Density of unoccupied (conduction-band) states projected on one orbital, at the given energies
     * above mid-gap, Lorentzian-broadened with half-width {@code hwhm}; normalised per k-point.
     */
    public double[] conductionDos(double[] energies, double hwhm, Orbital orbital, int n) {
        if (n < 2 || !(hwhm > 0)) {
            throw new IllegalArgumentException("need a grid of at least 2 and hwhm > 0, got " + n + ", " + hwhm);
        }
        double[] dos = new double[energies.length];
        double sign = orbital == Orbital.A ? 1 : -1;
        double weightPerK = 1.0 / (n * n);
        // |d| and d_z depend on kx, ky only through cos k and sin² k, which the offset grid's mirror
        // k(n−1−i) = −k(i) and the swap kx ↔ ky leave alone: on an even grid, sum over i ≤ j < n/2 with
        // multiplicities 4 (diagonal) and 8, an eighth of the work for the same sum.
        int half = n / 2;
        boolean even = n % 2 == 0;
        int rows = even ? half : n;
        for (int i = 0; i < rows; i++) {
            for (int j = even ? i : 0; j < rows; j++) {
                double multiplicity = even ? (i == j ? 4 : 8) : 1;
                double[] d = d(k(i, n), k(j, n));
                double e = norm(d);
                double weight = multiplicity * weightPerK * 0.5 * (1 + sign * d[2] / e) * hwhm / Math.PI;
                double h2 = hwhm * hwhm;
                for (int q = 0; q < energies.length; q++) {
                    double x = energies[q] - e;
                    dos[q] += weight / (x * x + h2);
                }
            }
        }
        return dos;
    }

    /** Gap on a 400 × 400 grid, fine enough to resolve a near-critical gap to O(10⁻⁴). */
    @Override
    public double gap() {
        return gap(400);
    }

    /** Chern number of the lower band by the lattice method on {@link #invariantGrid()}. */
    @Override
    public int invariant() {
        return chernNumber(invariantGrid());
    }

    double[] d(double kx, double ky) {
        return new double[] {Math.sin(kx), Math.sin(ky), mass - Math.cos(kx) - Math.cos(ky)};
    }

    /** Grid points offset by half a step so no k-point sits exactly on a gap closing of a critical mass. */
    private static double k(int i, int n) {
        return 2 * Math.PI * (i + 0.5) / n - Math.PI;
    }

    private static double norm(double[] d) {
        return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }

    /**
     * The E = −|d| eigenvector as (re1, im1, re2, im2), in whichever of the two standard gauges is regular
     * at this k (the lattice method is gauge invariant).
     */
    private static double[] lowerBandState(double[] d) {
        double e = norm(d);
        double[] v = d[2] <= 0
                ? new double[] {d[0], -d[1], -(d[2] + e), 0}   // (dx − i dy, −(dz + |d|))
                : new double[] {d[2] - e, 0, d[0], d[1]};      // (dz − |d|, dx + i dy)
        double len = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
        for (int i = 0; i < 4; i++) {
            v[i] /= len;
        }
        return v;
    }

    /** <a|b> for two-component complex vectors. */
    private static double[] inner(double[] a, double[] b) {
        return new double[] {
            a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3],
            a[0] * b[1] - a[1] * b[0] + a[2] * b[3] - a[3] * b[2]};
    }

    private static double[] mul(double[] a, double[] b) {
        return new double[] {a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]};
    }
}
