package io.topowatch.stream;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.Absorption;
import io.topowatch.spectrum.Preprocessing;
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
        Preprocessing.Windowed w = Preprocessing.toWindow(new Spectrum(scan.energy(), mu(scan)), scan.element());
        return new NormalizedScan(scan.scanId(), scan.experiment(), scan.sample(), scan.setpoint(), scan.element(),
                scan.edge(), scan.control(), scan.spaceGroup(), List.copyOf(scan.sampleElements()), w.e0(),
                w.edgeStep(), w.window().start(), w.window().end(), w.values(), scan.timestamp());
    }

    /** A stored mu wins; otherwise transmission when It was measured, else fluorescence. */
    public static double[] mu(ScanRecord scan) {
        if (scan.mu() != null) {
            return scan.mu();
        }
        return scan.it() != null
                ? Absorption.transmission(scan.i0(), scan.it())
                : Absorption.fluorescence(scan.i0(), scan.ifluor());
    }
}
