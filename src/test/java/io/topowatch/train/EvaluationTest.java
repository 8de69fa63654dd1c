package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final double EXACT = 1e-12;

    private static Scored s(boolean topological, double p, String... elements) {
        return new Scored("s" + p, List.of(elements), topological, p);
    }

    /** Hand-worked: scores 0.9 (T), 0.6 (F), 0.4 (T), 0.1 (F). */
    private static final List<Scored> FOUR = List.of(
            s(true, 0.9, "Bi", "Se"), s(false, 0.6, "Mg", "O"), s(true, 0.4, "Ge", "Te"), s(false, 0.1, "Bi", "O"));

    @Test
    void classMetricsAtTheThresholdFollowThePapersDefinitions() {
        Evaluation e = Evaluation.of(FOUR);
        assertThat(e.confusion()).isEqualTo(new Evaluation.Confusion(1, 1, 1, 1));
        assertThat(e.topological()).isEqualTo(new ClassMetrics(2, 0.5, 0.5, 0.5));
        assertThat(e.trivial()).isEqualTo(new ClassMetrics(2, 0.5, 0.5, 0.5));

        Evaluation strict = Evaluation.of(FOUR, 0.95);
        assertThat(strict.topological().recall()).isZero();
        assertThat(strict.topological().precision()).isZero();
        assertThat(strict.trivial().recall()).isEqualTo(1.0);
        assertThat(strict.trivial().precision()).isEqualTo(0.5);
        assertThat(strict.trivial().f1()).isCloseTo(2 * 0.5 * 1.0 / 1.5, within(EXACT));
    }

    @Test
    void rocCurveAndAreaByHand() {
        Evaluation e = Evaluation.of(FOUR);
        assertThat(e.roc()).extracting(Evaluation.RocPoint::falsePositiveRate, Evaluation.RocPoint::truePositiveRate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.0, 0.0), org.assertj.core.groups.Tuple.tuple(0.0, 0.5),
                        org.assertj.core.groups.Tuple.tuple(0.5, 0.5), org.assertj.core.groups.Tuple.tuple(0.5, 1.0),
                        org.assertj.core.groups.Tuple.tuple(1.0, 1.0));
        assertThat(e.auc()).isCloseTo(0.75, within(EXACT));
    }

    @Test
    void perfectTiedAndInvertedScores() {
        assertThat(Evaluation.of(List.of(s(true, 0.8), s(false, 0.2))).auc()).isCloseTo(1.0, within(EXACT));
        assertThat(Evaluation.of(List.of(s(true, 0.5), s(false, 0.5), s(true, 0.5))).auc()).isCloseTo(0.5, within(EXACT));
        assertThat(Evaluation.of(List.of(s(true, 0.2), s(false, 0.8))).auc()).isCloseTo(0.0, within(EXACT));
    }

    @Test
    void optimalThresholdSeparatesSeparableClasses() {
        Evaluation e = Evaluation.of(List.of(s(true, 0.35), s(true, 0.3), s(false, 0.2), s(false, 0.05)));
        assertThat(e.optimalThreshold()).isEqualTo(0.3);
        assertThat(Evaluation.of(List.of(s(true, 0.35), s(true, 0.3), s(false, 0.2), s(false, 0.05)), e.optimalThreshold())
                .topological().recall()).isEqualTo(1.0);
    }

    @Test
    void calibrationBinsAndExpectedCalibrationError() {
        List<Scored> calibrated = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calibrated.add(s(i < 2, 0.2));   // 20 % positive at p = 0.2
            calibrated.add(s(i < 8, 0.8));   // 80 % positive at p = 0.8
        }
        Evaluation e = Evaluation.of(calibrated);
        assertThat(e.expectedCalibrationError()).isCloseTo(0.0, within(EXACT));
        assertThat(e.calibration()).hasSize(10);
        assertThat(e.calibration().get(2).count()).isEqualTo(10);
        assertThat(e.calibration().get(8).fractionTopological()).isCloseTo(0.8, within(EXACT));

        List<Scored> overconfident = List.of(s(true, 0.95), s(false, 0.95));
        // One bin, mean 0.95, observed 0.5.
        assertThat(Evaluation.of(overconfident).expectedCalibrationError()).isCloseTo(0.45, within(EXACT));
    }

    @Test
    void perElementTablesCountEverySampleThatContainsTheElement() {
        Evaluation e = Evaluation.of(FOUR);
        assertThat(e.perElement()).containsOnlyKeys("Bi", "Se", "Mg", "O", "Ge", "Te");
        Evaluation.ElementMetrics bi = e.perElement().get("Bi");
        assertThat(bi.samples()).isEqualTo(2);
        assertThat(bi.topological().recall()).isEqualTo(1.0);
        assertThat(bi.trivial().recall()).isEqualTo(1.0);
        assertThat(e.perElement().get("Ge").topological().recall()).isZero();
    }

    @Test
    void anEmptySetIsRefused() {
        assertThatThrownBy(() -> Evaluation.of(List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> s(true, 1.5)).hasMessageContaining("[0, 1]");
    }

    /** AUC is the probability that a random topological sample outscores a random trivial one (ties ½). */
    @Property(tries = 200)
    void aucEqualsTheMannWhitneyStatistic(@ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = 0, max = 1) Double> p,
            @ForAll @Size(min = 2, max = 40) List<Boolean> labels) {
        int n = Math.min(p.size(), labels.size());
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Round so that ties occur.
            scored.add(new Scored("x" + i, List.of("O"), labels.get(i), Math.round(p.get(i) * 10) / 10.0));
        }
        long pos = scored.stream().filter(Scored::topological).count();
        if (pos == 0 || pos == n) {
            return;
        }
        double wins = 0;
        for (Scored a : scored) {
            for (Scored b : scored) {
                if (a.topological() && !b.topological()) {
                    wins += a.probability() > b.probability() ? 1 : a.probability() == b.probability() ? 0.5 : 0;
                }
            }
        }
        assertThat(Evaluation.of(scored).auc()).isCloseTo(wins / (pos * (n - pos)), within(1e-9));
    }
}
