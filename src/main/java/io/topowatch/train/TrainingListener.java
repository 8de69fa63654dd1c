package io.topowatch.train;

/**
 * Follows a training run as {@link TopoNetTrainer} goes: after every batch and every epoch. Called on the
 * training thread; implementations should be quick.
 */
public interface TrainingListener {

    /**
     * After each batch.
     *
     * @param epoch    1-based epoch
     * @param epochs   maximum epochs of the run
     * @param batch    1-based batch of this epoch
     * @param batches  batches per epoch
     * @param meanLoss mean batch loss of the epoch so far
     */
    default void onBatch(int epoch, int epochs, int batch, int batches, double meanLoss) {}

    /**
     * After each epoch's validation.
     *
     * @param improved whether this epoch has the lowest validation loss so far (its parameters are kept)
     */
    default void onEpoch(EpochStats stats, int epochs, boolean improved) {}

    /** When early stopping ends the run before the last epoch. */
    default void onEarlyStop(int patience, int bestEpoch) {}

    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {};
}
