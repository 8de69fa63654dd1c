package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Samples swept together through the setpoints of a field or strain {@link Sweep}, one scan per element per
 * sample per setpoint, measured on a {@link Beamline}. The ground truth (each sample's critical points, its
 * Chern number at each setpoint) is known exactly: {@link #groundTruth()}. The seed fixes every scan.
 */
public record Experiment(String id, List<SimulatedSample> samples, Sweep sweep, double temperatureK, long seed,
        Beamline beamline) {

    /** Time between two scans of an experiment. */
    public static final Duration SCAN_INTERVAL = Duration.ofSeconds(30);
    private static final long DELIVERY_SALT = 0x9E3779B97F4A7C15L;

    public Experiment {
        samples = List.copyOf(samples);
    }

    /** A field sweep on the ideal beamline (the demo's experiment). */
    public Experiment(String id, List<SimulatedSample> samples, List<Double> fieldsT, double temperatureK, long seed) {
        this(id, samples, new Sweep(Sweep.Variable.FIELD, fieldsT), temperatureK, seed, Beamline.IDEAL);
    }

    /**
     * Every scan of the experiment in delivery order, with deterministic timestamps (measurement time) and
     * noise. On a beamline with delivery faults some scans are missing and some arrive after their
     * successor; their timestamps still say when they were measured.
     */
    public List<ScanRecord> scans(Instant start) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ScanRecord> scans = new ArrayList<>();
        Instant time = start;
        for (int setpoint = 0; setpoint < sweep.setpoints(); setpoint++) {
            Map<String, Double> control = sweep.control(setpoint, temperatureK);
            for (SimulatedSample sample : samples) {
                for (String element : sample.material().elements()) {
                    scans.add(ScanGenerator.scan(id, sample, element, setpoint, control, time, random.split(),
                            beamline));
                    time = time.plus(SCAN_INTERVAL);
                }
            }
        }
        return deliver(scans);
    }

    /** Drops and swaps scans as the beamline's delivery faults say, from a stream of its own. */
    private List<ScanRecord> deliver(List<ScanRecord> measured) {
        if (beamline.missingScanProbability() == 0 && beamline.outOfOrderProbability() == 0) {
            return measured;
        }
        SplittableRandom random = new SplittableRandom(seed ^ DELIVERY_SALT);
        List<ScanRecord> delivered = new ArrayList<>();
        for (ScanRecord scan : measured) {
            if (random.nextDouble() >= beamline.missingScanProbability()) {
                delivered.add(scan);
            }
        }
        for (int i = 0; i + 1 < delivered.size(); i++) {
            if (random.nextDouble() < beamline.outOfOrderProbability()) {
                Collections.swap(delivered, i, i + 1);
                i++;
            }
        }
        return delivered;
    }

    /** The exact state of every sample at every setpoint: mass, gap (400² grid) and FHS Chern number. */
    public GroundTruth groundTruth() {
        List<GroundTruth.SampleTruth> truths = new ArrayList<>();
        double from = sweep.values().get(0);
        double to = sweep.values().get(sweep.setpoints() - 1);
        for (SimulatedSample sample : samples) {
            SampleState state = sample.state();
            List<GroundTruth.SetpointTruth> setpoints = new ArrayList<>();
            for (int i = 0; i < sweep.setpoints(); i++) {
                QwzModel bands = state.bands(sweep.fieldT(i), sweep.strainPct(i));
                int chern = bands.invariant();
                setpoints.add(new GroundTruth.SetpointTruth(i, sweep.values().get(i), bands.mass(), bands.gap(), chern,
                        chern != 0));
            }
            boolean crosses = setpoints.stream().mapToInt(GroundTruth.SetpointTruth::chern).distinct().count() > 1;
            Material m = sample.material();
            truths.add(new GroundTruth.SampleTruth(sample.name(), m.formula(), m.spaceGroup(), m.topological(),
                    state.m0(), state.g(), state.alpha(), state.criticalPoints(sweep.variable(), from, to), crosses,
                    List.copyOf(setpoints)));
        }
        return new GroundTruth(id, seed, Simulator.VERSION, sweep.variable().name(), List.copyOf(truths));
    }

    /** Evenly spaced field setpoints from {@code from} to {@code to} tesla inclusive. */
    public static List<Double> sweep(double from, double to, int setpoints) {
        return Sweep.evenly(from, to, setpoints);
    }
}
