package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

    /**
     * Like {@link #skewed} but drawn from {@code n}·2/3 "materials" with replacement, as TrainingData draws
     * them, so many formulas occur several times; a few formulas hold both classes (near-critical samples of one
     * material are labelled by their own invariant).
     */
    private static List<LabelledSample> repeated(int n, long seed) {
        List<LabelledSample> materials = skewed(n * 2 / 3, seed);
        Random random = new Random(seed + 100);
        List<LabelledSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(materials.size());
            LabelledSample m = materials.get(k);
            boolean label = random.nextDouble() < 0.05 ? !m.topological() : m.topological();
            out.add(new LabelledSample("r" + i, m.tensor(), label, "formula-" + k));
        }
        return out;
    }

    @Test
    void aFormulaNeverLandsInTwoParts() {
        for (long seed = 1; seed <= 4; seed++) {
            List<LabelledSample> samples = repeated(900, seed);
            Splits split = Splits.paper(samples, seed);
            Set<String> train = groups(split.train());
            Set<String> validation = groups(split.validation());
            Set<String> test = groups(split.test());

            assertThat(train).doesNotContainAnyElementsOf(validation).doesNotContainAnyElementsOf(test);
            assertThat(validation).doesNotContainAnyElementsOf(test);
            assertThat(split.train().size() + split.validation().size() + split.test().size())
                    .isEqualTo(samples.size());
        }
    }

    @Test
    void groupedSplitsStayStratifiedAndKeepEveryElementInEveryPart() {
        List<LabelledSample> samples = repeated(1200, 7);
        Splits split = Splits.paper(samples, 7);
        long positives = samples.stream().filter(LabelledSample::topological).count();
        long largestGroup = samples.stream().collect(java.util.stream.Collectors.groupingBy(LabelledSample::group,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElseThrow();

        assertThat(largestGroup).isGreaterThan(1);
        assertThat(split.test().stream().filter(LabelledSample::topological).count())
                .isCloseTo(Math.round(0.2 * positives), org.assertj.core.data.Offset.offset(largestGroup));
        assertThat(split.validation().stream().filter(LabelledSample::topological).count())
                .isCloseTo(Math.round(0.1 * positives), org.assertj.core.data.Offset.offset(largestGroup));
        assertThat((double) split.test().size() / samples.size()).isBetween(0.17, 0.23);
        assertThat((double) split.validation().size() / samples.size()).isBetween(0.07, 0.13);

        // Elements found in at least MIN_OCCURRENCES groups are in every part.
        Map<String, Set<String>> groupsOf = new HashMap<>();
        samples.forEach(s -> s.tensor().presentElements().keySet()
                .forEach(e -> groupsOf.computeIfAbsent(e, x -> new java.util.HashSet<>()).add(s.group())));
        List<Map<String, Integer>> parts = List.of(elementCounts(split.train()), elementCounts(split.validation()),
                elementCounts(split.test()));
        groupsOf.forEach((element, g) -> {
            if (g.size() >= Splits.MIN_OCCURRENCES) {
                for (Map<String, Integer> part : parts) {
                    assertThat(part).as("element %s (%d groups)", element, g.size()).containsKey(element);
                }
            }
        });
    }

    @Test
    void withoutGroupsEachSampleIsItsOwnGroup() {
        LabelledSample s = skewed(1, 1).get(0);

        assertThat(s.group()).isEqualTo(s.id());
        assertThat(new LabelledSample("x", s.tensor(), true, " ").group()).isEqualTo("x");
    }

    private static Set<String> groups(List<LabelledSample> part) {
        return part.stream().map(LabelledSample::group).collect(java.util.stream.Collectors.toSet());
    }

    private static List<String> ids(List<LabelledSample> part) {
        return part.stream().map(LabelledSample::id).toList();
    }
}
