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
 * replace: E0's selection on raw values against the selection on a fully rescaled copy, and the post-edge
 * fit above the pre-edge line against a fit to an array of residuals.
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
}
