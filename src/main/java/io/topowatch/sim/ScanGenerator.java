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
 * Turns a sample's absorption into a measured scan on a {@link Beamline}: an energy grid (coarse before the
 * edge, fine across it, coarser after; fixed or varied), I0 with slow drift, counting (Poisson) noise on I0
 * and on It (transmission, mu = ln(I0/It)) or If (fluorescence, mu ∝ If/I0), and the beamline's faults:
 * monochromator glitches and energy-calibration offsets.
 */
public final class ScanGenerator {

    /** Photons per point in I0: sets the counting noise. */
    public static final double I0_COUNTS = 2.0e5;
    /** Sample thickness in absorption lengths per unit edge step, and the matrix's own absorption. */
    private static final double THICKNESS = 0.8;
    private static final double MATRIX = 0.4;
    /** Fluorescence photons reaching the detector per incident photon per unit mu, and the scatter background. */
    private static final double FLUORESCENCE_YIELD = 0.02;
    private static final double FLUORESCENCE_BACKGROUND = 0.1;

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

    /**
     * A beamline grid with varied steps and extents: pre-edge 4–6 eV from 100–200 eV below the edge,
     * 0.3–0.7 eV from 25 eV below to 45 eV above, then 1.5–3 eV up to 150–260 eV above; 200 to 450 points.
     */
    public static double[] variedEnergyGrid(double edgeEv, SplittableRandom random) {
        double start = edgeEv - random.nextDouble(100, 200);
        double preStep = random.nextDouble(4, 6);
        double edgeStep = random.nextDouble(0.3, 0.7);
        double postStep = random.nextDouble(1.5, 3.0);
        double end = edgeEv + random.nextDouble(150, 260);
        double[] grid = new double[1024];
        int n = 0;
        for (double e = start; e < edgeEv - 25; e += preStep) {
            grid[n++] = e;
        }
        for (double e = edgeEv - 25; e < edgeEv + 45; e += edgeStep) {
            grid[n++] = e;
        }
        for (double e = edgeEv + 45; e <= end; e += postStep) {
            grid[n++] = e;
        }
        return Arrays.copyOf(grid, n);
    }

    /** A scan on the {@link Beamline#IDEAL} beamline. */
    public static ScanRecord scan(String experiment, SimulatedSample sample, String element, int setpoint,
            Map<String, Double> control, Instant time, SplittableRandom random) {
        return scan(experiment, sample, element, setpoint, control, time, random, Beamline.IDEAL);
    }

    /**
     * One measured scan. Draws from {@code random} in a fixed order, each fault's draws only when that fault
     * is switched on, so {@link Beamline#IDEAL} scans are those of earlier simulator versions.
     */
    public static ScanRecord scan(String experiment, SimulatedSample sample, String element, int setpoint,
            Map<String, Double> control, Instant time, SplittableRandom random, Beamline beamline) {
        Elements.Element el = Elements.bySymbol(element).orElseThrow();
        double[] energy = beamline.variedGrids() ? variedEnergyGrid(el.kEdgeEv(), random) : energyGrid(el.kEdgeEv());
        QwzModel bands = sample.state().bands(control.getOrDefault(ScanRecord.FIELD_T, 0.0),
                control.getOrDefault(ScanRecord.STRAIN_PCT, 0.0));
        double[] mu = SpectrumSynthesizer.mu(energy, el, sample.chemicalShiftEv().getOrDefault(element, 0.0), bands,
                sample.coupling().getOrDefault(element, 0.0));
        boolean fluorescence = beamline.fluorescenceFraction() > 0
                && random.nextDouble() < beamline.fluorescenceFraction();
        double[] glitch = glitches(energy.length, beamline.glitchesPerScan(), random);
        double[] i0 = new double[energy.length];
        double[] detector = new double[energy.length];
        double drift = random.nextDouble(0, 2 * Math.PI);
        for (int i = 0; i < energy.length; i++) {
            double flux = beamline.i0Counts() * (1 + beamline.driftAmplitude() * Math.sin(drift + i / 40.0));
            double dip = glitch == null ? 1 : glitch[2 * i];
            double mismatch = glitch == null ? 1 : glitch[2 * i + 1];
            i0[i] = poisson(flux * dip, random);
            detector[i] = fluorescence
                    ? poisson(flux * dip * mismatch * FLUORESCENCE_YIELD * (mu[i] + FLUORESCENCE_BACKGROUND), random)
                    : poisson(flux * dip * mismatch * Math.exp(-(THICKNESS * mu[i] + MATRIX)), random);
        }
        if (beamline.calibrationEv() > 0) {
            double offset = random.nextDouble(-beamline.calibrationEv(), beamline.calibrationEv());
            for (int i = 0; i < energy.length; i++) {
                energy[i] += offset;
            }
        }
        Map<String, Double> controlCopy = new LinkedHashMap<>(control);
        return new ScanRecord(ScanRecord.SCHEMA, experiment + "/" + sample.name() + "/" + setpoint + "/" + element,
                experiment, sample.name(), setpoint, element, "K", controlCopy, sample.material().spaceGroup(),
                List.copyOf(sample.material().elements()), energy, null, i0,
                fluorescence ? null : detector, fluorescence ? detector : null, time);
    }

    /**
     * Monochromator glitches as (flux dip, detector mismatch) per point, or null when the scan has none:
     * at a glitch the flux drops to 20–80 % and the sample detector sees it 5–30 % differently from I0
     * (harmonics, detector non-linearity), so the dip does not cancel in the ratio and mu spikes.
     */
    private static double[] glitches(int points, double meanPerScan, SplittableRandom random) {
        if (meanPerScan <= 0) {
            return null;
        }
        int count = 0;
        double p = Math.exp(-meanPerScan);
        for (double u = random.nextDouble(); u > p; u *= random.nextDouble()) {
            count++;
        }
        if (count == 0) {
            return null;
        }
        double[] g = new double[2 * points];
        Arrays.fill(g, 1.0);
        for (int k = 0; k < count; k++) {
            int at = random.nextInt(points);
            g[2 * at] = random.nextDouble(0.2, 0.8);
            g[2 * at + 1] = 1 + (random.nextBoolean() ? 1 : -1) * random.nextDouble(0.05, 0.3);
        }
        return g;
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
