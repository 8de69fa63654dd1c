package io.topowatch.train;

import io.topowatch.model.ModelArtifact;
import java.util.List;

/**
 * What {@link TopoNetTrainer#train} returns. The model is returned in memory, not written anywhere:
 * call {@code artifact().save(dir)} to persist it, or wrap it in a {@link io.topowatch.model.DjlScorer}.
 *
 * @param artifact           the model with the parameters of the best epoch (lowest validation loss)
 * @param history            every epoch run, in order (early stopping may end it before options.epochs)
 * @param bestEpoch          1-based epoch whose parameters the artifact holds
 * @param validationLoss     validation loss of that epoch
 * @param validationAccuracy validation accuracy of that epoch
 * @param validationIds      ids of the samples held out for validation (the rest trained the model)
 */
public record TrainingResult(ModelArtifact artifact, List<EpochStats> history, int bestEpoch,
        double validationLoss, double validationAccuracy, List<String> validationIds) {

    public TrainingResult {
        history = List.copyOf(history);
        validationIds = List.copyOf(validationIds);
    }
}
