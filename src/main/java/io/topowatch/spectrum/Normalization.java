package io.topowatch.spectrum;

/**
 * Edge-step normalisation of mu(E), with the parameters named as Larch's {@code pre_edge} names them.
 *
 * <p>Steps, one function each: {@link #findE0} (energy of the maximum derivative), {@link #preEdgeLine}
 * (least-squares line over [e0+pre1, e0+pre2]), {@link #postEdgeLine} (least-squares line over
 * [e0+norm1, e0+norm2]), edge step = post(e0) − pre(e0), and norm(E) = (mu(E) − pre(E)) / edgeStep.
 * This is the first, simple version; Larch-grade defaults and flattening come with the spectrum core.
 */
public final class Normalization {

    /** Ranges relative to e0, in eV, as Larch names them. */
    public record Parameters(double pre1, double pre2, double norm1, double norm2) {
        public static Parameters defaults() {
            return new Parameters(-150.0, -30.0, 50.0, 250.0);
        }
    }

    /** The result: e0, the fitted lines as (intercept at e0, slope), the edge step and normalised mu. */
    public record Result(double e0, double edgeStep, double[] preEdge, double[] postEdge, Spectrum normalized) {}

    private Normalization() {}

    public static Result normalize(Spectrum raw, Parameters p) {
        Spectrum s = raw.cleaned();
        if (s.size() < 10) {
            throw new IllegalArgumentException("spectrum has " + s.size() + " finite points, need at least 10");
        }
        double e0 = findE0(s);
        double[] pre = preEdgeLine(s, e0, p);
        double[] post = postEdgeLine(s, e0, p);
        double edgeStep = post[0] - pre[0];
        if (!(Math.abs(edgeStep) > 1e-12) || !Double.isFinite(edgeStep)) {
            throw new IllegalArgumentException("edge step is zero: no absorption edge found near e0=" + e0);
        }
        double[] norm = new double[s.size()];
        for (int i = 0; i < norm.length; i++) {
            double x = s.energy()[i] - e0;
            norm[i] = (s.mu()[i] - (pre[0] + pre[1] * x)) / edgeStep;
        }
        return new Result(e0, edgeStep, pre, post, new Spectrum(s.energy(), norm));
    }

    /**
     * e0 as the data energy of maximum dmu/dE, from a three-point-smoothed derivative so that a single
     * noisy point cannot win, ignoring the outermost 2 % of points at both ends.
     */
    public static double findE0(Spectrum s) {
        double[] e = s.energy();
        double[] d = derivative(s);
        int n = e.length;
        int skip = Math.max(1, n / 50);
        int best = skip;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = skip; i < n - skip; i++) {
            double smooth = (d[i - 1] + 2 * d[i] + d[i + 1]) / 4.0;
            if (smooth > bestValue) {
                bestValue = smooth;
                best = i;
            }
        }
        return e[best];
    }

    /** Pre-edge line (intercept at e0, slope) over [e0+pre1, e0+pre2]; a constant if under 3 points. */
    public static double[] preEdgeLine(Spectrum s, double e0, Parameters p) {
        return fitLine(s, e0, e0 + p.pre1(), e0 + p.pre2(), true);
    }

    /** Post-edge line (intercept at e0, slope) over [e0+norm1, e0+norm2]; a constant if under 3 points. */
    public static double[] postEdgeLine(Spectrum s, double e0, Parameters p) {
        return fitLine(s, e0, e0 + p.norm1(), e0 + p.norm2(), false);
    }

    static double[] derivative(Spectrum s) {
        double[] e = s.energy();
        double[] m = s.mu();
        int n = e.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - 1);
            int b = Math.min(n - 1, i + 1);
            d[i] = (m[b] - m[a]) / (e[b] - e[a]);
        }
        return d;
    }

    /**
     * Unweighted least-squares line in x = E − e0 over [from, to]. When fewer than 3 points fall in the
     * range, the nearest 3 points on that side of the edge are used, as a constant.
     */
    private static double[] fitLine(Spectrum s, double e0, double from, double to, boolean belowEdge) {
        double[] e = s.energy();
        double[] m = s.mu();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < e.length; i++) {
            if (e[i] >= from && e[i] <= to) {
                double x = e[i] - e0;
                sx += x;
                sy += m[i];
                sxx += x * x;
                sxy += x * m[i];
                n++;
            }
        }
        if (n >= 3) {
            double denom = n * sxx - sx * sx;
            double slope = denom == 0 ? 0 : (n * sxy - sx * sy) / denom;
            double intercept = (sy - slope * sx) / n;
            return new double[] {intercept, slope};
        }
        int count = Math.min(3, e.length);
        double sum = 0;
        for (int k = 0; k < count; k++) {
            sum += belowEdge ? m[k] : m[e.length - 1 - k];
        }
        return new double[] {sum / count, 0.0};
    }
}
