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
    void rejectsElementWithoutChannel() {
        Spectrum s = PreEdgeTest.clean();
        assertThatThrownBy(() -> Preprocessing.toWindow(s, "Kr")).isInstanceOf(IllegalArgumentException.class);
    }
}
