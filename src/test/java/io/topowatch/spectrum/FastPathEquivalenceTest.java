package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of the normalisation's hot path give exactly the answers of the plain computations they
 * replace: E0's selection on raw values against the selection on a fully rescaled copy, the post-edge
 * fit above the pre-edge line against a fit to an array of residuals, and the blocked Lorentzian smoothing
 * (dense or sparse) against a point-by-point one.
 */
class FastPathEquivalenceTest {

    /** A derivative-like array: noise, optionally a peak, plateaus (ties) and non-finite values. */
    static double[] derivative(long seed, int m) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] d = new double[m];
        double offset = random.nextDouble(-5, 5);
        double noise = random.nextBoolean() ? random.nextDouble(0, 2) : 0;
        int peak = random.nextInt(m);
        double height = random.nextInt(4) == 0 ? 0 : random.nextDouble(-10, 50);
        double width = random.nextDouble(0.5, 20);
        for (int k = 0; k < m; k++) {
            double z = (k - peak) / width;
            d[k] = offset + height * Math.exp(-z * z) + noise * random.nextGaussian();
        }
        if (random.nextInt(5) == 0) { // a plateau: exact ties at the top
            int at = random.nextInt(m);
            for (int k = at; k < Math.min(m, at + 1 + random.nextInt(6)); k++) {
                d[k] = 100.0;
            }
        }
        if (random.nextInt(8) == 0) {
            d[random.nextInt(m)] = Double.POSITIVE_INFINITY;
        }
        if (random.nextInt(8) == 0) {
            d[random.nextInt(m)] = Double.NaN;
        }
        return d;
    }

    @Property(tries = 2000)
    void selectionOnRawValuesEqualsSelectionOnTheRescaledCopy(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
            @ForAll @IntRange(min = 3, max = 600) int m) {
        double[] d = derivative(seed, m);
        double[] before = d.clone();
        int quick = PreEdge.selectAboveRawCut(d);
        if (quick >= 0) {
            assertThat(quick).isEqualTo(PreEdge.selectOnRescaledCopy(d));
        }
        assertThat(d).isEqualTo(before);
    }

    @Test
    void rawSelectionDeclinesWhatItCannotDecide() {
        double[] flat = new double[50];
        assertThat(PreEdge.selectAboveRawCut(flat)).isEqualTo(-1); // no point above the threshold
        double[] peak = new double[50];
        for (int k = 20; k < 25; k++) {
            peak[k] = 1.0;
        }
        assertThat(PreEdge.selectAboveRawCut(peak)).isEqualTo(PreEdge.selectOnRescaledCopy(peak)).isEqualTo(21);
        peak[40] = Double.NaN;
        assertThat(PreEdge.selectAboveRawCut(peak)).isEqualTo(-1);
    }

    @Property(tries = 500)
    void fitAboveALineEqualsAFitToTheResiduals(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
            @ForAll @IntRange(min = 0, max = 4) int degree) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = degree + 1 + random.nextInt(300);
        double[] x = new double[n];
        double[] y = new double[n];
        double e = random.nextDouble(1000, 30000);
        for (int i = 0; i < n; i++) {
            e += random.nextDouble(0.01, 5);
            x[i] = e;
            y[i] = random.nextDouble(-3, 3) + 1e-4 * (e - x[0]);
        }
        double origin = x[random.nextInt(n)];
        Polynomial line = new Polynomial(origin, new double[] {random.nextDouble(-2, 2), random.nextDouble(-1e-3, 1e-3)});
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = y[i] - line.value(x[i]);
        }
        int from = random.nextInt(n - degree);
        int to = from + degree + 1 + random.nextInt(n - from - degree);
        assertThat(Polynomial.fitAbove(line, x, y, from, to, degree, origin))
                .isEqualTo(Polynomial.fit(x, residual, from, to, degree, origin));
    }

    @Property(tries = 1000)
    void blockedSmoothingEqualsPointByPointSmoothing(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
            @ForAll @IntRange(min = 3, max = 400) int m) {
        SplittableRandom random = new SplittableRandom(seed);
        // steps from much finer to much coarser than the smoothing width, so both the dense and the sparse
        // branch run, and the kernel is cut short on small grids
        double w = random.nextDouble(0.01, 1.0);
        double meanStep = w * Math.pow(10, random.nextDouble(-1, 2));
        double[] energy = new double[m];
        double e = random.nextDouble(100, 90_000);
        for (int k = 0; k < m; k++) {
            energy[k] = e;
            e += meanStep * random.nextDouble(0.2, 1.8);
        }
        double[] y = new double[m];
        for (int k = 0; k < m; k++) {
            y[k] = random.nextGaussian() + (k > m / 2 ? 3 : 0);
        }
        assertThat(PreEdge.lorentzianSmooth(energy, 0, m, y, w)).isEqualTo(pointByPointSmooth(energy, y, w));
    }

    /**
     * The smoothing as its Javadoc states it, every grid point convolved on its own: y interpolated onto the
     * grid, reflected at its ends, Σ kernel[|q|]·y0[g+q] as k0·y0[g] then fused multiply-adds for q = 1, 2, …,
     * and interpolated back.
     */
    static double[] pointByPointSmooth(double[] energy, double[] y, double w) {
        int m = energy.length;
        double xmin = w * (long) ((energy[0] - 5 * w) / w);
        double xmax = w * (long) ((energy[m - 1] + 5 * w) / w);
        int npts = Math.max(2, (int) Math.min(1 + (long) (Math.abs(xmax - xmin + w * 0.1) / w), 50L * m));
        double step = (xmax - xmin) / (npts - 1);
        double[] y0 = new double[npts];
        int j = 0;
        for (int g = 0; g < npts; g++) {
            double x = xmin + g * step;
            if (x <= energy[0]) {
                y0[g] = y[0];
            } else if (x >= energy[m - 1]) {
                y0[g] = y[m - 1];
            } else {
                while (energy[j + 1] < x) {
                    j++;
                }
                double t = (x - energy[j]) / (energy[j + 1] - energy[j]);
                y0[g] = y[j] + t * (y[j + 1] - y[j]);
            }
        }
        int half = Math.min(PreEdge.LORENTZIAN_HALF_WIDTH, npts - 1);
        double[] kernel = new double[half + 1];
        double ksum = 0;
        for (int q = 0; q <= half; q++) {
            kernel[q] = 1.0 / (1.0 + (double) q * q);
            ksum += q == 0 ? kernel[q] : 2 * kernel[q];
        }
        for (int q = 0; q <= half; q++) {
            kernel[q] /= ksum;
        }
        double[] y2 = new double[npts];
        for (int g = 0; g < npts; g++) {
            double s = kernel[0] * y0[g];
            for (int q = 1; q <= half; q++) {
                s = Math.fma(kernel[q], y0[reflect(g - q, npts)] + y0[reflect(g + q, npts)], s);
            }
            y2[g] = s;
        }
        double[] out = new double[m];
        double inverseStep = 1.0 / step;
        for (int k = 0; k < m; k++) {
            int g = Math.max(0, Math.min(npts - 2, (int) ((energy[k] - xmin) * inverseStep)));
            double t = (energy[k] - (xmin + g * step)) * inverseStep;
            out[k] = y2[g] + t * (y2[g + 1] - y2[g]);
        }
        return out;
    }

    private static int reflect(int i, int n) {
        return i < 0 ? Math.min(-i, n - 1) : i >= n ? Math.max(0, 2 * n - 1 - i) : i;
    }
}
