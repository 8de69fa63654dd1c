package io.topowatch.model;

/**
 * The classifier's answer for one sample.
 *
 * @param probability  probability that the sample is topological, in (0, 1)
 * @param uncertainty  standard deviation of that probability (0 when the model gives none)
 * @param modelVersion version of the model that produced it
 */
public record Prediction(double probability, double uncertainty, String modelVersion) {}
