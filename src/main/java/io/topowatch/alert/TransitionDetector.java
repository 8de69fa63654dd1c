package io.topowatch.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detects topological transitions along one sample's sweep and suggests where to measure next. Pure: the
 * caller keeps the {@link TransitionState} (the stream keeps it in a state store) and hands it back with each
 * new point; the same states and points always give the same alerts and suggestions.
 *
 * <p><b>Order.</b> Points are ordered by their control value in the sweep's direction (the sign of
 * x(last setpoint) − x(first setpoint); increasing when unknown), ties by setpoint. So points arriving late,
 * setpoints re-scored (the newer score replaces the older) and measurements steered back into an interval all
 * land where they belong. Directions are in that order: trivial→topological means P(topological) rises along
 * the sweep.
 *
 * <p><b>Alert</b> on the points beyond the last transition when all hold ({@link DetectorSettings}):
 * <ol>
 *   <li>the two-segment change-point fit ({@link ChangePoint}) has a step |μ_2 − μ_1| ≥ {@code minStep} and
 *       confidence ≥ {@code minConfidence};</li>
 *   <li>hysteresis: the weighted means before and after the split lie outside the band on the old and the new
 *       side; no point before the split lies in the new phase beyond the band's last old-phase point (a point
 *       before need not clear the band itself: an uncertain classifier may never be sure of the old phase),
 *       at least {@code confirmPoints} points after it lie in the new phase, and the last point outside the band
 *       is in the new phase (no reversal back since);</li>
 *   <li>its direction is the opposite of the last alert's (one alert per transition; a reversal is a new one).</li>
 * </ol>
 * After an alert the search restarts at its first evidence point, so the next alert can only be the reversal.
 */
public final class TransitionDetector {

    /** The state to keep, and what to publish (null when nothing). */
    public record Update(TransitionState state, TransitionAlert alert, Suggestion suggestion) {}

    /** The best change in the current segment and whether it qualifies for an alert. */
    record Candidate(ChangePoint.Fit fit, Direction direction, boolean alertable, double criticalValue,
            double lo, double hi, List<Observation> segment) {}

    public static final List<String> PREFERRED_VARIABLES = List.of("field_T", "strain_pct", "temperature_K");

    private final DetectorSettings settings;

    public TransitionDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    public DetectorSettings settings() {
        return settings;
    }

    /** Adds (or replaces, for a re-scored setpoint) one point and evaluates the sample. */
    public Update update(TransitionState state, Observation point) {
        Map<Integer, Observation> bySetpoint = new LinkedHashMap<>();
        for (Observation o : state.observations()) {
            bySetpoint.put(o.setpoint(), o);
        }
        bySetpoint.put(point.setpoint(), point);
        List<Observation> stored = new ArrayList<>(bySetpoint.values());
        stored.sort(Comparator.comparingInt(Observation::setpoint));

        String variable = controlVariable(stored);
        double sign = sweepSign(stored, variable);
        List<Observation> ordered = stored.stream().filter(o -> Double.isFinite(o.value(variable)))
                .sorted(Comparator.<Observation>comparingDouble(o -> sign * o.value(variable))
                        .thenComparingInt(Observation::setpoint))
                .toList();
        List<Observation> segment = ordered.stream()
                .filter(o -> state.segmentFrom() == null || sign * o.value(variable) >= sign * state.segmentFrom())
                .toList();

        Candidate candidate = candidate(segment, variable, state, stored);
        TransitionAlert alert = null;
        TransitionState next = new TransitionState(state.experiment(), state.sample(), stored, state.segmentFrom(),
                state.lastAlert(), state.alertsRaised());
        if (candidate != null && candidate.alertable()) {
            alert = alert(state, candidate, variable, point);
            Observation first = candidate.segment().get(candidate.fit().split());
            next = new TransitionState(state.experiment(), state.sample(), stored, first.value(variable), alert,
                    state.alertsRaised() + 1);
        }
        Suggestion suggestion = Steering.suggest(settings, next, ordered, variable, sign,
                alert != null ? null : candidate, point);
        return new Update(next, alert, suggestion);
    }

    Candidate candidate(List<Observation> segment, String variable, TransitionState state,
            List<Observation> stored) {
        int n = segment.size();
        if (n < 2 * settings.minSegment()) {
            return null;
        }
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = segment.get(i).probability();
            w[i] = settings.weight(segment.get(i).uncertainty());
        }
        long seed = seed(state.experiment(), state.sample(), n, y);
        ChangePoint.Fit fit = ChangePoint.fit(y, w, settings.minSegment(), settings.permutationsNeeded(),
                settings.intervalMass(), seed);
        Direction direction = Direction.ofStep(fit.step());
        int newSide = direction == Direction.TRIVIAL_TO_TOPOLOGICAL ? 1 : -1;
        boolean ok = Math.abs(fit.step()) >= settings.minStep() && settings.confidence(fit) >= settings.minConfidence();
        if (state.lastAlert() != null && state.lastAlert().direction() == direction) {
            ok = false;
        }
        int lastBefore = 0;
        for (int i = 0; i < fit.split(); i++) {
            int side = side(segment.get(i));
            lastBefore = side != 0 ? side : lastBefore;
        }
        int confirming = 0;
        int lastAfter = 0;
        for (int i = fit.split(); i < n; i++) {
            int side = side(segment.get(i));
            confirming += side == newSide ? 1 : 0;
            lastAfter = side != 0 ? side : lastAfter;
        }
        ok &= lastBefore != newSide && confirming >= settings.confirmPoints() && lastAfter == newSide;
        ok &= settings.side(fit.meanBefore(), 0) == -newSide && settings.side(fit.meanAfter(), 0) == newSide;

