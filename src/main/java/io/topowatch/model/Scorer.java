package io.topowatch.model;

import io.topowatch.spectrum.SampleTensor;

/**
 * Scores samples with a topology classifier. Implementations must be safe to call from several stream
 * threads at once.
 */
public interface Scorer extends AutoCloseable {

    Prediction score(SampleTensor sample);

    String modelVersion();

    @Override
    void close();
}
