package io.topowatch.alert;

import java.time.Instant;
import java.util.List;

/**
 * A phase-transition alert, the value of {@code topowatch.alerts} (schema {@code topics/topowatch.alerts.json}).
 *
 * @param id                 deterministic: {@code <experiment>/<sample>/<direction>/<setpoint of first evidence>}
 * @param direction          in sweep order
 * @param controlVariable    the swept control key, e.g. {@code field_T}
 * @param criticalValue      estimate of the critical value, between the last point before and the first after
 *                           the change
 * @param criticalInterval   [lo, hi]: the control values bracketing the split's posterior interval
 * @param confidence         1 − permutation p-value of the change (see {@link ChangePoint})
 * @param modelVersion       model of the newest point it rests on
 * @param setpoints          the setpoints it rests on (those since the previous transition), in sweep order
 * @param scanIds            their scans, where the points carry them
 * @param raisedAt           timestamp of the point whose arrival raised it
 * @param firstEvidenceSetpoint setpoint of the first point after the change
 * @param raisedAtSetpoint   setpoint of the point whose arrival raised it
 * @param probabilityBefore  weighted mean P(topological) before the change
 * @param probabilityAfter   weighted mean P(topological) after the change
 */
public record TransitionAlert(String type, String id, String experiment, String sample, Direction direction,
        String controlVariable, double criticalValue, List<Double> criticalInterval, double confidence,
        String modelVersion, List<Integer> setpoints, List<String> scanIds, Instant raisedAt,
        int firstEvidenceSetpoint, int raisedAtSetpoint, double probabilityBefore, double probabilityAfter) {

    public static final String TYPE = "alert";

    public static String id(String experiment, String sample, Direction direction, int firstEvidenceSetpoint) {
        return experiment + "/" + sample + "/" + direction.label() + "/" + firstEvidenceSetpoint;
    }

    /** Whether the critical interval contains {@code value}. */
    public boolean covers(double value) {
        return value >= criticalInterval.get(0) && value <= criticalInterval.get(1);
    }
}
