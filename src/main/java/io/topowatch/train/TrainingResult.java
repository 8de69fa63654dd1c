package io.topowatch.train;

import io.topowatch.model.ModelArtifact;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TopoNetTrainer#train} returns. The model is returned in memory, not written anywhere:
 * call {@code artifact().save(dir)} to persist it, or wrap it in a {@link io.topowatch.model.DjlScorer}.
 *
 * @param artifact           the model with the parameters of the best epoch (lowest validation loss); its
 *                           metadata metrics include {@code test_*} when there was a test split
 * @param history            every epoch run, in order (early stopping may end it before options.epochs)
 * @param bestEpoch          1-based epoch whose parameters the artifact holds
 * @param validationLoss     validation loss of that epoch
 * @param validationAccuracy validation accuracy of that epoch
 * @param validationIds      ids of the samples held out for validation
 * @param testIds            ids of the samples held out for the final test (empty when testFraction is 0)
 * @param test               the best model's evaluation on the test split (deterministic scoring), if any
 */
public record TrainingResult(ModelArtifact artifact, List<EpochStats> history, int bestEpoch,
        double validationLoss, double validationAccuracy, List<String> validationIds, List<String> testIds,
        Optional<Evaluation> test) {

    public TrainingResult {
        history = List.copyOf(history);
        validationIds = List.copyOf(validationIds);
        testIds = List.copyOf(testIds);
    }
}
