package io.topowatch.stream;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.Absorption;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.EnergyWindow;
import io.topowatch.spectrum.Normalization;
import io.topowatch.spectrum.Resampler;
import io.topowatch.spectrum.Spectrum;
import java.util.List;

/** Raw scan → normalised spectrum on its element's 200-point window. */
final class NormalizeStage {

    static final String NAME = "normalise";

    private NormalizeStage() {}

    static Outcome<NormalizedScan> apply(String key, ScanRecord scan) {
        try {
            return Outcome.ok(normalize(scan));
        } catch (RuntimeException e) {
            return Outcome.failed(DeadLetters.of(NAME, e, key, scan));
        }
    }

    static NormalizedScan normalize(ScanRecord scan) {
        Spectrum raw = new Spectrum(scan.energy(), mu(scan));
        Normalization.Result norm = Normalization.normalize(raw, Normalization.Parameters.defaults());
        EnergyWindow window = ElementChannels.window(scan.element());
        float[] values = Resampler.resample(norm.normalized(), window);
        return new NormalizedScan(scan.scanId(), scan.experiment(), scan.sample(), scan.setpoint(), scan.element(),
                scan.edge(), scan.control(), scan.spaceGroup(), List.copyOf(scan.sampleElements()), norm.e0(),
                norm.edgeStep(), window.start(), window.end(), values, scan.timestamp());
    }

    /** A stored mu wins; otherwise transmission when It was measured, else fluorescence. */
    static double[] mu(ScanRecord scan) {
        if (scan.mu() != null) {
            return scan.mu();
        }
        return scan.it() != null
                ? Absorption.transmission(scan.i0(), scan.it())
                : Absorption.fluorescence(scan.i0(), scan.ifluor());
    }
}
