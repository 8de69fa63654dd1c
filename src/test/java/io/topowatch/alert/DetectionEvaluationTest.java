package io.topowatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

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
}
