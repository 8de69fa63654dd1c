package io.topowatch.model;

import io.topowatch.spectrum.SampleTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores samples with a topology classifier. Implementations must be safe to call from several stream
 * threads at once.
 */
public interface Scorer extends AutoCloseable {

    Prediction score(SampleTensor sample);

    /**
     * Scores several samples, in order; implementations that can (DJL) do it in one batched call. The
     * answers are those of {@link #score} one by one.
     */
    default List<Prediction> scoreAll(List<SampleTensor> samples) {
        List<Prediction> out = new ArrayList<>(samples.size());
        for (SampleTensor sample : samples) {
            out.add(score(sample));
        }
        return out;
    }

    String modelVersion();

    @Override
    void close();
}
