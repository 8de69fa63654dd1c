package io.topowatch.spectrum.format;

import java.util.Objects;

/**
 * One finding about an input file: an {@link Severity#ERROR} makes the data unusable, a {@link Severity#WARNING}
 * leaves them usable (a recommended field is missing, a value is out of range, something was skipped).
 *
 * @param severity error or warning
 * @param file     the source name as given to the reader (a path, or a test's name)
 * @param line     1-based line number, or 0 when the finding is not bound to one line
 * @param message  what was found and what was expected
 */
public record Diagnostic(Severity severity, String file, int line, String message) {

    /** How bad a finding is. */
    public enum Severity {
        /** The file cannot be used. */
        ERROR,
        /** The file can be used; something is missing, odd or out of range. */
        WARNING;

        /** "error" or "warning", as printed. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 (not line-bound) or positive, got " + line);
        }
    }

    public static Diagnostic error(String file, int line, String message) {
        return new Diagnostic(Severity.ERROR, file, line, message);
    }

    public static Diagnostic warning(String file, int line, String message) {
        return new Diagnostic(Severity.WARNING, file, line, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code error: FILE:LINE: message}, the form {@code topowatch validate} prints. */
    @Override
    public String toString() {
        return severity.label() + ": " + file + ":" + line + ": " + message;
    }
}
