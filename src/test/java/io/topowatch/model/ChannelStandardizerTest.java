package io.topowatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelStandardizerTest {

    private static final double TOLERANCE = 1e-9;
    private static final int SI = ElementChannels.indexOf("Si").orElseThrow();
    private static final int FE = ElementChannels.indexOf("Fe").orElseThrow();
    private static final int BI = ElementChannels.indexOf("Bi").orElseThrow();

    @Test
    void statisticsComeOnlyFromSamplesWhereTheChannelIsPresent() {
        // Si present at constant 1 and constant 3: mean 2, population std 1. The Fe-only sample's zero Si
        // channel must not count.
        ChannelStandardizer s = ChannelStandardizer.fit(List.of(
                sample(Map.of("Si", constant(1f))), sample(Map.of("Si", constant(3f))),
                sample(Map.of("Fe", constant(5f)))));

        assertThat(s.means()[SI]).isCloseTo(2.0, within(TOLERANCE));
        assertThat(s.stds()[SI]).isCloseTo(1.0, within(TOLERANCE));
        assertThat(s.means()[FE]).isCloseTo(5.0, within(TOLERANCE));
        assertThat(s.stds()[FE]).isEqualTo(ChannelStandardizer.STD_FLOOR);
        assertThat(s.means()[BI]).isZero();
        assertThat(s.stds()[BI]).isEqualTo(1.0);
    }

    @Test
    void absentChannelsStayZeroAndPresentOnesAreStandardised() {
        ChannelStandardizer s = ChannelStandardizer.fit(List.of(
                sample(Map.of("Si", constant(1f), "Fe", constant(2f))), sample(Map.of("Si", constant(3f)))));
        // A sample whose absent Bi channel holds stray values: they must not leak into the network input.
        SampleTensor probe = sample(Map.of("Si", constant(4f)));
        float[] raw = probe.values().clone();
        Arrays.fill(raw, BI * ElementChannels.POINTS, (BI + 1) * ElementChannels.POINTS, 9f);
        SampleTensor stray = new SampleTensor(raw, probe.present(), probe.spaceGroup());

        float[] z = s.apply(stray);

        for (int c = 0; c < ElementChannels.CHANNELS; c++) {
            float[] channel = Arrays.copyOfRange(z, c * ElementChannels.POINTS, (c + 1) * ElementChannels.POINTS);
            if (c == SI) {
                assertThat(channel).containsOnly(2f); // (4 − 2) / 1
            } else {
                assertThat(channel).as("channel %d", c).containsOnly(0f);
            }
        }
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ChannelStandardizer s = ChannelStandardizer.fit(List.of(sample(Map.of("Si", ramp())),
                sample(Map.of("Si", constant(0.5f), "Bi", ramp()))));
        ObjectMapper json = new ObjectMapper();

        ChannelStandardizer back = json.readValue(json.writeValueAsString(s), ChannelStandardizer.class);

        assertThat(back).isEqualTo(s);
        assertThat(ChannelStandardizer.identity().apply(sample(Map.of("Si", ramp()))))
                .containsExactly(sample(Map.of("Si", ramp())).values());
    }

    private static SampleTensor sample(Map<String, float[]> spectra) {
        return SampleTensor.assemble(spectra, 225);
    }

    private static float[] constant(float value) {
        float[] v = new float[ElementChannels.POINTS];
        Arrays.fill(v, value);
        return v;
    }

    private static float[] ramp() {
        float[] v = new float[ElementChannels.POINTS];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 100f;
        }
        return v;
    }
}
