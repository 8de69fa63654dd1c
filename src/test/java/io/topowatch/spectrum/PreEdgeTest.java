package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Analytic arctan edges of known e0, step and pre-edge line. */
class PreEdgeTest {

    static final double E0 = 8979.0;
    static final double STEP = 1.7;
    static final double GAMMA = 0.25;
    static final double OFFSET = 0.4;
    static final double SLOPE = -2e-4;

    /** Exact arithmetic, up to rounding. */
    static final double ROUNDING = 1e-9;
    /** The arctan tail, ±step·γ/(π·|E − e0|), biases fits 25..800 eV from the edge by well under 1 %. */
    static final double ARCTAN_TAIL_RELATIVE = 0.005;
    /** Normalised mu far from the edge is 0 (below) or 1 (above) within the arctan tail. */
    static final double NORM_FAR_FROM_EDGE = 0.01;

    static final double[] ENERGY = EdgeSpectra.grid(E0);

    static Spectrum clean() {
        return new Spectrum(ENERGY, EdgeSpectra.arctanEdge(ENERGY, E0, STEP, GAMMA, OFFSET, SLOPE, 0, 1));
    }

    @Test
    void findsE0AtTheArctanCentre() {
        Spectrum s = clean();
        assertThat(PreEdge.findE0(s.energy(), s.mu())).isEqualTo(E0);
    }

    @Test
    void recoversStepAndPreEdgeLine() {
        PreEdgeResult r = PreEdge.normalize(clean(), PreEdgeParameters.defaults());
        assertThat(r.edgeStep()).isCloseTo(STEP, within(STEP * ARCTAN_TAIL_RELATIVE));
        double[] pre = r.preEdgeLine().coefficients();
        assertThat(pre[0]).isCloseTo(OFFSET, within(STEP * ARCTAN_TAIL_RELATIVE));
        assertThat(pre[1]).isCloseTo(SLOPE, within(STEP * ARCTAN_TAIL_RELATIVE / 100));
        assertThat(r.flags()).isEmpty();
    }

    @Test
    void normIsZeroBelowAndOneAboveTheEdge() {
        PreEdgeResult r = PreEdge.normalize(clean(), PreEdgeParameters.defaults());
        for (int i = 0; i < ENERGY.length; i++) {
            double x = ENERGY[i] - E0;
            if (x < -30) {
                assertThat(r.norm()[i]).as("E-e0=%s", x).isCloseTo(0.0, within(NORM_FAR_FROM_EDGE));
            } else if (x > 30) {
                assertThat(r.norm()[i]).as("E-e0=%s", x).isCloseTo(1.0, within(NORM_FAR_FROM_EDGE));
                assertThat(r.flat()[i]).as("E-e0=%s", x).isCloseTo(1.0, within(NORM_FAR_FROM_EDGE));
            }
        }
        int ie0 = Arrays.binarySearch(r.energy(), r.e0());
        for (int i = 0; i < ie0; i++) {
            assertThat(r.flat()[i]).isEqualTo(r.norm()[i]);
        }
        assertThat(r.flat()[ie0]).isCloseTo(r.norm()[ie0], within(ROUNDING));
    }

    @Test
    void defaultRangesFollowLarch() {
        PreEdgeResult r = PreEdge.normalize(clean(), PreEdgeParameters.defaults());
        assertThat(r.e0()).isEqualTo(E0);
        assertThat(r.pre1()).isEqualTo(-190.0);   // second energy − e0 = −190, a multiple of 5
        assertThat(r.pre2()).isEqualTo(-95.0);    // pre1 / 2
        assertThat(r.norm2()).isEqualTo(800.0);   // last energy − e0, rounded to 5
        assertThat(r.norm1()).isEqualTo(25.0);    // min(25, 5·round(800/15))
        assertThat(r.nnorm()).isEqualTo(2);       // norm2 − norm1 ≥ 300
    }

    @Test
    void defaultRangesOnAShortScan() {
        double[] e = Arrays.copyOfRange(ENERGY, 0, 150); // up to e0 + 95
        Spectrum s = new Spectrum(e, EdgeSpectra.arctanEdge(e, E0, STEP, GAMMA, OFFSET, SLOPE, 0, 1));
        PreEdgeResult r = PreEdge.normalize(s, PreEdgeParameters.defaults());
        assertThat(r.norm2()).isEqualTo(95.0);
        assertThat(r.norm1()).isEqualTo(25.0);     // min(25, 5·round(95/15) = 30)
        assertThat(r.nnorm()).isEqualTo(1);        // 30 ≤ norm2 − norm1 < 300
        assertThat(PreEdge.postEdgeRange(e, E0, null, null)).containsExactly(25.0, 95.0);
        assertThat(PreEdge.defaultNnorm(0, 29.9)).isZero();
        assertThat(PreEdge.defaultNnorm(0, 30)).isEqualTo(1);
        assertThat(PreEdge.defaultNnorm(0, 300)).isEqualTo(2);
    }

