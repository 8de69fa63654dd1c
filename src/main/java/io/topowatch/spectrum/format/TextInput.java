package io.topowatch.spectrum.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Reading text files and numbers the same strict way in every reader. */
final class TextInput {

    /** Files larger than this are refused rather than read into memory. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    /**
     * A number as XDI and column files write it: optional sign, digits with an optional point, an optional
     * exponent (E or Fortran's D). Not NaN, not Infinity, not hexadecimal, not {@code 1.2.3}, no suffix.
     */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eEdD][+-]?\\d+)?");


    private TextInput() {}

    /**
     * The file's text. Undecodable bytes become U+FFFD, so any content reads; only I/O fails.
     *
     * @throws IOException with a one-line reason: no such file, a directory, unreadable, too large
     */
    static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, expected a data file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": not readable");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes, more than the " + MAX_BYTES + " a scan file may have");
        }
        return decode(Files.readAllBytes(file));
    }

    /** UTF-8, with malformed bytes replaced (old files are often Latin-1 in free-text fields). */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("replacing decoder failed", e);
        }
    }

    /** Lines split at CR, LF or CR LF (all three are XDI end-of-line tokens); a final line break ends no line. */
    static List<String> lines(String text) {
        int[] bounds = lineBounds(text);
        List<String> lines = new java.util.ArrayList<>(bounds[0]);
        for (int k = 0; k < bounds[0]; k++) {
            lines.add(text.substring(bounds[1 + 2 * k], bounds[2 + 2 * k]));
        }
        return lines;
    }

    /**
     * The lines of {@link #lines} as offsets, so that a reader can scan a line without making it a String:
     * {@code [count, start0, end0, start1, end1, …]} (longer than needed).
     */
    static int[] lineBounds(String text) {
        int[] bounds = new int[2 * (text.length() / 24) + 9];
        int count = 0;
        int n = text.length();
        int start = 0;
        // String.indexOf is a vectorised intrinsic: find the next LF and the next CR with it, not char by char
        int nextLf = text.indexOf('\n');
        int nextCr = text.indexOf('\r');
        while (nextLf >= 0 || nextCr >= 0) {
            int i = nextCr < 0 || (nextLf >= 0 && nextLf < nextCr) ? nextLf : nextCr;
            if (2 * count + 3 > bounds.length) {
                bounds = java.util.Arrays.copyOf(bounds, 2 * bounds.length);
            }
            bounds[1 + 2 * count] = start;
            bounds[2 + 2 * count] = i;
            count++;
            if (i == nextCr && i + 1 < n && text.charAt(i + 1) == '\n') {
                i++;
            }
            start = i + 1;
            if (nextLf >= 0 && nextLf < start) {
                nextLf = text.indexOf('\n', start);
            }
            if (nextCr >= 0 && nextCr < start) {
                nextCr = text.indexOf('\r', start);
            }
        }
        if (start < n) {
            if (2 * count + 3 > bounds.length) {
                bounds = java.util.Arrays.copyOf(bounds, bounds.length + 2);
            }
            bounds[1 + 2 * count] = start;
            bounds[2 + 2 * count] = n;
            count++;
        }
        bounds[0] = count;
        return bounds;
    }

    /** Whether the text holds a NUL byte, the mark of a binary file. */
    static boolean looksBinary(String text) {
        return text.indexOf('\0') >= 0;
    }

    /**
     * Whether this token is a number in the strict sense of {@link #NUMBER}:
     * {@code [+-]?(digits[.digits?] | .digits)([eEdD][+-]?digits)?}. Scanned by hand because it runs for every
     * value of every row; {@code TextInputTest} checks it against the pattern.
     */
    static boolean isNumber(String token) {
        int n = token.length();
        int i = 0;
        if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < n && isDigit(token.charAt(i))) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < n && token.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(token.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && fracDigits == 0) {
            return false;
        }
        if (i < n && "eEdD".indexOf(token.charAt(i)) >= 0) {
            i++;
            if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(token.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The token's value; call only when {@link #isNumber(String)}. Fortran's D exponent is read as E. */
    static double parseNumber(String token) {
        boolean fortran = token.indexOf('d') >= 0 || token.indexOf('D') >= 0;
        return Double.parseDouble(fortran ? token.replace('d', 'e').replace('D', 'E') : token);
    }

    /** 10^0 … 10^22, the powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    /**
     * The value of {@code text[from, to)} when it is a number of {@link #NUMBER}'s grammar that converts
     * exactly without {@link Double#parseDouble}, else NaN (not a number, or not this fast case: the caller
     * then takes the general path). The fast case (Clinger, "How to read floating point numbers accurately",
     * PLDI 1990): at most 15 significant digits, so the digits form a long m &lt; 2<sup>53</sup> held exactly,
     * and a decimal exponent q with |q| ≤ 22, so 10<sup>|q|</sup> is exact too; then m·10<sup>q</sup> or
     * m/10<sup>−q</sup> is one correctly rounded operation, which is exactly what {@link #parseNumber} returns
     * ({@code TextInputTest} checks this on random decimals).
     */
    static double parseDecimal(CharSequence text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to) {
            char c = text.charAt(i);
            if (c == '+' || c == '-') {
                negative = c == '-';
                i++;
            }
        }
        long mantissa = 0;
        int significant = 0;
        int digits = 0;
        int scale = 0; // digits after the point
        boolean afterPoint = false;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '.' && !afterPoint) {
                afterPoint = true;
                i++;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            if (mantissa != 0 || c != '0') {
                if (++significant > 15) {
                    return Double.NaN;
                }
            }
            mantissa = mantissa * 10 + (c - '0');
            digits++;
            if (afterPoint) {
                scale++;
            }
            i++;
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to) {
            char c = text.charAt(i);
            if (c != 'e' && c != 'E' && c != 'd' && c != 'D') {
                return Double.NaN;
            }
            i++;
            boolean negativeExponent = false;
            if (i < to && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                negativeExponent = text.charAt(i) == '-';
                i++;
            }
            int expDigits = 0;
            while (i < to) {
                char d = text.charAt(i);
                if (d < '0' || d > '9' || ++expDigits > 3) {
                    return Double.NaN;
                }
                exponent = exponent * 10 + (d - '0');
                i++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        int q = exponent - scale;
        double value;
        if (mantissa == 0) {
            value = 0.0;
        } else if (q >= 0 && q <= 22) {
            value = (double) mantissa * EXACT_POWERS_OF_TEN[q];
        } else if (q < 0 && q >= -22) {
            value = (double) mantissa / EXACT_POWERS_OF_TEN[-q];
        } else {
            return Double.NaN;
        }
        return negative ? -value : value;
    }

    /** Whitespace-separated (space or tab) words of a line. */
    static String[] words(String line) {
        List<String> words = new java.util.ArrayList<>(8);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
        return words.toArray(new String[0]);
    }

    /** strip() removes every whitespace character, so words do the same at their edges. */
    static boolean isBlank(char c) {
        if (c > ' ' && c < 0x7F) {
            return false; // printable ASCII other than space: the common case, decided without the table
        }
        return c == ' ' || c == '\t' || Character.isWhitespace(c);
    }

    /** Whether every word of the line is a number (and there is at least one). */
    static boolean isNumericRow(String line) {
        String[] w = words(line);
        if (w.length == 0) {
            return false;
        }
        for (String t : w) {
            if (!isNumber(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The part of a line to quote in a message: control characters shown as '?', at most 40 characters, so
     * that garbage and binary input give a readable one-line message.
     */
    static String quote(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(40).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return "'" + b + (text.codePointCount(0, text.length()) > 40 ? "…" : "") + "'";
    }

    /** Why a token is not a number, for a message. */
    static String whyNotANumber(String token) {
        String t = token.toLowerCase(java.util.Locale.ROOT);
        if (t.matches("[+-]?(nan|inf|infinity)")) {
            return "found " + quote(token) + ", expected a finite number (NaN and infinity are not allowed)";
        }
        if (t.matches("[+-]?[0-9.]*\\.[0-9.]*\\.[0-9.]*([ed][+-]?\\d+)?")) {
            return "found malformed number " + quote(token) + ", expected a number like 1.5 or -2.3E+04";
        }
        if (t.matches("[+-]?[0-9.]+([ed][+-]?\\d*)?[^\\s]*")) {
            return "found malformed number " + quote(token) + ", expected a number like 1.5 or -2.3E+04";
        }
        return "found " + quote(token) + ", expected a number";
    }
}
