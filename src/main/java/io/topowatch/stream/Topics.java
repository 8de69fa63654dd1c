package io.topowatch.stream;

import io.topowatch.alert.Suggestion;
import io.topowatch.alert.TransitionAlert;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the stream reads or writes. Names match the definitions in {@code topics/}; keys are
 * {@code <experiment>/<sample>} except where noted.
 */
public final class Topics {

    /** Raw scan records as producers send them; bytes, so that corrupt records reach the topology. */
    public static final Topic<String, byte[]> RAW_SCANS =
            new Topic<>("topowatch.scans.raw", Serdes.String(), Serdes.ByteArray());
    public static final Topic<String, NormalizedScan> NORMALIZED_SPECTRA =
            new Topic<>("topowatch.spectra.normalised", Serdes.String(), Json.serde(NormalizedScan.class));
    /** Keyed by {@code <experiment>/<sample>/<setpoint>}. */
    public static final Topic<String, SampleScore> SCORES =
            new Topic<>("topowatch.scores", Serdes.String(), Json.serde(SampleScore.class));
    public static final Topic<String, TrajectoryPoint> TRAJECTORIES =
            new Topic<>("topowatch.trajectories", Serdes.String(), Json.serde(TrajectoryPoint.class));
    /** Transition alerts ({@link io.topowatch.alert.TransitionAlert}), written by {@link TransitionStage}. */
    public static final Topic<String, TransitionAlert> ALERTS =
            new Topic<>("topowatch.alerts", Serdes.String(), Json.serde(TransitionAlert.class));
    /** Where to measure next ({@link io.topowatch.alert.Suggestion}), written by {@link TransitionStage}. */
    public static final Topic<String, Suggestion> SUGGESTIONS =
            new Topic<>("topowatch.suggestions", Serdes.String(), Json.serde(Suggestion.class));
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("topowatch.deadletters", Serdes.String(), Json.serde(DeadLetter.class));

    private Topics() {}

    public static String sampleKey(String experiment, String sample) {
        return experiment + "/" + sample;
    }
}
