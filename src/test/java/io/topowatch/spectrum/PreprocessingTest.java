package io.topowatch.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.DemoScenario;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    /** The simulator's chemical shifts are within ±2 eV, plus the width of its 0.5 eV grid … */
    static final double SIMULATED_E0_TOLERANCE_EV = 3.0;
    /** … plus this fraction of the core-hole width, which makes heavy-element edges tens of eV wide. */
    static final double CORE_HOLE_WIDTH_FRACTION = 0.25;

    @Test
    void simulatedScansNormaliseOntoTheirWindowWithoutWarnings() {
        List<ScanRecord> scans = DemoScenario.experiment("prep", 1).scans(Instant.EPOCH);
        assertThat(scans).isNotEmpty();
        for (ScanRecord scan : scans) {
            Spectrum raw = new Spectrum(scan.energy(), Absorption.transmission(scan.i0(), scan.it()));
            Preprocessing.Windowed w = Preprocessing.toWindow(raw, scan.element());
            Elements.Element el = Elements.bySymbol(scan.element()).orElseThrow();
            double edge = el.kEdgeEv();
            double tolerance = SIMULATED_E0_TOLERANCE_EV
                    + CORE_HOLE_WIDTH_FRACTION * io.topowatch.sim.SpectrumSynthesizer.coreHoleWidth(el.z());
            assertThat(w.values()).hasSize(ElementChannels.POINTS);
            assertThat(w.e0()).as(scan.element()).isCloseTo(edge, within(tolerance));
            assertThat(w.flags()).as(scan.element()).isEmpty();
            for (float v : w.values()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void theWindowIsTheFullNormalisationsNormResampled() {
        // toWindow computes norm only around the window's energies; it must be exactly the full result's norm,
        // resampled: on simulated scans of many elements, and on the XDI-like benchmark scan, whose data span
        // far more than the window
        List<Spectrum> spectra = new java.util.ArrayList<>();
        List<String> elements = new java.util.ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            for (ScanRecord scan : io.topowatch.sim.ExperimentGenerator.generate("w", seed,
                    io.topowatch.sim.ExperimentGenerator.Options.defaults()).scans(Instant.EPOCH)) {
                spectra.add(new Spectrum(scan.energy(), scan.absorption()));
                elements.add(scan.element());
            }
        }
        spectra.add(io.topowatch.spectrum.format.XdiReader.parse("bench.xdi",
                io.topowatch.bench.NormalizationBenchmark.xdiLikeTable(new java.util.SplittableRandom(42)))
                .spectrum(io.topowatch.spectrum.format.MuSource.auto()));
        elements.add("Cu");
        int compared = 0;
        for (int k = 0; k < spectra.size(); k++) {
            Spectrum raw = spectra.get(k);
            String element = elements.get(k);
            Preprocessing.Windowed w;
            try {
                w = Preprocessing.toWindow(raw, element);
            } catch (IllegalArgumentException unusable) {
                continue;
            }
            PreEdgeResult full = PreEdge.normalize(raw, PreEdgeParameters.defaults());
            float[] expected = interpolated(full.energy(), full.norm(), ElementChannels.window(element));
            assertThat(w.values()).as(element + " scan " + k).containsExactly(expected);
            assertThat(w.e0()).isEqualTo(full.e0());
            assertThat(w.edgeStep()).isEqualTo(full.edgeStep());
            compared++;
        }
        assertThat(compared).isGreaterThan(50);
    }

    /** Linear interpolation of the whole array onto the window, held flat outside the data: the plain way. */
    private static float[] interpolated(double[] e, double[] m, EnergyWindow window) {
        float[] out = new float[window.points()];
        for (int i = 0; i < out.length; i++) {
            double x = window.start() + i * window.step();
            if (x <= e[0]) {
                out[i] = (float) m[0];
            } else if (x >= e[e.length - 1]) {
                out[i] = (float) m[e.length - 1];
            } else {
                int j = 0;
                while (e[j + 1] < x) {
                    j++;
                }
                double t = (x - e[j]) / (e[j + 1] - e[j]);
                out[i] = (float) (m[j] + t * (m[j + 1] - m[j]));
            }
        }
        return out;
    }

    @Test
    void rejectsElementWithoutChannel() {
        Spectrum s = PreEdgeTest.clean();
        assertThatThrownBy(() -> Preprocessing.toWindow(s, "Kr")).isInstanceOf(IllegalArgumentException.class);
    }
}
