package io.topowatch.spectrum.format;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to get the absorption coefficient mu(E) from a file's columns. Columns are named by label (case-insensitive)
 * or by 1-based index ("3").
 *
 * <ul>
 *   <li>{@link Auto}: from the labels, see {@link XasData#mu(MuSource)};</li>
 *   <li>{@link Stored}: a column that already holds mu (mutrans, mufluor, …);</li>
 *   <li>{@link Transmission}: mu = ln(I0 / It);</li>
 *   <li>{@link Fluorescence}: mu = (If1 + If2 + …) / I0, several fluorescence channels summed.</li>
 * </ul>
 */
public sealed interface MuSource {

    /** Choose from the column labels. */
    record Auto() implements MuSource {}

    /** A column that holds mu itself. */
    record Stored(String column) implements MuSource {}

    /** mu = ln(I0 / It). */
    record Transmission(String i0, String it) implements MuSource {}

    /** mu = (sum of the fluorescence channels) / I0. */
    record Fluorescence(String i0, List<String> fluorescence) implements MuSource {
        public Fluorescence {
            fluorescence = List.copyOf(fluorescence);
            if (fluorescence.isEmpty()) {
                throw new IllegalArgumentException("fluorescence needs at least one channel");
            }
        }
    }

    static MuSource auto() {
        return new Auto();
    }

    static MuSource stored(String column) {
        return new Stored(column);
    }

    static MuSource transmission(String i0, String it) {
        return new Transmission(i0, it);
    }

    static MuSource fluorescence(String i0, String... channels) {
        return new Fluorescence(i0, Arrays.asList(channels));
    }

    /**
     * Reads a user's choice: {@code auto}, {@code ln(i0/itrans)}, {@code (if1+if2)/i0} or {@code if/i0}, or one
     * column label or index (a stored mu).
     *
     * @throws IllegalArgumentException naming the accepted forms, when the text is none of them
     */
    static MuSource parse(String expression) {
        String e = expression == null ? "" : expression.strip();
        if (e.equalsIgnoreCase("auto")) {
            return auto();
        }
        Matcher ln = Expressions.LOG_RATIO.matcher(e);
        if (ln.matches()) {
            return transmission(ln.group(1), ln.group(2));
        }
        Matcher ratio = Expressions.SUM_RATIO.matcher(e);
        if (ratio.matches()) {
            String sum = ratio.group(1) != null ? ratio.group(1) : ratio.group(2);
            return new Fluorescence(ratio.group(3), Arrays.stream(sum.split("\\+")).map(String::strip).toList());
        }
        if (Expressions.WORD.matcher(e).matches()) {
            return stored(e);
        }
        throw new IllegalArgumentException("cannot read mu expression '" + expression
                + "': expected auto, ln(I0/It), (If1+If2+...)/I0, If/I0 or one column label");
    }

    /** Patterns for {@link #parse(String)}. */
    final class Expressions {
        private static final String W = "[A-Za-z0-9_]+";
        static final Pattern WORD = Pattern.compile(W);
        static final Pattern LOG_RATIO = Pattern.compile(
                "(?i)(?:ln|log)\\s*\\(\\s*(" + W + ")\\s*/\\s*(" + W + ")\\s*\\)");
        static final Pattern SUM_RATIO = Pattern.compile(
                "(?:\\(\\s*(" + W + "(?:\\s*\\+\\s*" + W + ")*)\\s*\\)|(" + W + "))\\s*/\\s*(" + W + ")");

        private Expressions() {}
    }
}
