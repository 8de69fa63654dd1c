package io.topowatch.train;

import io.topowatch.spectrum.SampleTensor;

/**
 * One training example: a sample's tensor and its topological class.
 *
 * @param id          material or sample identifier, for reports
 * @param tensor      the 81 × 200 spectra and space group
 * @param topological true for a topological sample, false for a trivial one
 * @param group       what {@link Splits} keeps together: samples of one group never land in two parts. The
 *                    material's reduced formula ({@link Formulas#reduced}) where it is known, so the same
 *                    material cannot leak from training into validation or test; the id otherwise
 */
public record LabelledSample(String id, SampleTensor tensor, boolean topological, String group) {

    public LabelledSample {
        if (group == null || group.isBlank()) {
            group = id;
        }
    }

    /** A sample that is a group of its own (its id). */
    public LabelledSample(String id, SampleTensor tensor, boolean topological) {
        this(id, tensor, topological, null);
    }
}
