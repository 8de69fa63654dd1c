package io.topowatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.topowatch.model.ChannelStandardizer;
import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.TopoNetBlock;
import io.topowatch.model.TopoNetConfig;
import io.topowatch.spectrum.SampleTensor;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke training on small separable data (STYLE: CI smoke-trains; accuracy bars on real data belong to a
 * slow profile). Trains twice in total: once shared, once more for the determinism check.
 */
class TopoNetTrainerTest {

    private static final int SAMPLES = 200;
    private static final double CHANCE_BEATING_ACCURACY = 0.8;
    private static final TrainingOptions OPTIONS = TrainingOptions.defaults()
            .withEpochs(3).withBatchSize(16).withSeed(17).withVersion("smoke-1");

    private static List<LabelledSample> samples;
    private static TrainingResult result;

    @BeforeAll
    static void train() throws Exception {
        samples = SyntheticSamples.generate(SAMPLES, 2024);
        result = new TopoNetTrainer().train(samples, OPTIONS);
    }

    @Test
    void learnsSeparableDataAndTheLossFalls() {
        assertThat(result.history()).hasSize(3);
        assertThat(result.validationAccuracy()).isGreaterThan(CHANCE_BEATING_ACCURACY);
        assertThat(result.history().get(2).trainLoss()).isLessThan(result.history().get(0).trainLoss());
        EpochStats best = result.history().stream().min(Comparator.comparingDouble(EpochStats::validationLoss))
                .orElseThrow();
        assertThat(result.bestEpoch()).isEqualTo(best.epoch());
        assertThat(result.validationLoss()).isEqualTo(best.validationLoss());
    }

    @Test
    void splitIsThePapersSeventyTenTwentyAndTheStandardiserSeesTrainingSamplesOnly() {
        Set<String> held = new HashSet<>(result.validationIds());
        Set<String> tested = new HashSet<>(result.testIds());
        List<SampleTensor> train = samples.stream().filter(s -> !held.contains(s.id()) && !tested.contains(s.id()))
                .map(LabelledSample::tensor).toList();
        long heldPositives = samples.stream().filter(s -> held.contains(s.id()) && s.topological()).count();
        long positives = samples.stream().filter(LabelledSample::topological).count();

        assertThat(held).hasSize(Math.toIntExact(Math.round(0.1 * positives)
                + Math.round(0.1 * (SAMPLES - positives))));
        assertThat(tested).hasSize(Math.toIntExact(Math.round(0.2 * positives)
                + Math.round(0.2 * (SAMPLES - positives)))).doesNotContainAnyElementsOf(held);
        assertThat(heldPositives).isEqualTo(Math.round(0.1 * positives));
        assertThat(result.artifact().metadata().metrics()).containsEntry("trainExamples", 3.0 * train.size());
        ChannelStandardizer standardizer = result.artifact().standardizer();
        assertThat(standardizer).isEqualTo(ChannelStandardizer.fit(train))
                .isNotEqualTo(ChannelStandardizer.fit(samples.stream().map(LabelledSample::tensor).toList()));
    }

    @Test
    void artifactRecordsProvenance() {
        ModelArtifact artifact = result.artifact();

        assertThat(artifact.version()).isEqualTo("smoke-1");
        assertThat(artifact.metadata().seed()).isEqualTo(17);
        assertThat(artifact.metadata().trainingDataHash()).isEqualTo(TopoNetTrainer.trainingDataHash(samples))
                .hasSize(64);
        assertThat(artifact.metadata().metrics()).containsEntry("validationAccuracy", result.validationAccuracy())
                .containsEntry("bestEpoch", (double) result.bestEpoch());
        assertThat(TopoNetTrainer.trainingDataHash(samples.subList(1, SAMPLES)))
                .isNotEqualTo(artifact.metadata().trainingDataHash());
    }

    @Test
    void heldOutTestMetricsAreEvaluatedAndStored() {
        Evaluation test = result.test().orElseThrow();

        assertThat(test.n()).isEqualTo(result.testIds().size());
        assertThat(test.auc()).isGreaterThan(CHANCE_BEATING_ACCURACY);
        assertThat(result.artifact().metadata().metrics())
                .containsEntry("test_auc", test.auc())
                .containsEntry("test_topological_recall", test.topological().recall())
                .containsEntry("test_trivial_precision", test.trivial().precision())
                .containsKeys("test_topological_f1", "test_trivial_f1", "test_trivial_recall",
                        "test_topological_precision", "test_samples");
    }

    @Test
    void presplitDataHasNoTestPart() throws Exception {
        TrainingResult presplit = new TopoNetTrainer().train(samples.subList(0, 80),
                TrainingOptions.forPresplitData().withEpochs(1).withBatchSize(16).withSeed(3));

        assertThat(presplit.testIds()).isEmpty();
        assertThat(presplit.test()).isEmpty();
        assertThat(presplit.validationIds()).hasSize(10);
        assertThat(presplit.artifact().metadata().metrics()).doesNotContainKey("test_auc");
    }

    @Test
    void theSameSeedGivesTheSameModel() throws Exception {
        TrainingResult again = new TopoNetTrainer().train(samples, OPTIONS);

        assertThat(again.artifact().parametersSha256()).isEqualTo(result.artifact().parametersSha256());
        assertThat(probabilities(again.artifact())).containsExactly(probabilities(result.artifact()));
        assertThat(again.history().stream().map(EpochStats::validationLoss).toList())
                .isEqualTo(result.history().stream().map(EpochStats::validationLoss).toList());
    }

    @Test
    void kernelL2PullsTheConvolutionKernelsTowardsZero() throws Exception {
        List<LabelledSample> few = samples.subList(0, 64);
        TrainingOptions fast = OPTIONS.withEpochs(3).withLearningRate(0.01);
        TopoNetConfig plain = new TopoNetConfig(List.of(8, 8, 4), 5, 2, 32, 32, 32, 0.3, 0.0, true);
        TopoNetConfig penalised = new TopoNetConfig(List.of(8, 8, 4), 5, 2, 32, 32, 32, 0.3, 1.0, true);

        double free = kernelSumOfSquares(new TopoNetTrainer(plain).train(few, fast).artifact());
        double shrunk = kernelSumOfSquares(new TopoNetTrainer(penalised).train(few, fast).artifact());

        assertThat(shrunk).isLessThan(0.8 * free);
    }

    @Test
    void refusesDataWithoutBothClasses() {
        List<LabelledSample> trivialOnly = samples.stream().filter(s -> !s.topological()).toList();

        assertThatThrownBy(() -> new TopoNetTrainer().train(trivialOnly, OPTIONS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topological");
    }

    private static double kernelSumOfSquares(ModelArtifact artifact) throws Exception {
        try (Model model = artifact.newModel()) {
            double sum = 0;
            for (Parameter kernel : ((TopoNetBlock) model.getBlock()).kernels()) {
                sum += kernel.getArray().square().sum().getFloat();
            }
            return sum;
        }
    }

    private static double[] probabilities(ModelArtifact artifact) throws Exception {
        try (DjlScorer scorer = new DjlScorer(artifact)) {
            return samples.stream().limit(20).mapToDouble(s -> scorer.score(s.tensor()).probability()).toArray();
        }
    }
}
