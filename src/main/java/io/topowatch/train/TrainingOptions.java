package io.topowatch.train;

/**
 * How {@link TopoNetTrainer} trains (the network's own hyper-parameters are in
 * {@link io.topowatch.model.TopoNetConfig}). The defaults are the seed paper's protocol (section 1.1–1.2):
 * 70/10/20 split by {@link Splits}, ±1 eV augmentation of the training split, class- and element-rarity
 * sample weights, early stopping on the validation loss.
 *
 * @param epochs             maximum number of passes over the (augmented) training split (default 60)
 * @param batchSize          samples per Adam step (default 64)
 * @param learningRate       Adam learning rate (default 1e-3)
 * @param seed               seeds the split, shuffling, initialisation and dropout (default 42)
 * @param patience           stop after this many epochs without a lower validation loss (default 8)
 * @param validationFraction share of each class held out for validation, of all samples given, in (0, 1)
 *                           (default 0.1, the paper's)
 * @param testFraction       share of each class held out for the final test, in [0, 1) (default 0.2, the
 *                           paper's; 0 when the data's own test split is kept elsewhere, see
 *                           {@link #forPresplitData()})
 * @param augmentShiftEv     training spectra are also used shifted by ± this many eV (default 1.0, the
 *                           paper's; 0 turns augmentation off)
 * @param elementWeighting   weight samples by the rarity of their elements as well as by class (default true)
 * @param version            version string written into the model artifact (default "dev")
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, int seed, int patience,
        double validationFraction, double testFraction, double augmentShiftEv, boolean elementWeighting,
        String version) {

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
        if (!(testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be >= 0 and leave training data, got "
                    + testFraction);
        }
        if (!(augmentShiftEv >= 0) || Double.isInfinite(augmentShiftEv)) {
            throw new IllegalArgumentException("augmentShiftEv must be finite and >= 0, got " + augmentShiftEv);
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version must not be blank");
        }
    }

    /** The paper's protocol: 70/10/20, ±1 eV augmentation, class and element weights. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(60, 64, 1e-3, 42, 8, Splits.PAPER_VALIDATION, Splits.PAPER_TEST,
                Augmentation.PAPER_SHIFT_EV, true, "dev");
    }

    /**
     * For data whose test split is held out elsewhere (a {@code dataset} folder's train + validation, about
     * 90 % of all data): no test part, and 0.125 of what is given for validation (the paper's 10 % of all).
     */
    public static TrainingOptions forPresplitData() {
        return defaults().withFractions(0.125, 0);
    }

    public TrainingOptions withEpochs(int newEpochs) {
        return new TrainingOptions(newEpochs, batchSize, learningRate, seed, patience, validationFraction,
                testFraction, augmentShiftEv, elementWeighting, version);
    }

    public TrainingOptions withBatchSize(int newBatchSize) {
        return new TrainingOptions(epochs, newBatchSize, learningRate, seed, patience, validationFraction,
                testFraction, augmentShiftEv, elementWeighting, version);
    }

    public TrainingOptions withLearningRate(double newLearningRate) {
        return new TrainingOptions(epochs, batchSize, newLearningRate, seed, patience, validationFraction,
                testFraction, augmentShiftEv, elementWeighting, version);
    }

    public TrainingOptions withSeed(int newSeed) {
        return new TrainingOptions(epochs, batchSize, learningRate, newSeed, patience, validationFraction,
                testFraction, augmentShiftEv, elementWeighting, version);
    }

    public TrainingOptions withPatience(int newPatience) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, newPatience, validationFraction,
                testFraction, augmentShiftEv, elementWeighting, version);
    }

    /** Validation and test fractions of all samples given. */
    public TrainingOptions withFractions(double newValidationFraction, double newTestFraction) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, patience, newValidationFraction,
                newTestFraction, augmentShiftEv, elementWeighting, version);
    }

    public TrainingOptions withAugmentShiftEv(double newShiftEv) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, patience, validationFraction,
                testFraction, newShiftEv, elementWeighting, version);
    }

    public TrainingOptions withElementWeighting(boolean on) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, patience, validationFraction,
                testFraction, augmentShiftEv, on, version);
    }

    public TrainingOptions withVersion(String newVersion) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, patience, validationFraction,
                testFraction, augmentShiftEv, elementWeighting, newVersion);
    }
}
