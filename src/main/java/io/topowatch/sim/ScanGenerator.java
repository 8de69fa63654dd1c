package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.spectrum.Elements;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a sample's absorption into a measured transmission scan: a beamline energy grid (coarse before the
 * edge, 0.5 eV across it, 2 eV after), I0 with slow drift, and counting (Poisson) noise on I0 and It.
 */
public final class ScanGenerator {

    /** Photons per point in I0: sets the counting noise. */
    public static final double I0_COUNTS = 2.0e5;
    /** Sample thickness in absorption lengths per unit edge step, and the matrix's own absorption. */
    private static final double THICKNESS = 0.8;
    private static final double MATRIX = 0.4;

    private ScanGenerator() {}

    /** The energy grid of a scan across an element's K edge, in eV. */
    public static double[] energyGrid(double edgeEv) {
        double[] grid = new double[25 + 140 + 106];
        int n = 0;
        for (int i = 0; i < 25; i++) {
            grid[n++] = edgeEv - 150 + 5 * i;
        }
        for (int i = 0; i < 140; i++) {
            grid[n++] = edgeEv - 25 + 0.5 * i;
        }
        for (int i = 0; i <= 105; i++) {
            grid[n++] = edgeEv + 45 + 2 * i;
        }
        return Arrays.copyOf(grid, n);
    }

    public static ScanRecord scan(String experiment, SimulatedSample sample, String element, int setpoint,
            Map<String, Double> control, Instant time, SplittableRandom random) {
        Elements.Element el = Elements.bySymbol(element).orElseThrow();
        double[] energy = energyGrid(el.kEdgeEv());
        QwzModel bands = sample.state().bands(control.getOrDefault(ScanRecord.FIELD_T, 0.0),
                control.getOrDefault(ScanRecord.STRAIN_PCT, 0.0));
        double[] mu = SpectrumSynthesizer.mu(energy, el, sample.chemicalShiftEv().getOrDefault(element, 0.0), bands,
                sample.coupling().getOrDefault(element, 0.0));
        double[] i0 = new double[energy.length];
        double[] it = new double[energy.length];
        double drift = random.nextDouble(0, 2 * Math.PI);
        for (int i = 0; i < energy.length; i++) {
            double flux = I0_COUNTS * (1 + 0.03 * Math.sin(drift + i / 40.0));
            i0[i] = poisson(flux, random);
            it[i] = poisson(flux * Math.exp(-(THICKNESS * mu[i] + MATRIX)), random);
        }
        Map<String, Double> controlCopy = new LinkedHashMap<>(control);
        return new ScanRecord(ScanRecord.SCHEMA, experiment + "/" + sample.name() + "/" + setpoint + "/" + element,
                experiment, sample.name(), setpoint, element, "K", controlCopy, sample.material().spaceGroup(),
                List.copyOf(sample.material().elements()), energy, null, i0, it, null, time);
    }

    /** Poisson counts by the normal approximation, exact enough for the ≥10⁴ counts of a scan point. */
    private static double poisson(double mean, SplittableRandom random) {
        return Math.max(1, Math.rint(mean + Math.sqrt(mean) * gaussian(random)));
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
