package io.topowatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.topowatch.spectrum.SampleTensor;
import io.topowatch.train.LabelledSample;
import io.topowatch.train.SyntheticSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlScorerTest {

    private static final int THREADS = 4;
    private static final double BATCH_TOLERANCE = 1e-6;

    private static ModelArtifact artifact;
    private static List<SampleTensor> samples;
    private static DjlScorer scorer;

    @BeforeAll
    static void setUp() throws Exception {
        artifact = TestArtifacts.untrained("scorer-test", 5);
        samples = SyntheticSamples.generate(40, 123).stream().map(LabelledSample::tensor).toList();
        scorer = new DjlScorer(artifact);
    }

    @AfterAll
    static void tearDown() {
        scorer.close();
    }

    @Test
    void scoresWithTheArtifactVersionAndAnMcDropoutUncertainty() {
        Prediction p = scorer.score(samples.get(0));

        assertThat(scorer.mcPasses()).isEqualTo(DjlScorer.DEFAULT_MC_PASSES);
        assertThat(p.probability()).isStrictlyBetween(0.0, 1.0);
        assertThat(p.uncertainty()).isPositive().isLessThan(0.5);
        assertThat(p.modelVersion()).isEqualTo("scorer-test").isEqualTo(scorer.modelVersion());
        assertThat(scorer.score(samples.get(0))).isEqualTo(p);
    }

    @Test
    void withoutMcPassesTheScoreIsTheDenseNetworksAndHasNoUncertainty() throws Exception {
        try (DjlScorer deterministic = new DjlScorer(artifact, 0);
                ai.djl.Model model = artifact.newModel();
                ai.djl.inference.Predictor<SampleTensor, Double> dense =
                        model.newPredictor(new SampleTranslator(artifact.standardizer()))) {
            for (SampleTensor s : samples.subList(0, 10)) {
                Prediction p = deterministic.score(s);
                assertThat(p.uncertainty()).isZero();
                assertThat(p.probability()).isCloseTo(dense.predict(s), within(1e-5));
            }
        }
    }

    @Test
    void mcMeanStaysNearTheDeterministicScoreAndMorePassesAreAllowed() throws Exception {
        try (DjlScorer deterministic = new DjlScorer(artifact, 0); DjlScorer many = new DjlScorer(artifact, 200)) {
            for (SampleTensor s : samples.subList(0, 5)) {
                Prediction mc = many.score(s);
                assertThat(mc.probability()).isCloseTo(deterministic.score(s).probability(),
                        within(4 * mc.uncertainty() / Math.sqrt(200) + 0.02));
            }
        }
        assertThatThrownBy(() -> new DjlScorer(artifact, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fourThreadsAtOnceGetTheSingleThreadedAnswers() throws Exception {
        double[] expected = samples.stream().mapToDouble(s -> scorer.score(s).probability()).toArray();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                Callable<double[]> task = () -> {
                    start.await();
                    double[] out = new double[samples.size()];
                    // Each thread walks the samples from a different start so calls interleave.
                    for (int k = 0; k < samples.size(); k++) {
                        int i = (k + offset * 10) % samples.size();
                        out[i] = scorer.score(samples.get(i)).probability();
                    }
                    return out;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<double[]> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchScoringMatchesOneByOne() {
        List<Prediction> batch = scorer.scoreAll(samples.subList(0, 10));

        for (int i = 0; i < 10; i++) {
            Prediction single = scorer.score(samples.get(i));
            assertThat(batch.get(i).probability()).isCloseTo(single.probability(), within(BATCH_TOLERANCE));
            assertThat(batch.get(i).uncertainty()).isCloseTo(single.uncertainty(), within(BATCH_TOLERANCE));
        }
    }

    @Test
    void refusesToScoreAfterClose() throws Exception {
        DjlScorer closing = new DjlScorer(artifact);
        closing.score(samples.get(0));
        closing.close();
        closing.close();

        assertThatThrownBy(() -> closing.score(samples.get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
