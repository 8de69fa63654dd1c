package io.topowatch.train;

import io.topowatch.spectrum.SampleTensor;

/**
 * One training example: a sample's tensor and its topological class.
 *
 * @param id          material or sample identifier, for reports
 * @param tensor      the 81 × 200 spectra and space group
 * @param topological true for a topological sample, false for a trivial one
 */
public record LabelledSample(String id, SampleTensor tensor, boolean topological) {}
