package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/**
 * norm is a property of the edge, not of the units or the background: scaling mu by a positive constant
 * or adding a straight line leaves it unchanged (Larch's pre-edge line absorbs the line; the E0 search
 * rescales the derivative to 0–1).
 */
class PreEdgePropertyTest {

    /** Differences are rounding only, amplified by the least-squares fits. */
    static final double NORM_TOLERANCE = 1e-7;

    static Spectrum noisyEdge(double e0, double step, double gamma, double noise, long seed) {
        double[] e = EdgeSpectra.grid(e0);
        return new Spectrum(e, EdgeSpectra.arctanEdge(e, e0, step, gamma, 0.3, 1e-4, noise, seed));
    }

    @Property(tries = 200)
    void normIsInvariantUnderPositiveScaling(
            @ForAll @DoubleRange(min = 4000, max = 25000) double e0,
            @ForAll @DoubleRange(min = 0.05, max = 5) double step,
            @ForAll @DoubleRange(min = 0.2, max = 5) double gamma,
            @ForAll @DoubleRange(min = 0, max = 0.02) @Scale(4) double noiseFraction,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(6) double scale) {
        Spectrum s = noisyEdge(e0, step, gamma, noiseFraction * step, seed);
        double[] scaled = s.mu().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= scale;
        }
        assertSameNorm(s, new Spectrum(s.energy(), scaled));
    }

    @Property(tries = 200)
    void normIsInvariantUnderAddingALine(
            @ForAll @DoubleRange(min = 4000, max = 25000) double e0,
            @ForAll @DoubleRange(min = 0.05, max = 5) double step,
            @ForAll @DoubleRange(min = 0.2, max = 5) double gamma,
            @ForAll @DoubleRange(min = 0, max = 0.02) @Scale(4) double noiseFraction,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = -10, max = 10) double offset,
            @ForAll @DoubleRange(min = -1e-3, max = 1e-3) @Scale(8) double slope) {
        Spectrum s = noisyEdge(e0, step, gamma, noiseFraction * step, seed);
        double[] shifted = s.mu().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += offset + slope * (s.energy()[i] - e0);
        }
        assertSameNorm(s, new Spectrum(s.energy(), shifted));
    }

    private static void assertSameNorm(Spectrum a, Spectrum b) {
        PreEdgeResult ra = PreEdge.normalize(a, PreEdgeParameters.defaults());
        PreEdgeResult rb = PreEdge.normalize(b, PreEdgeParameters.defaults());
        assertThat(rb.e0()).isEqualTo(ra.e0());
        assertThat(rb.norm()).containsExactly(ra.norm(), within(NORM_TOLERANCE));
        assertThat(rb.flat()).containsExactly(ra.flat(), within(NORM_TOLERANCE));
    }
}
