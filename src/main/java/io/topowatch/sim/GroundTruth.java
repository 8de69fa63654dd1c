package io.topowatch.sim;

import java.util.List;

/**
 * What an experiment really did, recorded with it so alerts can be scored: for each sample its critical
 * points on the sweep and, at every setpoint, the mass, band gap and Chern number.
 *
 * @param variable "FIELD" (control {@code field_T}) or "STRAIN" (control {@code strain_pct})
 */
public record GroundTruth(String experiment, long seed, String simulatorVersion, String variable,
        List<SampleTruth> samples) {

    /**
     * @param labelTopological the material's real label, which its zero-field, zero-strain state matches
     * @param criticalPoints   control values in the sweep's range where the gap closes, in increasing order
     * @param crosses          whether the Chern number changes along the sweep
     */
    public record SampleTruth(String sample, String formula, int spaceGroup, boolean labelTopological, double m0,
            double g, double alpha, List<Double> criticalPoints, boolean crosses, List<SetpointTruth> setpoints) {}

    /** The exact state at one setpoint; {@code topological} is chern ≠ 0. */
    public record SetpointTruth(int setpoint, double value, double mass, double gap, int chern, boolean topological) {}
}
