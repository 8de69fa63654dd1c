package io.topowatch.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One point of a sample's probability trajectory against its control variables; the message the
 * dashboard pushes to browsers unchanged.
 *
 * @param partial         true when the sample was scored without all its elements (assembly timeout)
 * @param missingElements the expected elements that had not arrived (empty unless {@code partial})
 * @param scanIds         the scans the score rests on, so an alert can name them
 */
public record TrajectoryPoint(
        String type,
        String experiment,
        String sample,
        int setpoint,
        Map<String, Double> control,
        double probability,
        double uncertainty,
        String modelVersion,
        List<String> elements,
        Instant timestamp,
        boolean partial,
        List<String> missingElements,
        List<String> scanIds) {

    public static final String TYPE = "trajectory";

    public static TrajectoryPoint of(SampleScore s) {
        return new TrajectoryPoint(TYPE, s.experiment(), s.sample(), s.setpoint(), s.control(), s.probability(),
                s.uncertainty(), s.modelVersion(), s.elements(), s.scoredAt(), s.partial(), s.missingElements(),
                s.scanIds());
    }
}
