package io.topowatch.stream;

import io.topowatch.ingest.ScanRecord;
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
        double[] mu = scan.absorption();
        Preprocessing.Windowed w = Preprocessing.toWindow(new Spectrum(scan.energy(), mu), scan.element());
        return new NormalizedScan(scan.scanId(), scan.experiment(), scan.sample(), scan.setpoint(), scan.element(),
                scan.edge(), scan.control(), scan.spaceGroup(), List.copyOf(scan.sampleElements()), w.e0(),
                w.edgeStep(), w.window().start(), w.window().end(), w.values(), scan.timestamp(), scan.energy(), mu);
    }

}
