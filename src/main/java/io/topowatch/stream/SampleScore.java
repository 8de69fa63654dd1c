package io.topowatch.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The classifier's probability for one sample at one setpoint, with the scans it rests on.
 *
 * @param elements        the elements whose spectra went into the tensor
 * @param partial         true when the assembly timed out before every expected element arrived
 * @param missingElements the expected elements that were missing (empty unless {@code partial})
 * @param modelVersion    the model version that produced the probability
 */
public record SampleScore(
        String experiment,
        String sample,
        int setpoint,
        Map<String, Double> control,
        int spaceGroup,
        List<String> elements,
        List<String> scanIds,
        double probability,
        double uncertainty,
        String modelVersion,
        Instant scoredAt,
        boolean partial,
        List<String> missingElements) {}
