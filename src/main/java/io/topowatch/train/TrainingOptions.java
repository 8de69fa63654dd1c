package io.topowatch.train;

/**
 * How {@link TopoNetTrainer} trains (the network's own hyper-parameters are in
 * {@link io.topowatch.model.TopoNetConfig}).
 *
 * @param epochs             maximum number of passes over the training split (default 60)
 * @param batchSize          samples per Adam step (default 64)
 * @param learningRate       Adam learning rate (default 1e-3)
 * @param seed               seeds the split, shuffling, initialisation and dropout (default 42)
 * @param patience           stop after this many epochs without a lower validation loss (default 8)
 * @param validationFraction share of each class held out for validation, in (0, 1); the default 0.125 is
 *                           the paper's 10 % of all data out of the 80 % that is not test data
 * @param version            version string written into the model artifact (default "dev")
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, int seed, int patience,
        double validationFraction, String version) {

    public TrainingOptions {
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs, batchSize and patience must be >= 1");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version must not be blank");
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(60, 64, 1e-3, 42, 8, 0.125, "dev");
    }

    public TrainingOptions withEpochs(int newEpochs) {
        return new TrainingOptions(newEpochs, batchSize, learningRate, seed, patience, validationFraction, version);
    }

    public TrainingOptions withBatchSize(int newBatchSize) {
        return new TrainingOptions(epochs, newBatchSize, learningRate, seed, patience, validationFraction, version);
    }

    public TrainingOptions withLearningRate(double newLearningRate) {
        return new TrainingOptions(epochs, batchSize, newLearningRate, seed, patience, validationFraction, version);
    }

    public TrainingOptions withSeed(int newSeed) {
        return new TrainingOptions(epochs, batchSize, learningRate, newSeed, patience, validationFraction, version);
    }

    public TrainingOptions withVersion(String newVersion) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, patience, validationFraction, newVersion);
    }
}
