package io.topowatch.spectrum;

/** The full per-scan path the classifier expects: normalise, then resample onto the element's window. */
public final class Preprocessing {

    /** A normalised spectrum on its element's window, with the edge parameters found on the way. */
    public record Windowed(double e0, double edgeStep, EnergyWindow window, float[] values) {}

    private Preprocessing() {}

    public static Windowed toWindow(Spectrum raw, String element) {
        EnergyWindow window = ElementChannels.window(element);
        Normalization.Result norm = Normalization.normalize(raw, Normalization.Parameters.defaults());
        return new Windowed(norm.e0(), norm.edgeStep(), window, Resampler.resample(norm.normalized(), window));
    }
}
