package io.topowatch.spectrum.format;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names of X-ray absorption edges as the XDI 1.0 dictionary lists them for {@code Element.edge}: K, L1–L3, M1–M5,
 * N1–N7, O1–O7, P1–P3, plus the shell-only names K, L, M, N, O, P that libxdi also accepts (xdifile.h,
 * {@code ValidEdges}).
 */
public final class AbsorptionEdges {

    private static final List<String> EDGES = List.of(
            "K",
            "L", "L1", "L2", "L3",
            "M", "M1", "M2", "M3", "M4", "M5",
            "N", "N1", "N2", "N3", "N4", "N5", "N6", "N7",
            "O", "O1", "O2", "O3", "O4", "O5", "O6", "O7",
            "P", "P1", "P2", "P3");

    private AbsorptionEdges() {}

    /** Every accepted edge name, in upper case. */
    public static List<String> all() {
        return EDGES;
    }

    /** The edge name in upper case ("l3" gives "L3"), or empty when it is not an edge. */
    public static Optional<String> edge(String anyCase) {
        if (anyCase == null) {
            return Optional.empty();
        }
        String upper = anyCase.strip().toUpperCase(Locale.ROOT);
        return EDGES.contains(upper) ? Optional.of(upper) : Optional.empty();
    }
}
