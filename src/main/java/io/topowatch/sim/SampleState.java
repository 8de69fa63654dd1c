package io.topowatch.sim;

/**
 * How a simulated sample's band mass responds to the control variables:
 * m(B, ε) = m0 − g·B + α·ε for field B (T) and strain ε (%). Its bands are a {@link QwzModel} of that mass.
 *
 * @param m0       mass at zero field and strain: &gt; 2 trivial, 0..2 topological
 * @param g        field coupling, per tesla
 * @param alpha    strain coupling, per percent
 */
public record SampleState(double m0, double g, double alpha) {

    /** The critical mass where the gap closes at Γ. */
    public static final double CRITICAL_MASS = 2.0;

    public double mass(double fieldT, double strainPct) {
        return m0 - g * fieldT + alpha * strainPct;
    }

    public QwzModel bands(double fieldT, double strainPct) {
        return new QwzModel(mass(fieldT, strainPct));
    }

    /** The field where the gap closes at zero strain, or NaN when it never does for a positive field. */
    public double criticalField() {
        double b = (m0 - CRITICAL_MASS) / g;
        return g != 0 && b > 0 ? b : Double.NaN;
    }

    /** Whether the bands at this setpoint are inverted (Chern number ≠ 0). */
    public boolean topologicalAt(double fieldT, double strainPct) {
        double m = Math.abs(mass(fieldT, strainPct));
        return m > 0 && m < CRITICAL_MASS;
    }
}
