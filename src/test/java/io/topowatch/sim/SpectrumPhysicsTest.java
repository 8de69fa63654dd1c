package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.Elements;
import io.topowatch.spectrum.Preprocessing;
import io.topowatch.spectrum.Spectrum;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated spectra are physical, and the coupling knob does what it says. */
class SpectrumPhysicsTest {

    /**
     * E0 found by the stream's normalisation (steepest rise) may sit this far from tabulated edge + chemical
     * shift: a few eV while the core-hole width Γ_K is below ~10 eV (Z ≤ 52); a third of Γ_K for the heavy
     * elements, whose K edges are 40–60 eV wide, so that the white line and noise move the steepest point.
     */
    private static final double E0_TOLERANCE_EV = 4.0;
    /** Ratio of noise standard deviations for I0 100× apart: 10, within sampling error of ~2 %. */
    private static final double NOISE_RATIO_TOLERANCE = 1.0;
    /** Largest |z| of per-point mean differences allowed for indistinguishable spectra (271 points). */
    private static final double MAX_Z_INDISTINGUISHABLE = 4.5;

    private static final Map<String, Double> ZERO_FIELD = Map.of(ScanRecord.FIELD_T, 0.0);

    private static SimulatedSample sample(String formula, int spaceGroup, boolean topological, double m0,
            double coupling, double shift) {
        Material material = new Material(formula, MaterialLabels.elementsOf(formula), spaceGroup, topological, "test");
        Map<String, Double> shifts = new java.util.HashMap<>();
        Map<String, Double> couplings = new java.util.HashMap<>();
        material.elements().forEach(e -> {
            shifts.put(e, shift);
            couplings.put(e, coupling);
        });
        return new SimulatedSample(formula, material, new SampleState(m0, 0, 0), shifts, couplings);
    }


    @ParameterizedTest
    @CsvSource({"Mg1O1, Mg, 3.0, 0.0", "Ge1Te1, Ge, 1.0, 1.5", "Ge1Te1, Te, 3.0, -1.5", "Bi2Se3, Se, 1.0, 0.8",
            "Bi2Se3, Bi, 1.0, 0.0", "Bi2Se3, Bi, 3.0, 1.0", "Cu1Fe1S2, Fe, 2.5, -2.0", "Sb2Te3, Sb, 1.2, 0.5"})
    void edgeStepIsPositiveAndE0SitsAtTheTabulatedEdgePlusTheShift(String formula, String element, double m0,
            double shift) {
        SimulatedSample s = sample(formula, 225, m0 < 2, m0, 0.8, shift);
        for (Beamline beamline : List.of(Beamline.IDEAL, Beamline.IDEAL.withFluorescenceFraction(1))) {
            ScanRecord scan = ScanGenerator.scan("t", s, element, 0, ZERO_FIELD, Instant.EPOCH,
                    new SplittableRandom(1), beamline);
            Preprocessing.Windowed w = Preprocessing.toWindow(new Spectrum(scan.energy(), scan.absorption()), element);
            double tabulated = Elements.bySymbol(element).orElseThrow().kEdgeEv();
            assertThat(w.edgeStep()).isPositive();
            double gamma = SpectrumSynthesizer.coreHoleWidth(Elements.bySymbol(element).orElseThrow().z());
            assertThat(w.e0()).as("%s E0", element)
                    .isCloseTo(tabulated + shift, within(Math.max(E0_TOLERANCE_EV, gamma / 3)));
        }
    }

    @Test
    void noiseFreeMuRisesByAboutOneAcrossTheEdgeAndCoreHoleWidthGrowsWithZ() {
        Elements.Element ge = Elements.bySymbol("Ge").orElseThrow();
        double[] energy = {ge.kEdgeEv() - 140, ge.kEdgeEv() + 150};
        double[] mu = SpectrumSynthesizer.mu(energy, ge, 0, new QwzModel(3.0), 0.8);
        assertThat(mu[1] - mu[0]).isCloseTo(1.0, within(0.15));
        assertThat(SpectrumSynthesizer.coreHoleWidth(29)).isCloseTo(1.0, within(0.2));
        assertThat(SpectrumSynthesizer.coreHoleWidth(52)).isCloseTo(10.0, within(1.5));
        assertThat(SpectrumSynthesizer.coreHoleWidth(83)).isGreaterThan(SpectrumSynthesizer.coreHoleWidth(52));
    }

