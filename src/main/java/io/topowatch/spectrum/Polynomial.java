package io.topowatch.spectrum;

import java.util.Arrays;

/**
 * A polynomial in powers of {@code (E − origin)}: p(E) = Σ<sub>k</sub> c<sub>k</sub> (E − origin)<sup>k</sup>.
 *
 * <p>The pre-edge line and the post-edge curve of {@link PreEdge} use e0 as origin, so {@code c[0]} is the
 * value at the edge and {@code c[1]} the slope there.
 *
 * @param origin       energy at which the powers are taken, in eV
 * @param coefficients c<sub>0</sub>, c<sub>1</sub>, …; at least one
 */
public record Polynomial(double origin, double[] coefficients) {

    public Polynomial {
        if (coefficients.length == 0) {
            throw new IllegalArgumentException("a polynomial needs at least one coefficient");
        }
        coefficients = coefficients.clone();
    }

    /** Degree: number of coefficients − 1. */
    public int degree() {
        return coefficients.length - 1;
    }

    /** The coefficients (a copy). */
    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** p(E), by Horner's rule in (E − origin). */
    public double value(double energy) {
        double u = energy - origin;
        double v = coefficients[coefficients.length - 1];
        for (int k = coefficients.length - 2; k >= 0; k--) {
            v = v * u + coefficients[k];
        }
        return v;
    }

    /**
     * Unweighted least-squares polynomial of degree {@code degree} through (x[i], y[i]) for i in
     * [from, to), returned in powers of (x − origin).
     *
     * <p>Solved well-conditioned: the normal equations are set up in t = (x − c)/s, with c the centre and
     * s the half-width of the x range, so that |t| ≤ 1 (Press et al., <i>Numerical Recipes</i>, 3rd ed.,
     * §15.4), solved by Gaussian elimination with partial pivoting, and the coefficients are then expanded
     * binomially about {@code origin}. The caller ensures {@code to − from > degree}.
     */
    static Polynomial fit(double[] x, double[] y, int from, int to, int degree, double origin) {
        int m = degree + 1;
        double c = 0.5 * (x[from] + x[to - 1]);
        double s = 0.5 * (x[to - 1] - x[from]);
        if (!(s > 0)) {
            s = 1.0;
        }
        double[] powSums = new double[2 * m - 1];
        double[] rhs = new double[m];
        // t = (x − c)·(1/s): one division per fit instead of one per point (an ulp apart at most)
        double inverseS = 1.0 / s;
        if (m <= 3) {
            sumsUpToQuadratic(x, y, from, to, c, inverseS, m, powSums, rhs);
        } else for (int i = from; i < to; i++) {
            double t = (x[i] - c) * inverseS;
            double tp = 1.0;
            for (int k = 0; k < powSums.length; k++) {
                powSums[k] += tp;
                if (k < m) {
                    rhs[k] += tp * y[i];
                }
                tp *= t;
            }
        }
        double[][] a = new double[m][m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) {
                a[j][k] = powSums[j + k];
            }
        }
        double[] inT = solve(a, rhs);
        // t^j = ((x − origin) + (origin − c))^j / s^j: expand binomially in u = x − origin.
        double delta = origin - c;
        double[] inU = new double[m];
        double sPow = 1.0;
        for (int j = 0; j < m; j++) {
            double aj = inT[j] / sPow;
            double binom = 1.0;
            for (int k = 0; k <= j; k++) {
                // binom = C(j, k); delta^(j−k)
                inU[k] += aj * binom * power(delta, j - k);
                binom = binom * (j - k) / (k + 1);
            }
            sPow *= s;
        }
        return new Polynomial(origin, inU);
    }

    /**
     * The sums of the general loop of {@link #fit} for degree ≤ 2, with the same products added in the same
     * order (t^k built as ((1·t)·t)·…), held in locals instead of arrays.
     */
    private static void sumsUpToQuadratic(double[] x, double[] y, int from, int to, double c, double inverseS,
            int m, double[] powSums, double[] rhs) {
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        double p4 = 0;
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        for (int i = from; i < to; i++) {
            double t = (x[i] - c) * inverseS;
            double yi = y[i];
            double t2 = t * t;
            p0 += 1.0;
            r0 += yi;
            p1 += t;
            r1 += t * yi;
            p2 += t2;
            r2 += t2 * yi;
            double t3 = t2 * t;
            p3 += t3;
            p4 += t3 * t;
        }
        double[] p = {p0, p1, p2, p3, p4};
        double[] r = {r0, r1, r2};
        System.arraycopy(p, 0, powSums, 0, powSums.length);
        System.arraycopy(r, 0, rhs, 0, rhs.length);
    }

    /**
     * x<sup>k</sup> for the small whole exponents of the binomial expansion: exact for 0 and 1, one rounding
     * (x·x, what pow returns or an ulp from it, without its call) for 2, Math.pow above.
     */
    private static double power(double x, int k) {
        return k == 0 ? 1.0 : k == 1 ? x : k == 2 ? x * x : Math.pow(x, k);
    }

    /** Gaussian elimination with partial pivoting; a singular system yields zeros for the free unknowns. */
    private static double[] solve(double[][] a, double[] b) {
        int m = b.length;
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double tb = b[col];
            b[col] = b[pivot];
            b[pivot] = tb;
            if (a[col][col] == 0) {
                continue;
            }
            for (int r = col + 1; r < m; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k < m; k++) {
                    a[r][k] -= f * a[col][k];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double v = b[r];
            for (int k = r + 1; k < m; k++) {
                v -= a[r][k] * x[k];
            }
            x[r] = a[r][r] == 0 ? 0.0 : v / a[r][r];
        }
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polynomial p && p.origin == origin && Arrays.equals(p.coefficients, coefficients);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(origin) * 31 + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "Polynomial[origin=" + origin + ", coefficients=" + Arrays.toString(coefficients) + "]";
    }
}
