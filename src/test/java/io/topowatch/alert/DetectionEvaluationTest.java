package io.topowatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEvaluationTest {

    static List<Observation> points(double stepAt, double low, double high) {
        List<Observation> points = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            double x = 0.5 * i;
            points.add(TransitionDetectorTest.point(i, x, x < stepAt ? low : high, 0.02));
        }
        return points;
    }

    @Test
    void countsDetectionsCoverageDelayFalseAlarmsAndMisses() {
        DetectorSettings settings = DetectorSettings.defaults().uncalibrated();
        // Crossing at 4.25 T (first setpoint past it: 9), seen by the classifier: detected by setpoint 10.
        var detected = new DetectionEvaluation.Sweep("a", "field_T", 4.25, Direction.TRIVIAL_TO_TOPOLOGICAL, 9, 0.5,
                points(4.25, 0.05, 0.95));
        // Crossing the classifier does not see: a miss without signal.
        var flat = new DetectionEvaluation.Sweep("b", "field_T", 4.25, Direction.TRIVIAL_TO_TOPOLOGICAL, 9, 0.5,
                points(4.25, 0.05, 0.05));
        // No transition, but the classifier changes its mind: a false alarm.
        var stable = new DetectionEvaluation.Sweep("c", "field_T", null, null, -1, 0.5, points(6.25, 0.95, 0.05));

        List<DetectionEvaluation.Outcome> outcomes = List.of(
                DetectionEvaluation.run(detected, settings, "e", "a"),
                DetectionEvaluation.run(flat, settings, "e", "b"),
                DetectionEvaluation.run(stable, settings, "e", "c"));
        DetectionEvaluation.Metrics m = DetectionEvaluation.summarise(outcomes);

        assertThat(m.sweeps()).isEqualTo(3);
        assertThat(m.crossing()).isEqualTo(2);
        assertThat(m.detections()).isEqualTo(1);
        assertThat(m.misses()).isEqualTo(1);
        assertThat(m.missesWithoutSignal()).isEqualTo(1);
        assertThat(m.covered()).isEqualTo(1);
        assertThat(m.coverage()).isEqualTo(1.0);
        assertThat(m.falseAlarms()).isEqualTo(1);
        assertThat(m.falseAlarmsOnStableSweeps()).isEqualTo(1);
        assertThat(m.falseAlarmsPer100Sweeps()).isCloseTo(33.33, org.assertj.core.api.Assertions.within(0.01));
        assertThat(m.meanDelaySetpoints()).isEqualTo(1.0);
    }

    @Test
    void crossingOffsetIsSignedTowardTheTopologicalSideInSpacings() {
        // P rises 0.25 → 0.75 between 4.5 and 5.0 T: crosses ½ at 4.75 T, one spacing past B_c = 4.25 T (late).
        var late = new DetectionEvaluation.Sweep("a", "field_T", 4.25, Direction.TRIVIAL_TO_TOPOLOGICAL, 9, 0.5,
                points(4.75, 0.25, 0.75));
        assertThat(DetectionEvaluation.crossingOffset(late)).isCloseTo(1.0, within(1e-9));
        // Going topological → trivial, a fall before B_c is on the topological side too.
        var downEarly = new DetectionEvaluation.Sweep("b", "field_T", 4.25, Direction.TOPOLOGICAL_TO_TRIVIAL, 9, 0.5,
                points(3.75, 0.75, 0.25));
        assertThat(DetectionEvaluation.crossingOffset(downEarly)).isCloseTo(1.0, within(1e-9));
        // A rise before B_c is on the trivial side: negative.
        var early = new DetectionEvaluation.Sweep("c", "field_T", 4.25, Direction.TRIVIAL_TO_TOPOLOGICAL, 9, 0.5,
                points(3.25, 0.25, 0.75));
        assertThat(DetectionEvaluation.crossingOffset(early)).isCloseTo(-2.0, within(1e-9));
        // No crossing in the true direction, or no transition: none.
        var flat = new DetectionEvaluation.Sweep("d", "field_T", 4.25, Direction.TRIVIAL_TO_TOPOLOGICAL, 9, 0.5,
                points(4.25, 0.05, 0.05));
        var stable = new DetectionEvaluation.Sweep("e", "field_T", null, null, -1, 0.5, points(6.25, 0.05, 0.95));
        assertThat(DetectionEvaluation.crossingOffset(flat)).isNaN();
        assertThat(DetectionEvaluation.crossingOffset(stable)).isNaN();
        assertThat(DetectionEvaluation.medianCrossingOffset(List.of(late, downEarly, early, flat, stable)))
                .isCloseTo(1.0, within(1e-9));
        assertThat(DetectionEvaluation.crossingOffsets(List.of(late, early, flat))).containsExactly(-2.0, 1.0);
    }

    @Test
    void crossingOffsetFollowsADecreasingSweepAndArrivalOrderDoesNotMatter() {
        // Field swept 9 → 0 T; P rises (trivial → topological along the sweep) between 4.0 and 3.5 T, B_c 4.25 T:
        // the crossing at 3.75 T is one spacing past B_c along the sweep, on the topological side.
        List<Observation> points = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            double x = 9 - 0.5 * i;
            points.add(TransitionDetectorTest.point(i, x, x > 3.75 ? 0.25 : 0.75, 0.02));
        }
        java.util.Collections.reverse(points);
        var s = new DetectionEvaluation.Sweep("a", "field_T", 4.25, Direction.TRIVIAL_TO_TOPOLOGICAL, 10, 0.5,
                points);
        assertThat(DetectionEvaluation.crossingOffset(s)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void quantilesInterpolate() {
        double[] v = {0, 1, 2, 3};
        assertThat(DetectionEvaluation.quantile(v, 0.5)).isEqualTo(1.5);
        assertThat(DetectionEvaluation.quantile(v, 0)).isEqualTo(0);
        assertThat(DetectionEvaluation.quantile(v, 1)).isEqualTo(3);
        assertThat(DetectionEvaluation.quantile(new double[0], 0.5)).isNaN();
    }
}