        Observation before = segment.get(fit.split() - 1);
        Observation after = segment.get(fit.split());
        double critical = crossing(before, after, (fit.meanBefore() + fit.meanAfter()) / 2, variable);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = fit.firstIndex(); i <= fit.lastIndex(); i++) {
            double x = segment.get(i).value(variable);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        // Classifier calibration: the classifier's step lies classifierOffset spacings toward the topological side
        // of the band inversion (negative: toward the trivial side), so the estimate moves back by it.
        double spacing = Steering.spacing(stored, variable);
        if (spacing > 0) {
            double sign = sweepSign(stored, variable);
            double towardTrivial = direction == Direction.TRIVIAL_TO_TOPOLOGICAL ? -sign : sign;
            critical += towardTrivial * settings.classifierOffset() * spacing;
            double trivialEnd = settings.trivialSideWidening() * spacing;
            double topologicalEnd = settings.topologicalSideWidening() * spacing;
            lo -= (towardTrivial < 0 ? trivialEnd : topologicalEnd);
            hi += (towardTrivial < 0 ? topologicalEnd : trivialEnd);
            // Not before the sweep's first value; ahead of the newest point it may extend (the classifier can
            // change its mind before the band inversion is reached).
            double start = stored.stream().mapToDouble(o -> sign * o.value(variable)).filter(Double::isFinite).min()
                    .orElse(Double.NEGATIVE_INFINITY);
            if (sign > 0) {
                lo = Math.max(lo, start);
            } else {
                hi = Math.min(hi, -start);
            }
            critical = Math.max(lo, Math.min(hi, critical));
        }
        return new Candidate(fit, direction, ok, critical, lo, hi, segment);
    }

    private int side(Observation o) {
        return settings.side(o.probability(), o.uncertainty());
    }

    private TransitionAlert alert(TransitionState state, Candidate c, String variable, Observation trigger) {
        Observation first = c.segment().get(c.fit().split());
        List<Integer> setpoints = c.segment().stream().map(Observation::setpoint).toList();
        List<String> scanIds = c.segment().stream().flatMap(o -> o.scanIds().stream()).toList();
        Observation newest = c.segment().stream().max(Comparator.comparingInt(Observation::setpoint)).orElseThrow();
        return new TransitionAlert(TransitionAlert.TYPE,
                TransitionAlert.id(state.experiment(), state.sample(), c.direction(), first.setpoint()),
                state.experiment(), state.sample(), c.direction(), variable, c.criticalValue(),
                List.of(c.lo(), c.hi()), settings.confidence(c.fit()), newest.modelVersion(), setpoints, scanIds,
                trigger.timestamp(), first.setpoint(), trigger.setpoint(), c.fit().meanBefore(), c.fit().meanAfter());
    }

    /**
     * Where the straight line between the last point before and the first after the change crosses the midpoint
     * of the two segment means; clamped between the two, halfway when the two probabilities are equal.
     */
    static double crossing(Observation before, Observation after, double level, String variable) {
        double x0 = before.value(variable);
        double x1 = after.value(variable);
        double dp = after.probability() - before.probability();
        double t = Math.abs(dp) < 1e-9 ? 0.5 : (level - before.probability()) / dp;
        t = Math.max(0, Math.min(1, t));
        return x0 + t * (x1 - x0);
    }

    /**
     * The swept control: the configured one, else the one whose values span the widest range relative to
     * their magnitude (field_T, strain_pct, temperature_K first on ties), else field_T.
     */
    String controlVariable(List<Observation> points) {
        if (settings.controlVariable() != null) {
            return settings.controlVariable();
        }
        List<String> keys = new ArrayList<>(PREFERRED_VARIABLES);
        points.stream().flatMap(o -> o.control().keySet().stream()).distinct().sorted()
                .filter(k -> !keys.contains(k)).forEach(keys::add);
        String best = null;
        double bestSpread = 0;
        for (String key : keys) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Observation o : points) {
                double v = o.value(key);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double spread = max > min ? (max - min) / Math.max(Math.abs(max), Math.abs(min)) : 0;
            if (spread > bestSpread) {
                best = key;
                bestSpread = spread;
            }
        }
        if (best != null) {
            return best;
        }
        return points.stream().flatMap(o -> o.control().keySet().stream())
                .filter(PREFERRED_VARIABLES::contains).findFirst()
                .orElse(points.isEmpty() ? PREFERRED_VARIABLES.get(0)
                        : points.get(0).control().keySet().stream().sorted().findFirst().orElseThrow());
    }

    /** +1 when the control value grows from the first setpoint to the last, −1 when it falls. */
    static double sweepSign(List<Observation> bySetpoint, String variable) {
        List<Observation> with = bySetpoint.stream().filter(o -> Double.isFinite(o.value(variable))).toList();
        if (with.size() < 2) {
            return 1;
        }
        return with.get(with.size() - 1).value(variable) < with.get(0).value(variable) ? -1 : 1;
    }

    private static long seed(String experiment, String sample, int n, double[] y) {
        long h = 0x9E3779B97F4A7C15L;
        h = h * 31 + (experiment + "/" + sample).hashCode();
        h = h * 31 + n;
        h = h * 31 + Arrays.hashCode(y);
        return h;
    }
}
