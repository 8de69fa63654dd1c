package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The path of an experiment through its control variable: magnetic field (T) or strain (%), one value per
 * setpoint; the other variable stays at zero.
 */
public record Sweep(Variable variable, List<Double> values) {

    /** A swept control variable and its key in a scan record's {@code control} map. */
    public enum Variable {
        FIELD(ScanRecord.FIELD_T), STRAIN(ScanRecord.STRAIN_PCT);

        private final String controlKey;

        Variable(String controlKey) {
            this.controlKey = controlKey;
        }

        public String controlKey() {
            return controlKey;
        }
    }

    public Sweep {
        if (variable == null || values == null || values.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs a variable and at least one setpoint");
        }
        values = List.copyOf(values);
    }

    /** Field sweep over evenly spaced setpoints, {@code from} to {@code to} tesla inclusive. */
    public static Sweep field(double from, double to, int setpoints) {
        return new Sweep(Variable.FIELD, evenly(from, to, setpoints));
    }

    /** Strain sweep over evenly spaced setpoints, {@code from} to {@code to} percent inclusive. */
    public static Sweep strain(double from, double to, int setpoints) {
        return new Sweep(Variable.STRAIN, evenly(from, to, setpoints));
    }

    public int setpoints() {
        return values.size();
    }

    public double fieldT(int setpoint) {
        return variable == Variable.FIELD ? values.get(setpoint) : 0.0;
    }

    public double strainPct(int setpoint) {
        return variable == Variable.STRAIN ? values.get(setpoint) : 0.0;
    }

    /** The control map of a scan at this setpoint: field, strain, temperature. */
    public Map<String, Double> control(int setpoint, double temperatureK) {
        Map<String, Double> control = new LinkedHashMap<>();
        control.put(ScanRecord.FIELD_T, fieldT(setpoint));
        control.put(ScanRecord.STRAIN_PCT, strainPct(setpoint));
        control.put(ScanRecord.TEMPERATURE_K, temperatureK);
        return control;
    }

    static List<Double> evenly(double from, double to, int setpoints) {
        if (setpoints < 2) {
            throw new IllegalArgumentException("a sweep needs at least 2 setpoints, got " + setpoints);
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < setpoints; i++) {
            values.add(from + (to - from) * i / (setpoints - 1));
        }
        return List.copyOf(values);
    }
}
