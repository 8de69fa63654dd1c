package io.topowatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.train.Formulas;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

    @Test
    void nearCriticalSamplesLieOnBothSidesOfTheGapClosingAndAreLabelledByTheirInvariant() {
        List<TrainingData.Drawn> drawn = TrainingData.drawAll(120, 3, null, 0.5);
        List<TrainingData.Drawn> near = drawn.stream().filter(TrainingData.Drawn::nearCritical).toList();

        assertThat(near.size()).isBetween(40, 80);
        assertThat(near).allSatisfy(d -> {
            double distance = Math.abs(d.m0() - SampleState.CRITICAL_MASS);
            assertThat(distance).isBetween(TrainingData.NEAR_CRITICAL_MIN, TrainingData.NEAR_CRITICAL_MAX);
            assertThat(d.sample().topological()).isEqualTo(new QwzModel(d.m0()).invariant() != 0)
                    .isEqualTo(d.m0() < SampleState.CRITICAL_MASS);
        });
        assertThat(near).anyMatch(d -> d.m0() < 2).anyMatch(d -> d.m0() > 2);
        assertThat(drawn).filteredOn(d -> !d.nearCritical())
                .allSatisfy(d -> assertThat(d.sample().topological()).isEqualTo(d.material().topological()));
        assertThat(drawn).allSatisfy(d -> assertThat(d.sample().group())
                .isEqualTo(Formulas.reduced(d.material().formula())));
    }

    @Test
    void theNearCriticalShareChangesOnlyTheNearCriticalSamples() {
        List<TrainingData.Drawn> none = TrainingData.drawAll(40, 5, null, 0);
        List<TrainingData.Drawn> some = TrainingData.drawAll(40, 5, null, 0.3);
        List<TrainingData.Drawn> again = TrainingData.drawAll(40, 5, null, 0.3);

        assertThat(none).noneMatch(TrainingData.Drawn::nearCritical);
        assertThat(some).anyMatch(TrainingData.Drawn::nearCritical);
        for (int i = 0; i < 40; i++) {
            assertThat(some.get(i).material()).isEqualTo(none.get(i).material());
            assertThat(again.get(i).sample().tensor().values()).containsExactly(some.get(i).sample().tensor().values());
            if (!some.get(i).nearCritical()) {
                assertThat(some.get(i).sample().tensor().values()).containsExactly(none.get(i).sample().tensor().values());
            }
        }
    }

    @Test
    void nearCriticalMassCoversBothSides() {
        assertThat(TrainingData.nearCriticalMass(0.0)).isEqualTo(2 - TrainingData.NEAR_CRITICAL_MIN);
        assertThat(TrainingData.nearCriticalMass(0.4999)).isCloseTo(2 - TrainingData.NEAR_CRITICAL_MAX,
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(TrainingData.nearCriticalMass(0.5)).isEqualTo(2 + TrainingData.NEAR_CRITICAL_MIN);
        assertThatThrownBy(() -> TrainingData.generate(5, 1, null, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
