package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Samples swept together through magnetic-field setpoints, one scan per element per sample per setpoint.
 * The ground truth (each sample's critical field, its class at each setpoint) is known exactly.
 */
public record Experiment(String id, List<SimulatedSample> samples, List<Double> fieldsT, double temperatureK,
        long seed) {

    /** Every scan of the experiment in measurement order, with deterministic timestamps and noise. */
    public List<ScanRecord> scans(Instant start) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ScanRecord> scans = new ArrayList<>();
        Instant time = start;
        for (int setpoint = 0; setpoint < fieldsT.size(); setpoint++) {
            Map<String, Double> control = new LinkedHashMap<>();
            control.put(ScanRecord.FIELD_T, fieldsT.get(setpoint));
            control.put(ScanRecord.STRAIN_PCT, 0.0);
            control.put(ScanRecord.TEMPERATURE_K, temperatureK);
            for (SimulatedSample sample : samples) {
                for (String element : sample.material().elements()) {
                    scans.add(ScanGenerator.scan(id, sample, element, setpoint, control, time, random.split()));
                    time = time.plus(Duration.ofSeconds(30));
                }
            }
        }
        return scans;
    }

    /** Evenly spaced field setpoints from {@code from} to {@code to} tesla inclusive. */
    public static List<Double> sweep(double from, double to, int setpoints) {
        List<Double> fields = new ArrayList<>();
        for (int i = 0; i < setpoints; i++) {
            fields.add(from + (to - from) * i / (setpoints - 1));
        }
        return List.copyOf(fields);
    }
}
