package io.topowatch.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Provenance of a trained model, stored in {@code model.json}.
 *
 * @param createdAt        ISO-8601 instant the artifact was created (UTC)
 * @param seed             random seed used for the split, initialisation, dropout and shuffling
 * @param trainingDataHash SHA-256 (hex) of the training tensors and labels, in the order given to training
 * @param metrics          training metrics by name (e.g. validationLoss, validationAccuracy, bestEpoch)
 */
public record ModelMetadata(String createdAt, long seed, String trainingDataHash, Map<String, Double> metrics) {

    public ModelMetadata {
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