    @Test
    void countingNoiseScalesAsOneOverRootI0() {
        SimulatedSample s = sample("Ge1Te1", 225, false, 3.0, 0.8, 0.0);
        double low = noise(s, 1e4);
        double high = noise(s, 1e6);
        assertThat(low / high).isCloseTo(10.0, within(NOISE_RATIO_TOLERANCE));
    }

    /** Standard deviation of the difference of two independent noisy mu of the same sample. */
    private static double noise(SimulatedSample s, double i0) {
        Beamline b = Beamline.IDEAL.withI0Counts(i0);
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        for (int k = 0; k < 20; k++) {
            double[] a = ScanGenerator.scan("t", s, "Ge", 0, ZERO_FIELD, Instant.EPOCH, new SplittableRandom(2 * k), b)
                    .absorption();
            double[] c = ScanGenerator.scan("t", s, "Ge", 0, ZERO_FIELD, Instant.EPOCH,
                    new SplittableRandom(2 * k + 1), b).absorption();
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - c[i];
                sum += d;
                sum2 += d * d;
                n++;
            }
        }
        return Math.sqrt(sum2 / n - (sum / n) * (sum / n));
    }

    @Test
    void withCouplingZeroTopologicalAndTrivialMaterialsOfTheSameCompositionAreIndistinguishable() {
        SimulatedSample topological = sample("Bi2Se3", 166, true, 1.0, 0.0, 0.0);
        SimulatedSample trivial = sample("Bi2Se3", 166, false, 3.2, 0.0, 0.0);
        for (String element : topological.material().elements()) {
            Elements.Element el = Elements.bySymbol(element).orElseThrow();
            double[] energy = ScanGenerator.energyGrid(el.kEdgeEv());
            assertThat(SpectrumSynthesizer.mu(energy, el, 0, new QwzModel(1.0), 0.0))
                    .containsExactly(SpectrumSynthesizer.mu(energy, el, 0, new QwzModel(3.2), 0.0));
            assertThat(maxZ(topological, trivial, element)).as("%s, coupling 0", element)
                    .isLessThan(MAX_Z_INDISTINGUISHABLE);
        }
        // The same test tells them apart once the absorber couples to the bands.
        SimulatedSample coupledTopological = sample("Bi2Se3", 166, true, 1.0, 1.0, 0.0);
        SimulatedSample coupledTrivial = sample("Bi2Se3", 166, false, 3.2, 1.0, 0.0);
        assertThat(maxZ(coupledTopological, coupledTrivial, "Se")).isGreaterThan(20);
    }

    /** Largest |z| over energy points of the difference of mean noisy mu, 30 scans of each sample. */
    private static double maxZ(SimulatedSample a, SimulatedSample b, String element) {
        double[][] ma = stats(a, element, 100);
        double[][] mb = stats(b, element, 200);
        double max = 0;
        for (int i = 0; i < ma[0].length; i++) {
            double se = Math.sqrt(ma[1][i] / 30 + mb[1][i] / 30);
            max = Math.max(max, Math.abs(ma[0][i] - mb[0][i]) / se);
        }
        return max;
    }

    private static double[][] stats(SimulatedSample s, String element, int seed) {
        double[] mean = null;
        double[] m2 = null;
        for (int k = 0; k < 30; k++) {
            double[] mu = ScanGenerator.scan("t", s, element, 0, ZERO_FIELD, Instant.EPOCH,
                    new SplittableRandom(seed + k)).absorption();
            if (mean == null) {
                mean = new double[mu.length];
                m2 = new double[mu.length];
            }
            for (int i = 0; i < mu.length; i++) {
                mean[i] += mu[i] / 30;
                m2[i] += mu[i] * mu[i] / 30;
            }
        }
        double[] variance = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            variance[i] = (m2[i] - mean[i] * mean[i]) * 30 / 29;
        }
        return new double[][] {mean, variance};
    }
}
