package io.topowatch.alert;

import java.util.List;

/**
 * What the detector keeps per (experiment, sample), stored whole in the stream's state store after every
 * point: everything it needs, so a restarted stream continues exactly where it stopped.
 *
 * @param observations  one per setpoint (the latest score of it), in setpoint order
 * @param segmentFrom   control value from which (in sweep direction) the next transition is looked for: that
 *                      of the first evidence of the last alert; null before any alert
 * @param lastAlert     the last alert raised, or null; the next must go the other way
 * @param alertsRaised  alerts raised so far for this sample
 */
public record TransitionState(String experiment, String sample, List<Observation> observations, Double segmentFrom,
        TransitionAlert lastAlert, int alertsRaised) {

    public TransitionState {
        observations = observations == null ? List.of() : List.copyOf(observations);
    }

    public static TransitionState empty(String experiment, String sample) {
        return new TransitionState(experiment, sample, List.of(), null, null, 0);
    }
}
