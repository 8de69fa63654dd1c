package io.topowatch.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The classifier's probability for one sample at one setpoint, with the scans it rests on. */
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
        Instant scoredAt) {}
