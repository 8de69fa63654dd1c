package io.topowatch.train;

/**
 * One epoch of training.
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          class-weighted binary cross-entropy averaged over the epoch's batches (without
 *                           the L2 penalty, so it is comparable with the validation loss)
 * @param validationLoss     class-weighted binary cross-entropy on the validation split after the epoch
 * @param validationAccuracy share of validation samples classified correctly at threshold 0.5
 * @param seconds            wall-clock time of the epoch, validation included
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
        double seconds) {}
