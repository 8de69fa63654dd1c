package io.topowatch.spectrum;

import java.util.List;

/**
 * The full per-scan path the classifier expects: normalise with {@link PreEdge} (Larch's {@code pre_edge}
 * defaults), then resample the normalised mu onto the element's window.
 */
public final class Preprocessing {

    /**
     * A normalised spectrum on its element's window, with the edge parameters found on the way.
     *
     * @param flags the {@link PreEdge} warnings, including e0 far from the tabulated K edge and a window the
     *              data do not span
     */
    public record Windowed(double e0, double edgeStep, EnergyWindow window, float[] values, List<QualityFlag> flags) {
        public Windowed {
            flags = List.copyOf(flags);
        }
    }

    private Preprocessing() {}

    /**
     * Normalises {@code raw} and resamples {@code norm} onto {@link ElementChannels#window(String)}.
     *
     * @throws IllegalArgumentException if the element has no channel, or as {@link PreEdge#normalize}
     */
    public static Windowed toWindow(Spectrum raw, String element) {
        EnergyWindow window = ElementChannels.window(element);
        double edge = Elements.bySymbol(element).orElseThrow().kEdgeEv();
        // the lean form of PreEdge.normalize(raw, defaults, edge, window): the same e0, step, norm and flags
        PreEdge.Normalized r = PreEdge.normalizeForWindow(raw, PreEdgeParameters.defaults(), edge, window);
        float[] values = Resampler.resample(r.energy(), r::norm, window);
        return new Windowed(r.e0(), r.edgeStep(), window, values, r.flags());
    }
}
