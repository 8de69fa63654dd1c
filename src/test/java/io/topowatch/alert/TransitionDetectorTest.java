package io.topowatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class TransitionDetectorTest {

    static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    static final double STEP_T = 4.25;
    /** 0 → 9 T in 0.5 T steps, as the demo sweeps. */
    static final int SETPOINTS = 19;
    static final double SPACING = 0.5;

    static double field(int setpoint) {
        return setpoint * SPACING;
    }

    static Observation point(int setpoint, double x, double p, double sigma) {
        return new Observation(setpoint, Map.of("field_T", x, "strain_pct", 0.0, "temperature_K", 10.0), p, sigma,
                "test-model", List.of("e/s/" + setpoint + "/Ge"), T0.plusSeconds(60L * setpoint));
    }

    static List<Observation> sweep(DoubleUnaryOperator probability, double sigma) {
        List<Observation> points = new ArrayList<>();
        for (int i = 0; i < SETPOINTS; i++) {
            points.add(point(i, field(i), probability.applyAsDouble(field(i)), sigma));
        }
        return points;
    }

    static DoubleUnaryOperator step(double at, double low, double high) {
        return x -> x < at ? low : high;
    }

    record Run(List<TransitionAlert> alerts, List<Suggestion> suggestions, TransitionState state) {}

    static Run run(List<Observation> points, DetectorSettings settings) {
        TransitionDetector detector = new TransitionDetector(settings);
        TransitionState state = TransitionState.empty("e", "s");
        List<TransitionAlert> alerts = new ArrayList<>();
        List<Suggestion> suggestions = new ArrayList<>();
        for (Observation o : points) {
            TransitionDetector.Update u = detector.update(state, o);
            state = u.state();
            if (u.alert() != null) {
                alerts.add(u.alert());
            }
            if (u.suggestion() != null) {
                suggestions.add(u.suggestion());
            }
        }
        return new Run(alerts, suggestions, state);
    }

    /** The defaults without the classifier calibration, so intervals are the change point's own. */
    static final DetectorSettings RAW = DetectorSettings.defaults().uncalibrated();

    static Run run(List<Observation> points) {
        return run(points, RAW);
    }

    @Test
    void cleanStepRaisesOneAlertWhoseIntervalContainsTheStep() {
        Run r = run(sweep(step(STEP_T, 0.05, 0.95), 0.02));

        assertThat(r.alerts()).hasSize(1);
        TransitionAlert a = r.alerts().get(0);
        assertThat(a.direction()).isEqualTo(Direction.TRIVIAL_TO_TOPOLOGICAL);
        assertThat(a.covers(STEP_T)).isTrue();
        assertThat(a.criticalValue()).isBetween(4.0, 4.5);
        assertThat(a.controlVariable()).isEqualTo("field_T");
        assertThat(a.firstEvidenceSetpoint()).isEqualTo(9);
        assertThat(a.id()).isEqualTo("e/s/trivial->topological/9");
        assertThat(a.confidence()).isGreaterThanOrEqualTo(0.95);
        assertThat(a.setpoints()).contains(8, 9);
        assertThat(a.scanIds()).contains("e/s/8/Ge", "e/s/9/Ge");
        assertThat(a.modelVersion()).isEqualTo("test-model");
        // Raised by the second point after the step (minSegment 2), at that point's time.
        assertThat(a.raisedAtSetpoint()).isEqualTo(10);
        assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(r.state().alertsRaised()).isEqualTo(1);
    }

    @Test
    void calibrationMovesTheEstimateAndWidensTheIntervalTowardTheTrivialSide() {
        DetectorSettings calibrated = RAW.withCalibration(1, 3, 0.5);
        TransitionAlert up = run(sweep(step(STEP_T, 0.05, 0.95), 0.02), calibrated).alerts().get(0);
        TransitionAlert raw = run(sweep(step(STEP_T, 0.05, 0.95), 0.02)).alerts().get(0);
        // Trivial side of an upward step is below it: one spacing (0.5 T) lower, 1.5 T more below, 0.25 T above.
        assertThat(up.criticalValue()).isCloseTo(raw.criticalValue() - 0.5, within(1e-9));
        assertThat(up.criticalInterval().get(0)).isCloseTo(raw.criticalInterval().get(0) - 1.5, within(1e-9));
        assertThat(up.criticalInterval().get(1)).isCloseTo(raw.criticalInterval().get(1) + 0.25, within(1e-9));

        TransitionAlert down = run(sweep(step(STEP_T, 0.95, 0.05), 0.02), calibrated).alerts().get(0);
        TransitionAlert rawDown = run(sweep(step(STEP_T, 0.95, 0.05), 0.02)).alerts().get(0);
        assertThat(down.criticalValue()).isCloseTo(rawDown.criticalValue() + 0.5, within(1e-9));
        assertThat(down.criticalInterval().get(1)).isCloseTo(rawDown.criticalInterval().get(1) + 1.5, within(1e-9));
        assertThat(down.criticalInterval().get(0)).isCloseTo(rawDown.criticalInterval().get(0) - 0.25, within(1e-9));
    }

    @Test
    void aNegativeClassifierOffsetMovesTheEstimateTowardTheTopologicalSide() {
        // An early classifier (step on the trivial side of B_c): the estimate moves up, past the step, for an
        // upward step, and down for a downward one.
        DetectorSettings early = RAW.withCalibration(-1, 0, 2);
        TransitionAlert raw = run(sweep(step(STEP_T, 0.05, 0.95), 0.02)).alerts().get(0);
        TransitionAlert up = run(sweep(step(STEP_T, 0.05, 0.95), 0.02), early).alerts().get(0);
        assertThat(up.criticalValue()).isCloseTo(raw.criticalValue() + 0.5, within(1e-9));
        assertThat(up.criticalInterval().get(0)).isCloseTo(raw.criticalInterval().get(0), within(1e-9));
        assertThat(up.criticalInterval().get(1)).isCloseTo(raw.criticalInterval().get(1) + 1.0, within(1e-9));
        TransitionAlert rawDown = run(sweep(step(STEP_T, 0.95, 0.05), 0.02)).alerts().get(0);
        TransitionAlert down = run(sweep(step(STEP_T, 0.95, 0.05), 0.02), early).alerts().get(0);
        assertThat(down.criticalValue()).isCloseTo(rawDown.criticalValue() - 0.5, within(1e-9));
        assertThat(down.criticalInterval().get(0)).isCloseTo(rawDown.criticalInterval().get(0) - 1.0, within(1e-9));
    }

    @Test
    void downwardStepIsTopologicalToTrivial() {
        Run r = run(sweep(step(STEP_T, 0.9, 0.1), 0.03));
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.direction()).isEqualTo(Direction.TOPOLOGICAL_TO_TRIVIAL);
            assertThat(a.covers(STEP_T)).isTrue();
        });
    }

    @Test
    void noiseWithoutAChangeRaisesNothing() {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            double level = seed % 2 == 0 ? 0.1 : 0.9;
            Run r = run(sweep(x -> clamp(level + 0.08 * random.nextGaussian()), 0.05));
            assertThat(r.alerts()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void noiseAroundTheThresholdRaisesNothing() {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            Run r = run(sweep(x -> clamp(0.5 + 0.1 * random.nextGaussian()), 0.1));
            assertThat(r.alerts()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void reversalIsASecondAlertTheOtherWay() {
        Run r = run(sweep(x -> x > 2.8 && x < 6.8 ? 0.95 : 0.05, 0.02));

        assertThat(r.alerts()).hasSize(2);
        TransitionAlert up = r.alerts().get(0);
        TransitionAlert down = r.alerts().get(1);
        assertThat(up.direction()).isEqualTo(Direction.TRIVIAL_TO_TOPOLOGICAL);
        assertThat(up.covers(2.8)).isTrue();
        assertThat(down.direction()).isEqualTo(Direction.TOPOLOGICAL_TO_TRIVIAL);
        assertThat(down.covers(6.8)).isTrue();
        assertThat(down.id()).isNotEqualTo(up.id());
        // The reversal rests only on the points since the first transition.
        assertThat(down.setpoints()).doesNotContain(0, 1, 2, 3, 4);
    }

    @Test
    void outOfOrderArrivalGivesTheSameTransition() {
        List<Observation> points = sweep(step(STEP_T, 0.05, 0.95), 0.02);
        List<Observation> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(3));

        Run inOrder = run(points);
        Run outOfOrder = run(shuffled);
        assertThat(inOrder.alerts()).hasSize(1);

        assertThat(outOfOrder.alerts()).singleElement().satisfies(a -> {
            assertThat(a.direction()).isEqualTo(Direction.TRIVIAL_TO_TOPOLOGICAL);
            assertThat(a.covers(STEP_T)).isTrue();
            // Raised on the points there at the time, so its estimate may differ from the in-order one.
            assertThat(a.criticalValue()).isBetween(a.criticalInterval().get(0), a.criticalInterval().get(1));
        });
        assertThat(outOfOrder.state().observations()).isEqualTo(inOrder.state().observations());
    }

    @Test
    void highUncertaintySuppressesTheAlert() {
        Run r = run(sweep(step(STEP_T, 0.2, 0.8), 0.35));
        assertThat(r.alerts()).isEmpty();
        // The same step measured with small uncertainty is an alert.
        assertThat(run(sweep(step(STEP_T, 0.2, 0.8), 0.02)).alerts()).hasSize(1);
    }

    @Test
    void uncertainOldPhaseStillAllowsAClearRise() {
        // Like the demo's GeTe: the classifier never clears the band before the change (0.28 ± 0.14), then is sure.
        List<Observation> points = new ArrayList<>();
        for (int i = 0; i < SETPOINTS; i++) {
            double x = field(i);
            points.add(x < STEP_T ? point(i, x, 0.28, 0.14) : point(i, x, 0.95, 0.03));
        }
        assertThat(run(points).alerts()).singleElement()
                .satisfies(a -> assertThat(a.direction()).isEqualTo(Direction.TRIVIAL_TO_TOPOLOGICAL));
    }

    @Test
    void rescoredSetpointReplacesTheOldScore() {
        List<Observation> points = new ArrayList<>(sweep(x -> 0.05, 0.02));
        // Setpoint 12 first scored as a glitch, then re-scored by another model.
        points.set(12, point(12, field(12), 0.99, 0.01));
        points.add(point(12, field(12), 0.04, 0.02));
        Run r = run(points);
        assertThat(r.alerts()).isEmpty();
        assertThat(r.state().observations()).hasSize(SETPOINTS);
        assertThat(r.state().observations().get(12).probability()).isEqualTo(0.04);
    }

    @Test
    void oneSpuriousPointIsNotATransition() {
        List<Observation> points = sweep(x -> 0.05, 0.02);
        points.set(18, point(18, field(18), 0.97, 0.02));
        assertThat(run(points).alerts()).isEmpty();
    }

    @Test
    void decreasingSweepReportsDirectionAlongTheSweep() {
        List<Observation> points = new ArrayList<>();
        for (int i = 0; i < SETPOINTS; i++) {
            double x = 9.0 - field(i);
            points.add(point(i, x, x > STEP_T ? 0.95 : 0.05, 0.02));
        }
        assertThat(run(points).alerts()).singleElement().satisfies(a -> {
            assertThat(a.direction()).isEqualTo(Direction.TOPOLOGICAL_TO_TRIVIAL);
            assertThat(a.covers(STEP_T)).isTrue();
        });
    }

    @Test
    void steeringContinuesTheSweepUntilThereIsEvidence() {
        Run r = run(sweep(x -> 0.05, 0.02).subList(0, 5));
        assertThat(r.suggestions()).hasSize(4);
        assertThat(r.suggestions()).allSatisfy(s -> {
            assertThat(s.reason()).isEqualTo(Suggestion.CONTINUE);
            assertThat(s.criticalEstimate()).isNull();
        });
        assertThat(r.suggestions().get(3).nextValue()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void steeringBisectsTheCriticalInterval() {
        List<Observation> points = sweep(step(STEP_T, 0.05, 0.95), 0.02);
        TransitionDetector detector = new TransitionDetector(RAW);
        TransitionState state = TransitionState.empty("e", "s");
        Suggestion last = null;
        for (Observation o : points.subList(0, 11)) {
            TransitionDetector.Update u = detector.update(state, o);
            state = u.state();
            last = u.suggestion();
        }
        assertThat(state.lastAlert()).isNotNull();
        assertThat(last.reason()).isEqualTo(Suggestion.REFINE);
        assertThat(last.nextValue()).isCloseTo(4.25, within(1e-9));
        // Measuring there (a new setpoint) narrows it; the next suggestion bisects what is left or moves on.
        TransitionDetector.Update u = detector.update(state, point(11, 4.25, 0.95, 0.02));
        assertThat(u.alert()).isNull();
        assertThat(u.suggestion().nextValue()).isCloseTo(4.125, within(1e-9));
        assertThat(u.suggestion().afterSetpoint()).isEqualTo(11);
    }

    static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
