package io.topowatch.spectrum;

/**
 * A warning raised while normalising a spectrum: the result is usable but should be looked at.
 *
 * @param kind    what is wrong
 * @param message the numbers behind it, for a person
 */
public record QualityFlag(Kind kind, String message) {

    /** The kinds of problem {@link PreEdge} reports. */
    public enum Kind {
        /** post(e0) − pre(e0) was negative: upside-down data (e.g. ln(It/I0) instead of ln(I0/It)). */
        NEGATIVE_EDGE_STEP,
        /** The edge step is not clearly above the noise of the pre-edge. */
        SMALL_EDGE_STEP,
        /** Single-point spikes (monochromator glitches, detector hiccups). */
        GLITCH,
        /** The measured e0 is far from the tabulated edge of the element. */
        E0_FAR_FROM_TABULATED,
        /** The measured energies do not span the classifier's window; the ends are held flat. */
        WINDOW_NOT_COVERED,
        /** Few points overall, or too few in the pre-edge or post-edge range for the fit asked for. */
        FEW_POINTS
    }

    public QualityFlag {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(message, "message");
    }
}
