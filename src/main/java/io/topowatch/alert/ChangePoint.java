package io.topowatch.alert;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A single change in the mean of a weighted sequence: the two-segment step-function fit, its likelihood
 * ratio, a permutation confidence and a posterior interval for the location. Pure, no state.
 *
 * <p><b>Model.</b> y_i = μ_1 + ε_i for i &lt; k and μ_2 + ε_i for i ≥ k, ε_i ~ N(0, φ/w_i). For a segment S
 * the weighted least-squares mean is μ_S = Σ w y / Σ w and its residual sum RSS_S = Σ w y² − (Σ w y)²/Σ w.
 * Against the no-change fit (one mean, RSS_0) the log likelihood ratio of split k is
 * λ_k = (RSS_0 − RSS_1(k) − RSS_2(k)) / 2 (φ = 1); the estimate k̂ maximises λ_k over splits leaving at least
 * {@code minSegment} points on each side (the CUSUM/likelihood-ratio change-point estimator, Hinkley,
 * Biometrika 57 (1970) 1; Csörgő &amp; Horváth, <i>Limit Theorems in Change-Point Analysis</i>, 1997, §1.4).
 *
 * <p><b>Confidence</b>, two ways ({@link DetectorSettings#confidenceMethod()} picks the one that gates alerts; the
 * permutation one is computed only when B ≥ 1, since its B passes are most of a fit's cost):
 * <ul>
 *   <li>likelihood ratio: 1 − p with p = min(1, m · P(χ²_1 &gt; 2λ/φ̂)), Bonferroni over the m candidate
 *       splits, φ̂ the dispersion below (so scatter beyond the stated σ lowers it). Reaches high confidence with two
 *       points after a clear step.</li>
 *   <li>permutation: 1 − p, p = (1 + #{π : max λ(π) ≥ max λ}) / (B + 1) over B seeded permutations of the
 *       (y, w) pairs. Needs no distribution of the maximum and no trust in σ, but is bounded by the number of
 *       arrangements: with n points and j after the split, p ≥ 2/C(n, j).</li>
 * </ul>
 *
 * <p><b>Interval.</b> With a flat prior on k and the segment means profiled out, P(k | y) ∝ exp(−RSS(k)/(2φ̂)),
 * φ̂ = max(1, RSS(k̂)/(n − 2)) (the dispersion, so that scatter beyond the stated σ widens the interval). The
 * interval is the smallest set of splits, taken in order of posterior, holding {@code mass}; it runs from the
 * last point before its earliest split to the first point after its latest.
 */
public final class ChangePoint {

    /**
     * @param split          k̂: index of the first point after the change
     * @param meanBefore     μ_1
     * @param meanAfter      μ_2
     * @param logLikelihoodRatio λ_k̂
     * @param lrConfidence   1 − Bonferroni-corrected χ² p-value of the likelihood ratio
     * @param permutationConfidence 1 − permutation p-value
     * @param firstIndex     index of the last point before the earliest split in the interval
     * @param lastIndex      index of the first point after the latest split in the interval
     */
    public record Fit(int split, double meanBefore, double meanAfter, double logLikelihoodRatio, double lrConfidence,
            double permutationConfidence, int firstIndex, int lastIndex) {

        public double step() {
            return meanAfter - meanBefore;
        }
    }

    private ChangePoint() {}

    /**
     * Fits one change point.
     *
     * @param y            the sequence, in order
     * @param w            positive weights (inverse variances)
     * @param minSegment   least points on each side of k̂ (≥ 1)
     * @param permutations B, ≥ 0 (0: no permutation test, its confidence NaN)
     * @param mass         posterior mass of the interval, in (0, 1]
     * @param seed         seed of the permutations (the same inputs and seed give the same fit)
     * @throws IllegalArgumentException on mismatched lengths, fewer than 2·minSegment points, a non-finite value
     *                                  or a weight that is not positive
     */
    public static Fit fit(double[] y, double[] w, int minSegment, int permutations, double mass, long seed) {
        if (y == null || w == null || y.length != w.length) {
            throw new IllegalArgumentException("y and w must have the same length");
        }
        if (minSegment < 1 || y.length < 2 * minSegment) {
            throw new IllegalArgumentException("need at least 2·minSegment = " + 2 * minSegment + " points, got "
                    + y.length);
        }
        if (permutations < 0 || !(mass > 0 && mass <= 1)) {
            throw new IllegalArgumentException("permutations must be >= 0 and mass in (0, 1]");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i]) || !(w[i] > 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("point " + i + ": y must be finite and w > 0, got " + y[i] + ", "
                        + w[i]);
            }
        }
        int n = y.length;
        double[] rss = splitRss(y, w);
        double rss0 = segmentRss(y, w, 0, n);
        int best = minSegment;
        for (int k = minSegment; k <= n - minSegment; k++) {
            if (rss[k] < rss[best]) {
                best = k;
            }
        }
        double lambda = Math.max(0, (rss0 - rss[best]) / 2);

        int exceed = 0;
        SplittableRandom random = new SplittableRandom(seed);
        double[] py = y.clone();
        double[] pw = w.clone();
        for (int b = 0; b < permutations; b++) {
            shuffle(py, pw, random);
            double[] r = splitRss(py, pw);
            double min = Double.POSITIVE_INFINITY;
            for (int k = minSegment; k <= n - minSegment; k++) {
                min = Math.min(min, r[k]);
            }
            if ((rss0 - min) / 2 >= lambda - 1e-12) {
                exceed++;
            }
        }
        double permutationConfidence = permutations == 0 ? Double.NaN : 1 - (1.0 + exceed) / (permutations + 1.0);

        double dispersion = n > 2 ? Math.max(1, rss[best] / (n - 2)) : 1;
        int candidates = n - 2 * minSegment + 1;
        double p = Math.min(1, candidates * chiSquare1Survival(2 * lambda / dispersion));
        double lrConfidence = 1 - p;
        Integer[] order = new Integer[n - 1];
        double[] posterior = new double[n];
        double total = 0;
        for (int k = 1; k < n; k++) {
            posterior[k] = Math.exp(-(rss[k] - rss[best]) / (2 * dispersion));
            total += posterior[k];
            order[k - 1] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(posterior[b], posterior[a]));
        int lo = best;
        int hi = best;
        double covered = 0;
        for (Integer k : order) {
            if (covered >= mass * total) {
                break;
            }
            covered += posterior[k];
            lo = Math.min(lo, k);
            hi = Math.max(hi, k);
        }
        return new Fit(best, mean(y, w, 0, best), mean(y, w, best, n), lambda, lrConfidence, permutationConfidence,
                lo - 1, hi);
    }

    /** P(χ²_1 &gt; x) = erfc(√(x/2)). */
    static double chiSquare1Survival(double x) {
        return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
    }

    /**
     * The complementary error function, fractional error below 1.2·10⁻⁷ everywhere (Chebyshev fit, Press et
     * al., <i>Numerical Recipes in C</i>, 2nd ed., §6.2, erfcc).
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** RSS_1(k) + RSS_2(k) for every k in 1..n−1 (index 0 and n unused), by prefix sums. */
    static double[] splitRss(double[] y, double[] w) {
        int n = y.length;
        double[] sw = new double[n + 1];
        double[] swy = new double[n + 1];
        double[] swyy = new double[n + 1];
        for (int i = 0; i < n; i++) {
            sw[i + 1] = sw[i] + w[i];
            swy[i + 1] = swy[i] + w[i] * y[i];
            swyy[i + 1] = swyy[i] + w[i] * y[i] * y[i];
        }
        double[] rss = new double[n + 1];
        rss[0] = Double.POSITIVE_INFINITY;
        rss[n] = Double.POSITIVE_INFINITY;
        for (int k = 1; k < n; k++) {
            double a = swyy[k] - swy[k] * swy[k] / sw[k];
            double bw = sw[n] - sw[k];
            double by = swy[n] - swy[k];
            double b = (swyy[n] - swyy[k]) - by * by / bw;
            rss[k] = Math.max(0, a) + Math.max(0, b);
        }
        return rss;
    }

    static double segmentRss(double[] y, double[] w, int from, int to) {
        double m = mean(y, w, from, to);
        double s = 0;
        for (int i = from; i < to; i++) {
            s += w[i] * (y[i] - m) * (y[i] - m);
        }
        return s;
    }

    static double mean(double[] y, double[] w, int from, int to) {
        double sw = 0;
        double swy = 0;
        for (int i = from; i < to; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        return swy / sw;
    }

    private static void shuffle(double[] y, double[] w, SplittableRandom random) {
        for (int i = y.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
            t = w[i];
            w[i] = w[j];
            w[j] = t;
        }
    }
}