    @Test
    void preEdgeRangeUsesTwoEvWhenTheEdgeIsNearTheStart() {
        double[] e = new double[60];
        for (int i = 0; i < e.length; i++) {
            e[i] = E0 - 9 + 0.5 * i; // e0 is point 18: within the first 20 points
        }
        double[] range = PreEdge.preEdgeRange(e, E0, null, null);
        assertThat(range[0]).isEqualTo(-8.0);  // e[1] − e0 = −8.5, rounded to a multiple of 2
        assertThat(range[1]).isEqualTo(-4.0);
        // rounding is half-to-even, as Python's round(): −7/2 = −3.5 → −4 → −8, then not below e[0] − e0
        double[] shifted = new double[60];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = E0 - 7.5 + 0.5 * i;
        }
        assertThat(PreEdge.preEdgeRange(shifted, E0, null, null)[0]).isEqualTo(-7.5);
    }

    @Test
    void everyParameterCanBeOverridden() {
        PreEdgeParameters p = PreEdgeParameters.defaults().withE0(E0 + 1).withPre1(-150).withPre2(-50)
                .withNorm1(60).withNorm2(500).withNnorm(1);
        PreEdgeResult r = PreEdge.normalize(clean(), p);
        assertThat(r.e0()).isEqualTo(E0 + 1);
        assertThat(r.pre1()).isEqualTo(-150.0);
        assertThat(r.pre2()).isEqualTo(-50.0);
        assertThat(r.norm1()).isEqualTo(60.0);
        assertThat(r.norm2()).isEqualTo(500.0);
        assertThat(r.nnorm()).isEqualTo(1);
        assertThat(r.postEdgePolynomial().degree()).isEqualTo(1);
        assertThat(r.edgeStep()).isCloseTo(STEP, within(STEP * ARCTAN_TAIL_RELATIVE));
    }

    @Test
    void e0OverrideSnapsToAMeasuredEnergy() {
        PreEdgeResult r = PreEdge.normalize(clean(), PreEdgeParameters.defaults().withE0(E0 + 0.2));
        assertThat(r.e0()).isEqualTo(E0);
    }

    @Test
    void oneGlitchCannotBecomeE0AndIsFlagged() {
        double[] mu = clean().mu();
        int spike = indexOf(E0 - 100);
        mu[spike] += 3 * STEP;
        PreEdgeResult r = PreEdge.normalize(new Spectrum(ENERGY, mu), PreEdgeParameters.defaults());
        assertThat(r.e0()).isEqualTo(E0);
        assertThat(r.has(QualityFlag.Kind.GLITCH)).isTrue();
    }

    @Test
    void upsideDownDataIsFlaggedNotHidden() {
        double[] mu = clean().mu();
        for (int i = 0; i < mu.length; i++) {
            mu[i] = -mu[i];
        }
        PreEdgeResult r = PreEdge.normalize(new Spectrum(ENERGY, mu), PreEdgeParameters.defaults().withE0(E0));
        assertThat(r.has(QualityFlag.Kind.NEGATIVE_EDGE_STEP)).isTrue();
        assertThat(r.edgeStep()).isCloseTo(STEP, within(STEP * ARCTAN_TAIL_RELATIVE));
        assertThat(r.norm()[ENERGY.length - 1]).isCloseTo(-1.0, within(NORM_FAR_FROM_EDGE));
    }

    @Test
    void stepHiddenInNoiseIsFlagged() {
        Spectrum s = new Spectrum(ENERGY, EdgeSpectra.arctanEdge(ENERGY, E0, STEP, GAMMA, OFFSET, SLOPE, STEP / 3, 7));
        PreEdgeResult r = PreEdge.normalize(s, PreEdgeParameters.defaults().withE0(E0));
        assertThat(r.has(QualityFlag.Kind.SMALL_EDGE_STEP)).isTrue();
    }

    @Test
    void farE0AndUncoveredWindowAreFlagged() {
        PreEdgeResult near = PreEdge.normalize(clean(), PreEdgeParameters.defaults(), E0 - 2,
                EnergyWindow.of(E0 - 30, E0 + 70, 200));
        assertThat(near.flags()).isEmpty();
        PreEdgeResult far = PreEdge.normalize(clean(), PreEdgeParameters.defaults(), E0 - 40,
                EnergyWindow.of(E0 - 300, E0 + 70, 200));
        assertThat(far.flags()).extracting(QualityFlag::kind).containsExactlyInAnyOrder(
                QualityFlag.Kind.E0_FAR_FROM_TABULATED, QualityFlag.Kind.WINDOW_NOT_COVERED);
    }

    @Test
    void tinySpectraWork() {
        double[] e = new double[30];
        for (int i = 0; i < e.length; i++) {
            e[i] = E0 - 30 + 2 * i;
        }
        Spectrum s = new Spectrum(e, EdgeSpectra.arctanEdge(e, E0, STEP, 1.0, OFFSET, 0, 0, 1));
        assertThat(PreEdge.findEnergyStep(e)).isCloseTo(2.0, within(ROUNDING));
        PreEdgeResult r = PreEdge.normalize(s, PreEdgeParameters.defaults());
        assertThat(r.e0()).isCloseTo(E0, within(2.0));
        assertThat(r.has(QualityFlag.Kind.FEW_POINTS)).isTrue();
    }

    @Test
    void findEnergyStepIgnoresTheSmallestStepsAndAveragesTheNextTen() {
        assertThat(PreEdge.findEnergyStep(ENERGY)).isCloseTo(0.5, within(ROUNDING));
    }

    @Test
    void messyInputIsCleanedLikeLarch() {
        Spectrum s = clean();
        int n = s.size();
        double[] e = new double[n + 2];
        double[] mu = new double[n + 2];
        for (int i = 0; i < n; i++) { // reversed
            e[i] = s.energy()[n - 1 - i];
            mu[i] = s.mu()[n - 1 - i];
        }
        e[n] = Double.NaN;
        mu[n] = 1.0;
        e[n + 1] = E0 + 500;
        mu[n + 1] = Double.POSITIVE_INFINITY;
        PreEdgeResult messy = PreEdge.normalize(new Spectrum(e, mu), PreEdgeParameters.defaults());
        PreEdgeResult tidy = PreEdge.normalize(s, PreEdgeParameters.defaults());
        assertThat(messy.e0()).isEqualTo(tidy.e0());
        assertThat(messy.norm()).containsExactly(tidy.norm(), within(ROUNDING));
    }

    @Test
    void inputsAreNotModified() {
        Spectrum s = clean();
        double[] mu = s.mu().clone();
        PreEdgeResult r = PreEdge.normalize(s, PreEdgeParameters.defaults());
        assertThat(s.mu()).containsExactly(mu);
        assertThat(r.mu()).isNotSameAs(s.mu());
    }

    @Test
    void polynomialFitIsWellConditionedFarFromZero() {
        double[] x = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < x.length; i++) {
            x[i] = 9000 + 20 * i;
            double u = x[i] - 9100;
            y[i] = 1.5 - 3e-3 * u + 4e-7 * u * u;
        }
        Polynomial p = Polynomial.fit(x, y, 0, x.length, 2, 9100);
        assertThat(p.coefficients()).containsExactly(new double[] {1.5, -3e-3, 4e-7}, within(1e-10));
    }

    // --- one test per illegal input ---

    @Test
    void rejectsNullSpectrum() {
        assertThatThrownBy(() -> PreEdge.normalize(null, PreEdgeParameters.defaults()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsNullParameters() {
        assertThatThrownBy(() -> PreEdge.normalize(clean(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsSpectrumWithNoFinitePoint() {
        assertThatThrownBy(() -> PreEdge.normalize(new Spectrum(ENERGY, nanLike(ENERGY)),
                PreEdgeParameters.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no finite points");
    }

    @Test
    void rejectsTooFewPoints() {
        double[] e = Arrays.copyOfRange(ENERGY, 20, 20 + PreEdge.MIN_POINTS - 1);
        double[] mu = Arrays.copyOfRange(clean().mu(), 20, 20 + PreEdge.MIN_POINTS - 1);
        assertThatThrownBy(() -> PreEdge.normalize(new Spectrum(e, mu), PreEdgeParameters.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need at least");
    }

    @Test
    void rejectsAllEnergiesEqual() {
        double[] e = new double[20];
        Arrays.fill(e, E0);
        double[] mu = new double[20];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = i;
        }
        assertThatThrownBy(() -> PreEdge.normalize(new Spectrum(e, mu), PreEdgeParameters.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("energies are equal");
    }

    @Test
    void rejectsSpectrumWithoutEdge() {
        double[] mu = new double[ENERGY.length];
        Arrays.fill(mu, 0.7);
        assertThatThrownBy(() -> PreEdge.normalize(new Spectrum(ENERGY, mu), PreEdgeParameters.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no absorption edge");
    }

    @Test
    void rejectsE0OverrideOutsideTheData() {
        assertThatThrownBy(() -> PreEdge.normalize(clean(), PreEdgeParameters.defaults().withE0(E0 + 5000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the data");
    }

    @Test
    void rejectsNnormOutOfRange() {
        assertThatThrownBy(() -> PreEdgeParameters.defaults().withNnorm(PreEdge.MAX_NNORM + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreEdgeParameters.defaults().withNnorm(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonFiniteOverride() {
        assertThatThrownBy(() -> PreEdgeParameters.defaults().withPre1(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pre1");
        assertThatThrownBy(() -> PreEdgeParameters.defaults().withNorm2(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("norm2");
    }

    @Test
    void rejectsNonFiniteTabulatedEdge() {
        assertThatThrownBy(() -> PreEdge.normalize(clean(), PreEdgeParameters.defaults(), Double.NaN,
                EnergyWindow.of(E0 - 30, E0 + 70, 200))).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] nanLike(double[] a) {
        double[] r = new double[a.length];
        Arrays.fill(r, Double.NaN);
        return r;
    }

    private static int indexOf(double energy) {
        for (int i = 0; i < ENERGY.length; i++) {
            if (ENERGY[i] >= energy) {
                return i;
            }
        }
        throw new AssertionError(energy);
    }
}
