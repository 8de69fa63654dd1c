package io.topowatch.sim;

/**
 * How realistically a scan is measured: the detector mode, the counting statistics and the faults of a
 * real beamline. {@link #IDEAL} is the clean transmission measurement of the demo (counting noise and a
 * smooth 3 % I0 ripple only); {@link #REALISTIC} adds everything a monitor must survive.
 *
 * @param i0Counts              photons per point in I0: the counting noise of mu scales as 1/√i0Counts
 * @param fluorescenceFraction  share of scans measured in fluorescence (If/I0) instead of transmission
 *                              (ln(I0/It)); 0..1
 * @param driftAmplitude        relative amplitude of the slow I0 drift over a scan (beam decay, orbit)
 * @param glitchesPerScan       mean number of monochromator glitches per scan (Poisson): a point where the
 *                              flux dips and the detectors' ratio does not cancel, a spike in mu
 * @param calibrationEv         energy-calibration offsets are drawn uniformly in ±calibrationEv per scan
 * @param variedGrids           whether step sizes, extents and so point counts vary from scan to scan
 * @param missingScanProbability chance that a scan never arrives (its sample's setpoint stays incomplete)
 * @param outOfOrderProbability chance that a scan is delivered after the next one instead of before it
 */
public record Beamline(double i0Counts, double fluorescenceFraction, double driftAmplitude, double glitchesPerScan,
        double calibrationEv, boolean variedGrids, double missingScanProbability, double outOfOrderProbability) {

    public static final Beamline IDEAL = new Beamline(2.0e5, 0, 0.03, 0, 0, false, 0, 0);
    public static final Beamline REALISTIC = new Beamline(2.0e5, 0.3, 0.05, 0.3, 1.0, true, 0.01, 0.05);

    public Beamline {
        if (!(i0Counts >= 100)) {
            throw new IllegalArgumentException("i0Counts must be at least 100, got " + i0Counts);
        }
        requireFraction("fluorescenceFraction", fluorescenceFraction);
        requireFraction("missingScanProbability", missingScanProbability);
        requireFraction("outOfOrderProbability", outOfOrderProbability);
        if (!(driftAmplitude >= 0 && driftAmplitude < 0.5)) {
            throw new IllegalArgumentException("driftAmplitude must be in [0, 0.5), got " + driftAmplitude);
        }
        if (!(glitchesPerScan >= 0) || !(calibrationEv >= 0 && calibrationEv <= 5)) {
            throw new IllegalArgumentException("glitchesPerScan must be >= 0 and calibrationEv in [0, 5], got "
                    + glitchesPerScan + ", " + calibrationEv);
        }
    }

    public Beamline withI0Counts(double counts) {
        return new Beamline(counts, fluorescenceFraction, driftAmplitude, glitchesPerScan, calibrationEv, variedGrids,
                missingScanProbability, outOfOrderProbability);
    }

    public Beamline withFluorescenceFraction(double fraction) {
        return new Beamline(i0Counts, fraction, driftAmplitude, glitchesPerScan, calibrationEv, variedGrids,
                missingScanProbability, outOfOrderProbability);
    }

    /** The same measurement without the delivery faults (missing and out-of-order scans). */
    public Beamline delivered() {
        return new Beamline(i0Counts, fluorescenceFraction, driftAmplitude, glitchesPerScan, calibrationEv, variedGrids,
                0, 0);
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
