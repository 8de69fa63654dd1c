package io.topowatch.alert;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over experiment names: {@code *} any run of characters, {@code ?} one character, anything else
 * literal. Used for token scopes and subscription patterns.
 */
public final class Glob {

    private final String text;
    private final Pattern regex;

    private Glob(String text) {
        this.text = text;
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * @throws IllegalArgumentException when blank or longer than 200 characters
     */
    public static Glob of(String text) {
        Objects.requireNonNull(text, "pattern");
        if (text.isBlank() || text.length() > 200) {
            throw new IllegalArgumentException("a pattern must be 1..200 characters, got '" + text + "'");
        }
        return new Glob(text);
    }

    public boolean matches(String name) {
        return name != null && regex.matcher(name).matches();
    }

    public boolean hasWildcard() {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    /**
     * Whether every name {@code other} matches is also matched by this glob, decided conservatively: equal
     * globs, {@code *}, a wildcard-free {@code other} this matches, or a prefix glob {@code abc*} and an
     * {@code other} starting with {@code abc}.
     */
    public boolean covers(Glob other) {
        if (text.equals("*") || text.equals(other.text)) {
            return true;
        }
        if (!other.hasWildcard()) {
            return matches(other.text);
        }
        String prefix = text.substring(0, text.length() - 1);
        return text.endsWith("*") && !Glob.of(prefix.isEmpty() ? "x" : prefix).hasWildcard()
                && other.text.startsWith(prefix);
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
