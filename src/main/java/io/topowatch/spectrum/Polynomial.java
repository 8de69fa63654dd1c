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
        // a zero baseline: y − (0·(x − 0) + 0) is y itself, bit for bit (x is finite)
        return fitAboveLine(x, y, 0.0, 0.0, 0.0, from, to, degree, origin);
    }

    /**
     * As {@link #fit}, for the residuals y[i] − line(x[i]) of a straight line (degree 1). The residual is
     * formed point by point inside the sums, with line's own Horner step, so callers fitting above a
     * baseline (the post-edge fit: mu − pre-edge) need no array of residuals.
     */
    static Polynomial fitAbove(Polynomial line, double[] x, double[] y, int from, int to, int degree,
            double origin) {
        if (line.degree() != 1) {
            throw new IllegalArgumentException("baseline must be a line, got degree " + line.degree());
        }
        return fitAboveLine(x, y, line.origin, line.coefficients[0], line.coefficients[1], from, to, degree, origin);
    }

    /** The fit of y − (line1·(x − lineOrigin) + line0); see {@link #fit} for the method. */
    private static Polynomial fitAboveLine(double[] x, double[] y, double lineOrigin, double line0, double line1,
            int from, int to, int degree, double origin) {
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
            sumsUpToQuadratic(x, y, lineOrigin, line0, line1, from, to, c, inverseS, m, powSums, rhs);
        } else for (int i = from; i < to; i++) {
            double t = (x[i] - c) * inverseS;
            double yi = y[i] - (line1 * (x[i] - lineOrigin) + line0);
            double tp = 1.0;
            for (int k = 0; k < powSums.length; k++) {
                powSums[k] += tp;
                if (k < m) {
                    rhs[k] += tp * yi;
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
     * The sums of the general loop of {@link #fitAboveLine} for degree ≤ 2, with the same products added in
     * the same order (t^k built as ((1·t)·t)·…), held in locals instead of arrays. The count of points,
     * Σ1, is exact as an integer (what adding 1.0 per point gives below 2<sup>53</sup>), which takes one
     * chain of dependent additions out of the loop.
     */
    private static void sumsUpToQuadratic(double[] x, double[] y, double lineOrigin, double line0, double line1,
            int from, int to, double c, double inverseS, int m, double[] powSums, double[] rhs) {
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        double p4 = 0;
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        for (int i = from; i < to; i++) {
            double xi = x[i];
            double t = (xi - c) * inverseS;
            double yi = y[i] - (line1 * (xi - lineOrigin) + line0);
            double t2 = t * t;
            r0 += yi;
            p1 += t;
            r1 += t * yi;
            p2 += t2;
            r2 += t2 * yi;
            double t3 = t2 * t;
            p3 += t3;
            p4 += t3 * t;
        }
        double[] p = {to - from, p1, p2, p3, p4};
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
