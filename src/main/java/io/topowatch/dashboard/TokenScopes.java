package io.topowatch.dashboard;

import io.topowatch.alert.Glob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's tokens and the experiments each may see.
 *
 * <p>Spec syntax ({@code dashboard.tokens}): comma-separated {@code token:pattern} entries, a token may appear
 * several times to get several patterns, patterns are {@link Glob}s ({@code *} = every experiment). A token
 * found with {@link #authenticate} is compared by SHA-256 digest with {@link MessageDigest#isEqual} against
 * every known token, so timing reveals neither which token nor its length.
 *
 * @param patterns token → its patterns (texts), in spec order
 */
public record TokenScopes(Map<String, List<String>> patterns) {

    /** What one authenticated token may see. */
    public record Scope(List<Glob> globs) {

        public static final Scope ALL = new Scope(List.of(Glob.of("*")));

        public boolean allows(String experiment) {
            for (Glob g : globs) {
                if (g.matches(experiment)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether every experiment {@code pattern} can match is one this scope allows (conservatively). */
        public boolean covers(Glob pattern) {
            for (Glob g : globs) {
                if (g.covers(pattern)) {
                    return true;
                }
            }
            return false;
        }

        public boolean all() {
            return globs.stream().anyMatch(g -> g.text().equals("*"));
        }
    }

    public TokenScopes {
        Objects.requireNonNull(patterns, "patterns");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("at least one dashboard token is required");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        patterns.forEach((token, globs) -> {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            if (globs == null || globs.isEmpty()) {
                throw new IllegalArgumentException("a token needs at least one experiment pattern");
            }
            globs.forEach(Glob::of);
            copy.put(token, List.copyOf(globs));
        });
        patterns = java.util.Collections.unmodifiableMap(copy);
    }

    /** One token for every experiment (the old {@code dashboard.token}). */
    public static TokenScopes single(String token) {
        Objects.requireNonNull(token, "token is required");
        return new TokenScopes(Map.of(token, List.of("*")));
    }

    /**
     * Parses {@code dashboard.tokens} and adds {@code allToken} (may be null or blank) with scope {@code *}.
     *
     * @throws IllegalArgumentException on a malformed entry or when no token results
     */
    public static TokenScopes parse(String spec, String allToken) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (allToken != null && !allToken.isBlank()) {
            map.computeIfAbsent(allToken.trim(), t -> new ArrayList<>()).add("*");
        }
        if (spec != null && !spec.isBlank()) {
            for (String entry : spec.split(",")) {
                String e = entry.trim();
                if (e.isEmpty()) {
                    continue;
                }
                int colon = e.lastIndexOf(':');
                if (colon <= 0 || colon == e.length() - 1) {
                    throw new IllegalArgumentException("dashboard.tokens entry '" + mask(e)
                            + "' must be token:experimentPattern");
                }
                map.computeIfAbsent(e.substring(0, colon).trim(), t -> new ArrayList<>())
                        .add(e.substring(colon + 1).trim());
            }
        }
        return new TokenScopes(map);
    }

    /** The spec string that {@link #parse} reads back to these scopes. */
    public String spec() {
        List<String> entries = new ArrayList<>();
        patterns.forEach((token, globs) -> globs.forEach(g -> entries.add(token + ":" + g)));
        return String.join(",", entries);
    }

    /** Any one token (the first), e.g. to print a dashboard link. */
    public String firstToken() {
        return patterns.keySet().iterator().next();
    }

    /** The scope of {@code candidate}, or null when it is no known token. */
    public Scope authenticate(String candidate) {
        if (candidate == null) {
            return null;
        }
        byte[] digest = sha256(candidate);
        List<String> found = null;
        for (Map.Entry<String, List<String>> e : patterns.entrySet()) {
            if (MessageDigest.isEqual(digest, sha256(e.getKey()))) {
                found = e.getValue();
            }
        }
        return found == null ? null : new Scope(found.stream().map(Glob::of).toList());
    }

    private static String mask(String entry) {
        int colon = entry.lastIndexOf(':');
        return colon < 0 ? "***" : "***" + entry.substring(colon);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** Keeps the secrets out of logs. */
    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        patterns.forEach((token, globs) -> globs.forEach(g -> entries.add("***:" + g)));
        return "TokenScopes" + entries;
    }
}
