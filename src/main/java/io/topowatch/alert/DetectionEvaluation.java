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
 *   <li>A <b>miss</b> is a crossing sweep without a detection; it is <b>without signal</b> when the classifier's
 *       mean probability after the true critical value differs from the mean before it by less than
 *       {@value #NO_SIGNAL_STEP} in the true direction (no detector could have seen it).</li>
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
    public record Metrics(int sweeps, int crossing, int alerts, int detections, int misses, int missesWithoutSignal,
            int covered,
            double coverage, int falseAlarms, double falseAlarmsPer100Sweeps, int falseAlarmsOnStableSweeps,
            int falseAlarmsWrongDirection, double meanDelaySetpoints, double medianDelaySetpoints, int minDelay,
            int maxDelay, double meanAbsErrorSetpoints, double meanIntervalWidthSetpoints) {}

    /** A miss is without signal when the classifier's mean step across the truth is below this. */
    public static final double NO_SIGNAL_STEP = 0.3;

    private DetectionEvaluation() {}

    /** Mean P after minus mean P before the true critical value, in the true direction; NaN if a side is empty. */
    public static double signal(Sweep s) {
        double before = 0;
        double after = 0;
        int nb = 0;
        int na = 0;
        for (Observation o : s.points()) {
            if (o.setpoint() < s.firstSetpointAfter()) {
                before += o.probability();
                nb++;
            } else {
                after += o.probability();
                na++;
            }
        }
        if (nb == 0 || na == 0) {
            return Double.NaN;
        }
        double step = after / na - before / nb;
        return s.direction() == Direction.TRIVIAL_TO_TOPOLOGICAL ? step : -step;
    }

    /**
     * Where the classifier's P(topological) crosses ½ in the true direction, relative to the true critical value,
     * in setpoint spacings, positive toward the topological side (the classifier is late going
     * trivial→topological, early going back); NaN for a sweep without a transition or whose P never crosses ½
     * in the true direction. Points are taken in sweep order (by control value) and the crossing is interpolated
     * linearly between neighbours; of several crossings the one nearest the truth counts (the classifier's
     * step, not a flicker far from it).
     */
    public static double crossingOffset(Sweep s) {
        if (s.criticalValue() == null || s.direction() == null || s.points().size() < 2 || !(s.spacing() > 0)) {
            return Double.NaN;
        }
        List<Observation> bySetpoint = new ArrayList<>(s.points());
        bySetpoint.sort(java.util.Comparator.comparingInt(Observation::setpoint));
        double sign = TransitionDetector.sweepSign(bySetpoint, s.variable());
        List<Observation> ordered = bySetpoint.stream().filter(o -> Double.isFinite(o.value(s.variable())))
                .sorted(java.util.Comparator.comparingDouble(o -> sign * o.value(s.variable()))).toList();
        boolean up = s.direction() == Direction.TRIVIAL_TO_TOPOLOGICAL;
        double best = Double.NaN;
        for (int i = 1; i < ordered.size(); i++) {
            double p0 = ordered.get(i - 1).probability();
            double p1 = ordered.get(i).probability();
            boolean crosses = up ? p0 < 0.5 && p1 >= 0.5 : p0 >= 0.5 && p1 < 0.5;
            if (!crosses) {
                continue;
            }
            double x0 = ordered.get(i - 1).value(s.variable());
            double x1 = ordered.get(i).value(s.variable());
            double x = x0 + (0.5 - p0) / (p1 - p0) * (x1 - x0);
            // Along the sweep the new phase lies ahead: + is toward the topological side going up, trivial going down.
            double offset = sign * (x - s.criticalValue()) / s.spacing() * (up ? 1 : -1);
            if (Double.isNaN(best) || Math.abs(offset) < Math.abs(best)) {
                best = offset;
            }
        }
        return best;
    }

    /**
     * The median {@link #crossingOffset} over the sweeps that have one: the classifier offset to calibrate the
     * detector with ({@link DetectorSettings#classifierOffset()}); NaN when no sweep has one.
     */
    public static double medianCrossingOffset(List<Sweep> sweeps) {
        return quantile(crossingOffsets(sweeps), 0.5);
    }

    /** The {@link #crossingOffset}s that exist, sorted. */
    public static double[] crossingOffsets(List<Sweep> sweeps) {
        return sweeps.stream().mapToDouble(DetectionEvaluation::crossingOffset).filter(Double::isFinite).sorted()
                .toArray();
    }

    /** The q-quantile (0..1, linear between order statistics) of sorted values; NaN when there are none. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

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
        int withoutSignal = 0;
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
            if (d == null && !(signal(s) >= NO_SIGNAL_STEP)) {
                withoutSignal++;
            }
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
        return new Metrics(n, crossing, alerts, detections, crossing - detections, withoutSignal, covered,
                detections == 0 ? Double.NaN : (double) covered / detections, falseAlarms,
                n == 0 ? Double.NaN : 100.0 * falseAlarms / n, stable, wrongDirection,
                sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElseThrow(), median,
                sorted.length == 0 ? 0 : sorted[0], sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                detections == 0 ? Double.NaN : errorSum / detections,
                detections == 0 ? Double.NaN : widthSum / detections);
    }
}
