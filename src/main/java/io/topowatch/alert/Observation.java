package io.topowatch.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scored setpoint of a sample, as the detector sees it: the classifier's P(topological) with its
 * MC-dropout standard deviation, the control values, and what it rests on.
 *
 * @param setpoint     index of the setpoint in sweep (measurement) order; a later observation of the same
 *                     setpoint (re-scored, e.g. by a new model) replaces the earlier one
 * @param control      control values at the setpoint ({@code field_T}, {@code strain_pct}, ...)
 * @param probability  P(topological), in [0, 1]
 * @param uncertainty  standard deviation of the probability, ≥ 0 (0 when the model gives none)
 * @param modelVersion model that scored it
 * @param scanIds      the scans the score rests on (may be empty when the source does not carry them)
 * @param timestamp    when it was scored; alerts and suggestions take their time from the triggering point,
 *                     so replaying the same points gives the same records
 */
public record Observation(int setpoint, Map<String, Double> control, double probability, double uncertainty,
        String modelVersion, List<String> scanIds, Instant timestamp) {

    public Observation {
        if (setpoint < 0) {
            throw new IllegalArgumentException("setpoint must be >= 0, got " + setpoint);
        }
        if (control == null || control.isEmpty()) {
            throw new IllegalArgumentException("setpoint " + setpoint + " has no control values");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        if (!(uncertainty >= 0) || Double.isInfinite(uncertainty)) {
            throw new IllegalArgumentException("uncertainty must be finite and >= 0, got " + uncertainty);
        }
        control = Map.copyOf(control);
        scanIds = scanIds == null ? List.of() : List.copyOf(scanIds);
    }

    /** The value of one control variable, NaN when the point does not carry it. */
    public double value(String variable) {
        Double v = control.get(variable);
        return v == null ? Double.NaN : v;
    }
}
