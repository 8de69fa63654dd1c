/**
 * Phase-transition detection and adaptive steering, pure Java (no Kafka, DJL or Vert.x).
 *
 * <p>{@link io.topowatch.alert.TransitionDetector} takes one sample's scored setpoints
 * ({@link io.topowatch.alert.Observation}) one at a time, with the state it returned last
 * ({@link io.topowatch.alert.TransitionState}), and raises a {@link io.topowatch.alert.TransitionAlert} when a
 * two-segment change-point fit of P(topological) ({@link io.topowatch.alert.ChangePoint}) and a hysteresis band
 * around ½ agree that the topology changed; after every point it suggests where to measure next
 * ({@link io.topowatch.alert.Suggestion}). Every parameter is in {@link io.topowatch.alert.DetectorSettings}.
 * {@link io.topowatch.alert.DetectionEvaluation} scores the detector on sweeps with known truth
 * ({@code topowatch detect-eval}). The Kafka Streams stage is {@code io.topowatch.stream.TransitionStage}.
 */
package io.topowatch.alert;
