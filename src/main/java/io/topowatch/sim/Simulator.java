package io.topowatch.sim;

/** Facts about the simulator as a whole. */
public final class Simulator {

    /**
     * Version of the simulated physics and measurement, recorded in datasets and ground truth. Bump it when
     * the spectra a seed produces change.
     */
    public static final String VERSION = "topowatch-sim/2.0";

    private Simulator() {}
}
