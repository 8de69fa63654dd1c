package io.topowatch.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adaptive steering: after each point, the control value that best narrows the critical value down.
 *
 * <ul>
 *   <li>A candidate change (change-point confidence ≥ {@code steerConfidence}, step ≥ {@code minStep}, not the
 *       direction of the last alert): the midpoint of the widest unmeasured gap inside its critical interval
 *       ({@link Suggestion#BISECT}). Bisection halves the interval each time, the most a single binary
 *       measurement can.</li>
 *   <li>Else, after an alert: the same inside the alert's interval ({@link Suggestion#REFINE}).</li>
 *   <li>Else, or once the widest gap is at most {@code steerResolution} setpoint spacings: carry on with the
 *       sweep, one spacing beyond the furthest point measured ({@link Suggestion#CONTINUE}).</li>
 * </ul>
 * The spacing is the median of |Δx|/Δsetpoint over setpoint-consecutive points. No suggestion before two points.
 */
final class Steering {

    private Steering() {}

    static Suggestion suggest(DetectorSettings settings, TransitionState state, List<Observation> ordered,
            String variable, double sign, TransitionDetector.Candidate candidate, Observation trigger) {
        if (ordered.size() < 2) {
            return null;
        }
        double spacing = spacing(state.observations(), variable);
        if (!(spacing > 0)) {
            return null;
        }
        double furthest = ordered.get(ordered.size() - 1).value(variable);
        double continueValue = furthest + sign * spacing;
        double minGap = settings.steerResolution() * spacing;

        String reason = Suggestion.CONTINUE;
        Double estimate = null;
        List<Double> interval = null;
        double next = continueValue;
        boolean steerCandidate = candidate != null && settings.confidence(candidate.fit()) >= settings.steerConfidence()
                && Math.abs(candidate.fit().step()) >= settings.minStep()
                && (state.lastAlert() == null || state.lastAlert().direction() != candidate.direction());
        if (steerCandidate) {
            estimate = candidate.criticalValue();
            interval = List.of(candidate.lo(), candidate.hi());
            reason = Suggestion.BISECT;
        } else if (state.lastAlert() != null) {
            estimate = state.lastAlert().criticalValue();
            interval = state.lastAlert().criticalInterval();
            reason = Suggestion.REFINE;
        }
        if (interval != null) {
            double[] gap = widestGap(ordered, variable, interval.get(0), interval.get(1));
            if (gap[1] - gap[0] > minGap) {
                next = (gap[0] + gap[1]) / 2;
            } else {
                reason = Suggestion.CONTINUE;
            }
        }
        return new Suggestion(Suggestion.TYPE, state.experiment(), state.sample(), variable, next, estimate, interval,
                reason, trigger.modelVersion(), trigger.timestamp(), trigger.setpoint());
    }

    /** The widest gap [a, b] between measured values in [lo, hi] (the ends included). */
    static double[] widestGap(List<Observation> points, String variable, double lo, double hi) {
        List<Double> xs = new ArrayList<>();
        xs.add(lo);
        xs.add(hi);
        for (Observation o : points) {
            double x = o.value(variable);
            if (x > lo && x < hi) {
                xs.add(x);
            }
        }
        xs.sort(Double::compare);
        double[] best = {lo, lo};
        for (int i = 1; i < xs.size(); i++) {
            if (xs.get(i) - xs.get(i - 1) > best[1] - best[0]) {
                best = new double[] {xs.get(i - 1), xs.get(i)};
            }
        }
        return best;
    }

    /** Median of |Δx|/Δsetpoint over setpoint-consecutive points with the variable; NaN with fewer than two. */
    static double spacing(List<Observation> bySetpoint, String variable) {
        List<Observation> with = bySetpoint.stream().filter(o -> Double.isFinite(o.value(variable))).toList();
        if (with.size() < 2) {
            return Double.NaN;
        }
        double[] steps = new double[with.size() - 1];
        for (int i = 1; i < with.size(); i++) {
            Observation a = with.get(i - 1);
            Observation b = with.get(i);
            steps[i - 1] = Math.abs(b.value(variable) - a.value(variable)) / (b.setpoint() - a.setpoint());
        }
        Arrays.sort(steps);
        int m = steps.length / 2;
        return steps.length % 2 == 1 ? steps[m] : (steps[m - 1] + steps[m]) / 2;
    }
}
