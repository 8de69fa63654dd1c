package io.topowatch.train;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chemical formulas as grouping keys: "Bi4Se6", "Se3Bi2" and "Bi2Se3" are the same material. */
public final class Formulas {

    private static final Pattern TERM = Pattern.compile("([A-Z][a-z]?)(\\d*(?:\\.\\d+)?)");

    private Formulas() {}

    /**
     * The reduced formula in a canonical form: elements in alphabetical order, counts divided by their
     * greatest common divisor, a count of 1 written out ("Bi2Se3", "Ge1Te1"). A formula that is not a plain
     * sequence of element symbols and integer counts (parentheses, fractional occupancies) comes back
     * trimmed but otherwise unchanged, so it still groups with exactly equal spellings.
     */
    public static String reduced(String formula) {
        String f = formula.strip();
        Matcher m = TERM.matcher(f);
        Map<String, Long> counts = new TreeMap<>();
        int end = 0;
        while (m.find()) {
            if (m.start() != end || m.group(2).contains(".")) {
                return f;
            }
            long n = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
            counts.merge(m.group(1), n, Long::sum);
            end = m.end();
        }
        if (end != f.length() || counts.isEmpty()) {
            return f;
        }
        long gcd = 0;
        for (long n : counts.values()) {
            gcd = gcd(gcd, n);
        }
        if (gcd == 0) {
            return f;
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            out.append(e.getKey()).append(e.getValue() / gcd);
        }
        return out.toString();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
