package io.topowatch.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores the detector on sweeps whose truth is known (the simulator's): each sweep's points are fed in
 * arrival order, and its alerts are compared with the true critical value and direction.
 *
 * <ul>
 *   <li>A <b>detection</b> is the first alert on a crossing sweep with the true direction; its interval
 *       <b>covers</b> when it contains the true critical value; its <b>delay</b> is the setpoint whose arrival
 *       raised it minus the first setpoint beyond the critical value (0: raised by the first point past it;
 *       negative: raised before the crossing was measured, on the classifier's early rise).</li>
 *   <li>Every other alert is a <b>false alarm</b>: on a sweep without a transition, in the wrong direction, or a
 *       second alert on a sweep with one transition.</li>
 *   <li>A <b>miss</b> is a crossing sweep without a detection.</li>
 * </ul>
 */
public final class DetectionEvaluation {

    /**
     * One sweep with its truth.
     *
     * @param criticalValue         the true critical value, or null when the sweep does not cross
     * @param direction             the true direction, or null
     * @param firstSetpointAfter    first setpoint beyond the critical value in sweep order, or -1
     * @param spacing               control spacing of two setpoints (for errors in setpoints)
     * @param points                the scored points in arrival order
     */
    public record Sweep(String id, String variable, Double criticalValue, Direction direction, int firstSetpointAfter,
            double spacing, List<Observation> points) {}

    /** What the detector did on one sweep. */
    public record Outcome(Sweep sweep, List<TransitionAlert> alerts, TransitionAlert detection, int falseAlarms) {}

    /** The summary over all sweeps. */
    public record Metrics(int sweeps, int crossing, int alerts, int detections, int misses, int covered,
            double coverage, int falseAlarms, double falseAlarmsPer100Sweeps, int falseAlarmsOnStableSweeps,
            int falseAlarmsWrongDirection, double meanDelaySetpoints, double medianDelaySetpoints, int minDelay,
            int maxDelay, double meanAbsErrorSetpoints, double meanIntervalWidthSetpoints) {}

    private DetectionEvaluation() {}

    public static Outcome run(Sweep sweep, DetectorSettings settings, String experiment, String sample) {
        TransitionDetector detector = new TransitionDetector(settings);
        TransitionState state = TransitionState.empty(experiment, sample);
        List<TransitionAlert> alerts = new ArrayList<>();
        for (Observation o : sweep.points()) {
            TransitionDetector.Update u = detector.update(state, o);
            state = u.state();
            if (u.alert() != null) {
                alerts.add(u.alert());
            }
        }
        TransitionAlert detection = sweep.criticalValue() == null ? null
                : alerts.stream().filter(a -> a.direction() == sweep.direction()).findFirst().orElse(null);
        return new Outcome(sweep, List.copyOf(alerts), detection, alerts.size() - (detection == null ? 0 : 1));
    }

    public static Metrics summarise(List<Outcome> outcomes) {
        int crossing = 0;
        int alerts = 0;
        int detections = 0;
        int covered = 0;
        int falseAlarms = 0;
        int stable = 0;
        int wrongDirection = 0;
        List<Integer> delays = new ArrayList<>();
        double errorSum = 0;
        double widthSum = 0;
        for (Outcome o : outcomes) {
            Sweep s = o.sweep();
            alerts += o.alerts().size();
            falseAlarms += o.falseAlarms();
            if (s.criticalValue() == null) {
                stable += o.alerts().size();
                continue;
            }
            crossing++;
            wrongDirection += (int) o.alerts().stream().filter(a -> a.direction() != s.direction()).count();
            TransitionAlert d = o.detection();
            if (d != null) {
                detections++;
                covered += d.covers(s.criticalValue()) ? 1 : 0;
                delays.add(d.raisedAtSetpoint() - s.firstSetpointAfter());
                errorSum += Math.abs(d.criticalValue() - s.criticalValue()) / s.spacing();
                widthSum += (d.criticalInterval().get(1) - d.criticalInterval().get(0)) / s.spacing();
            }
        }
        int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
        double median = sorted.length == 0 ? Double.NaN
                : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        int n = outcomes.size();
        return new Metrics(n, crossing, alerts, detections, crossing - detections, covered,
                detections == 0 ? Double.NaN : (double) covered / detections, falseAlarms,
                n == 0 ? Double.NaN : 100.0 * falseAlarms / n, stable, wrongDirection,
                sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElseThrow(), median,
                sorted.length == 0 ? 0 : sorted[0], sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                detections == 0 ? Double.NaN : errorSum / detections,
                detections == 0 ? Double.NaN : widthSum / detections);
    }
}
