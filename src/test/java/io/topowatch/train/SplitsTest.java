package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** Samples of 1–6 elements drawn with Zipf-like frequencies, so many elements are rare. */
    private static List<LabelledSample> skewed(int n, long seed) {
        Random random = new Random(seed);
        List<String> symbols = ElementChannels.symbols();
        List<LabelledSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, float[]> spectra = new TreeMap<>();
            int count = 1 + random.nextInt(6);
            while (spectra.size() < count) {
                int k = (int) Math.min(symbols.size() - 2, Math.floor(Math.pow(random.nextDouble(), 3) * symbols.size()));
                spectra.put(symbols.get(k), new float[ElementChannels.POINTS]);
            }
            out.add(new LabelledSample("s" + i, SampleTensor.assemble(spectra, 1 + random.nextInt(230)),
                    random.nextDouble() < 0.2));
        }
        // One element in exactly three samples, the hardest case the guarantee covers.
        for (int i = 0; i < 3; i++) {
            out.add(new LabelledSample("trio" + i, SampleTensor.assemble(Map.of(symbols.get(symbols.size() - 1),
                    new float[ElementChannels.POINTS], "O", new float[ElementChannels.POINTS]), 1), i == 0));
        }
        return out;
    }

    private static Map<String, Integer> elementCounts(List<LabelledSample> part) {
        Map<String, Integer> counts = new HashMap<>();
        part.forEach(s -> s.tensor().presentElements().keySet().forEach(e -> counts.merge(e, 1, Integer::sum)));
        return counts;
    }

    @Test
    void everyElementInAtLeastThreeSamplesIsInEveryPart() {
        for (long seed = 1; seed <= 5; seed++) {
            List<LabelledSample> samples = skewed(600, seed);
            Splits split = Splits.paper(samples, seed);
            Map<String, Integer> all = elementCounts(samples);
            List<Map<String, Integer>> parts = List.of(elementCounts(split.train()),
                    elementCounts(split.validation()), elementCounts(split.test()));
            assertThat(all.values()).contains(3);
            all.forEach((element, count) -> {
                if (count >= Splits.MIN_OCCURRENCES) {
                    for (Map<String, Integer> part : parts) {
                        assertThat(part).as("element %s (%d samples)", element, count).containsKey(element);
                    }
                }
            });
        }
    }

    @Test
    void splitsEachClassSeventyTenTwentyAndLosesNothing() {
        List<LabelledSample> samples = skewed(1000, 9);
        Splits split = Splits.paper(samples, 3);
        long positives = samples.stream().filter(LabelledSample::topological).count();
        long negatives = samples.size() - positives;

        assertThat(split.train().size() + split.validation().size() + split.test().size()).isEqualTo(samples.size());
        assertThat(split.train().stream().map(LabelledSample::id)
                .filter(id -> split.test().stream().anyMatch(s -> s.id().equals(id)))).isEmpty();
        assertThat(split.validation().stream().filter(LabelledSample::topological).count())
                .isEqualTo(Math.round(0.1 * positives));
        assertThat(split.test().stream().filter(LabelledSample::topological).count())
                .isEqualTo(Math.round(0.2 * positives));
        assertThat(split.test().stream().filter(s -> !s.topological()).count()).isEqualTo(Math.round(0.2 * negatives));
        assertThat(split.validation().stream().filter(s -> !s.topological()).count())
                .isEqualTo(Math.round(0.1 * negatives));
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        List<LabelledSample> samples = skewed(500, 4);
        Splits a = Splits.paper(samples, 11);
        Splits b = Splits.paper(skewed(500, 4), 11);
        Splits c = Splits.paper(samples, 12);

        assertThat(ids(b.test())).isEqualTo(ids(a.test()));
        assertThat(ids(b.validation())).isEqualTo(ids(a.validation()));
        assertThat(ids(c.test())).isNotEqualTo(ids(a.test()));
    }

    @Test
    void noTestPartWhenItsFractionIsZero() {
        List<LabelledSample> samples = skewed(300, 5);
        Splits split = Splits.of(samples, 0.125, 0, 1);

        assertThat(split.test()).isEmpty();
        assertThat(split.train().size() + split.validation().size()).isEqualTo(samples.size());
    }

    private static List<String> ids(List<LabelledSample> part) {
        return part.stream().map(LabelledSample::id).toList();
    }
}
