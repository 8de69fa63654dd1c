package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleWeightsTest {

    private static LabelledSample sample(String id, boolean topological, String... elements) {
        Map<String, float[]> spectra = new java.util.TreeMap<>();
        for (String e : elements) {
            spectra.put(e, new float[ElementChannels.POINTS]);
        }
        return new LabelledSample(id, SampleTensor.assemble(spectra, 1), topological);
    }

    private static List<LabelledSample> train() {
        List<LabelledSample> out = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            out.add(sample("c" + i, i % 4 == 0, "Fe", "O"));
        }
        out.add(sample("rare", false, "Re", "O"));
        out.add(sample("rare-top", true, "Re", "O"));
        return out;
    }

    @Test
    void classWeightIsTheTrivialToTopologicalRatio() {
        SampleWeights w = SampleWeights.fit(train(), false);

        assertThat(w.positiveWeight()).isEqualTo(13.0 / 5.0);
        assertThat(w.weight(train().get(0))).isEqualTo(13.0 / 5.0);
        assertThat(w.weight(train().get(1))).isEqualTo(1.0);
    }

    @Test
    void rareElementsWeighMoreAndTheElementFactorAveragesOne() {
        List<LabelledSample> train = train();
        SampleWeights w = SampleWeights.fit(train, true);

        assertThat(w.elementFactor(train.get(16))).isGreaterThan(1.5 * w.elementFactor(train.get(1)));
        assertThat(train.stream().mapToDouble(w::elementFactor).average().orElseThrow()).isCloseTo(1.0, within(1e-12));
        // Same element factor, class weight on top.
        assertThat(w.weight(train.get(17)) / w.weight(train.get(16))).isCloseTo(w.positiveWeight(), within(1e-12));
    }
}
