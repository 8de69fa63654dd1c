package io.topowatch.train.source;

import java.util.Locale;
import java.util.Optional;

/** Topological labels as written in CSV files. */
final class Labels {

    /** What a label cell may say. */
    static final String ACCEPTED = "topological or trivial (also 1/0, true/false)";

    private Labels() {}

    /** The class of a label cell: true for topological; empty when it is none of {@link #ACCEPTED}. */
    static Optional<Boolean> parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "topological", "1", "true" -> Optional.of(true);
            case "trivial", "0", "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A space group 1–230, or empty. */
    static Optional<Integer> spaceGroup(String value) {
        try {
            int sg = Integer.parseInt(value.strip());
            return sg >= 1 && sg <= 230 ? Optional.of(sg) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return "'" + shown + "'";
    }
}
