package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static float[] ramp() {
        float[] v = new float[ElementChannels.POINTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void oneEvIsAboutTwoPointsAtHalfAnEvPerPoint() {
        assertThat(Augmentation.STEP_EV).isCloseTo(0.5025, within(1e-4));
        float[] up = Augmentation.shift(ramp(), 1.0);
        float[] down = Augmentation.shift(ramp(), -1.0);
        double points = 1.0 / Augmentation.STEP_EV;

        // Features move to higher energy: the value at i is the original at i − 1.99.
        assertThat(up[100]).isCloseTo((float) (100 - points), within(1e-4f));
        assertThat(down[100]).isCloseTo((float) (100 + points), within(1e-4f));
    }

    @Test
    void edgeValuesAreHeld() {
        float[] up = Augmentation.shift(ramp(), 1.0);
        float[] down = Augmentation.shift(ramp(), -1.0);

        assertThat(up[0]).isZero();
        assertThat(up[1]).isZero();
        assertThat(down[ElementChannels.POINTS - 1]).isEqualTo(ElementChannels.POINTS - 1);
        assertThat(down[ElementChannels.POINTS - 2]).isEqualTo(ElementChannels.POINTS - 1);
    }

    @Test
    void zeroShiftIsTheIdentityAndAbsentChannelsStayZero() {
        SampleTensor t = SampleTensor.assemble(Map.of("Fe", ramp(), "O", ramp()), 14);
        SampleTensor shifted = Augmentation.shift(t, 1.0);

        assertThat(Augmentation.shift(ramp(), 0.0)).containsExactly(ramp());
        assertThat(shifted.present()).containsExactly(t.present());
        assertThat(shifted.spaceGroup()).isEqualTo(14);
        int absent = ElementChannels.indexOf("Bi").getAsInt();
        assertThat(shifted.channel(absent)).containsOnly(0f);
        assertThat(shifted.channel(ElementChannels.indexOf("Fe").getAsInt()))
                .containsExactly(Augmentation.shift(ramp(), 1.0));
    }

    @Test
    void trainingExamplesAreTheOriginalAndBothShiftsWithTheSampleWeight() {
        var samples = SyntheticSamples.generate(30, 1);
        SampleWeights weights = SampleWeights.fit(samples, true);
        var examples = TopoNetTrainer.examples(samples, weights, 1.0);

        assertThat(examples).hasSize(90);
        assertThat(examples.subList(0, 3)).extracting(TopoNetTrainer.Example::shiftEv).containsExactly(0.0, 1.0, -1.0);
        assertThat(examples.get(1).weight()).isEqualTo((float) weights.weight(samples.get(0)));
        assertThat(TopoNetTrainer.examples(samples, weights, 0.0)).hasSize(30);
    }
}
