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

    /** The strain (%) where the gap closes at Γ at zero field, or NaN when α = 0. */
    public double criticalStrain() {
        return alpha != 0 ? (CRITICAL_MASS - m0) / alpha : Double.NaN;
    }

    /**
     * Every control value in [from, to] of a sweep of {@code variable} (the other variable at zero) where the
     * QWZ gap closes: m = ±2 (at Γ, at M) or m = 0 (at X and Y), in increasing order. Exact: m is linear.
     */
    public java.util.List<Double> criticalPoints(Sweep.Variable variable, double from, double to) {
        double slope = variable == Sweep.Variable.FIELD ? -g : alpha;
        java.util.List<Double> points = new java.util.ArrayList<>();
        if (slope == 0) {
            return points;
        }
        for (double critical : new double[] {-CRITICAL_MASS, 0, CRITICAL_MASS}) {
            double x = (critical - m0) / slope;
            if (x >= Math.min(from, to) && x <= Math.max(from, to)) {
                points.add(x);
            }
        }
        points.sort(null);
        return points;
    }

    /** Whether the bands at this setpoint are inverted (Chern number ≠ 0). */
    public boolean topologicalAt(double fieldT, double strainPct) {
        double m = Math.abs(mass(fieldT, strainPct));
        return m > 0 && m < CRITICAL_MASS;
    }
}
