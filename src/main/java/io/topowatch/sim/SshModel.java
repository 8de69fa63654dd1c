package io.topowatch.sim;

/**
 * The Su–Schrieffer–Heeger chain with third-neighbour hoppings: a 1D two-sublattice (A, B) model in chiral
 * class BDI, H(k) = [[0, h(k)*], [h(k), 0]] with
 * <pre>
 *   h(k) = t1 + t2·e^{ik} + t3·e^{2ik} + u·e^{−ik}
 * </pre>
 * t1 the intra-cell hopping, t2 the inter-cell hopping of the textbook model (W. P. Su, J. R. Schrieffer,
 * A. J. Heeger, PRL 42, 1698 (1979)); t3 and u are the two third-neighbour hoppings (A of cell n to B of
 * cells n+1 and n−2 in the site chain ABAB…). Energies ±|h(k)|; gap 2·min_k |h(k)|.
 *
 * <p>Winding number W = (1/2π)∮ d arg h(k) over the Brillouin zone (J. K. Asbóth, L. Oroszlány,
 * A. Pályi, <i>A Short Course on Topological Insulators</i>, Springer 2016, ch. 1.5). By the argument
 * principle W = (number of zeros of u + t1·z + t2·z² + t3·z³ inside |z| = 1) − 1, so it takes the values
 * −1 (u dominant), 0 (t1 dominant: trivial), 1 (t2 dominant: the textbook t1 &lt; t2 phase) and 2 (t3
 * dominant), and changes only where a zero crosses the unit circle, i.e. where the gap closes.
 *
 * <p>Chiral symmetry puts equal weight on A and B in every eigenstate, so unlike {@link QwzModel} the chain
 * has no orbital character to invert: it supplies exact invariants, not near-edge spectra.
 */
public record SshModel(double t1, double t2, double t3, double u) implements TopologicalModel {

    /** k-points of the default grid; the winding is exact once every step of arg h is below π. */
    public static final int K_GRID = 512;

    public SshModel {
        if (!Double.isFinite(t1) || !Double.isFinite(t2) || !Double.isFinite(t3) || !Double.isFinite(u)) {
            throw new IllegalArgumentException("hoppings must be finite, got " + t1 + ", " + t2 + ", " + t3 + ", " + u);
        }
    }

    /** The textbook chain: intra-cell t1, inter-cell t2. */
    public SshModel(double t1, double t2) {
        this(t1, t2, 0, 0);
    }

    /** h(k) as (re, im). */
    public double[] h(double k) {
        return new double[] {
            t1 + t2 * Math.cos(k) + t3 * Math.cos(2 * k) + u * Math.cos(k),
            t2 * Math.sin(k) + t3 * Math.sin(2 * k) - u * Math.sin(k)};
    }

    /** Gap 2·min|h(k)| on an n-point grid. */
    public double gap(int n) {
        requireGrid(n);
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double[] h = h(k(i, n));
            min = Math.min(min, Math.hypot(h[0], h[1]));
        }
        return 2 * min;
    }

    /**
     * Winding of arg h(k) on an n-point grid: the sum of the phase steps, each wrapped into (−π, π], over
     * 2π. Exact when the gap is open and n resolves h (a step of arg h never reaches π).
     */
    public int windingNumber(int n) {
        requireGrid(n);
        double total = 0;
        double[] prev = h(k(n - 1, n));
        for (int i = 0; i < n; i++) {
            double[] h = h(k(i, n));
            // arg(h · conj(prev)) is the wrapped phase step
            total += Math.atan2(h[1] * prev[0] - h[0] * prev[1], h[0] * prev[0] + h[1] * prev[1]);
            prev = h;
        }
        return (int) Math.round(total / (2 * Math.PI));
    }

    @Override
    public double gap() {
        return gap(K_GRID);
    }

    @Override
    public int invariant() {
        return windingNumber(K_GRID);
    }

    private static double k(int i, int n) {
        return 2 * Math.PI * (i + 0.5) / n - Math.PI;
    }

    private static void requireGrid(int n) {
        if (n < 8) {
            throw new IllegalArgumentException("k-grid must have at least 8 points, got " + n);
        }
    }
}
