package io.topowatch.ingest;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link ScanDecoder}: reads a raw scan record from its UTF-8 bytes in one pass, numbers
 * converted in place straight into the {@code double[]} arrays, with no token objects, strings or boxes per
 * value. Databind spends most of a 500-point record's time on the 1,000–1,500 numbers; this does not.
 *
 * <p>It accepts only the plain shape producers write: one JSON object whose keys are {@link ScanRecord}'s
 * properties, each at most once; ASCII strings without escapes; numbers in JSON's grammar; {@code null}.
 * Anything else — a syntax error, an unknown or repeated key, an escape, a value databind would coerce
 * (a number for a string, 1.0 for an int), a timestamp databind refuses — makes {@link #read} return
 * {@code null}, and the decoder takes the databind path, which decides and words every error exactly as
 * before. So whatever this accepts, databind accepts too, with the same record; {@code ScanRecordReaderTest}
 * checks that, and that every number converts to {@link Double#parseDouble}'s exact bits. Like databind's
 * default, content after the closing brace is not read.
 */
final class ScanRecordReader {

    /** The JSON keys, in {@link ScanRecord}'s component order ({@code if} is {@code ifluor}). */
    private static final String[] KEYS = {
        "schema", "scanId", "experiment", "sample", "setpoint", "element", "edge", "control", "spaceGroup",
        "sampleElements", "energy", "mu", "i0", "it", "if", "timestamp",
    };
    private static final byte[][] KEY_BYTES = Arrays.stream(KEYS)
            .map(k -> k.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /** Longest number token read here; longer ones (databind allows up to 1,000 characters) go to databind. */
    private static final int MAX_NUMBER_LENGTH = 64;

    /** Eight bytes of the input at once, first byte lowest. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Thrown (preallocated, no stack trace) when the input is not the plain shape; never escapes. */
    private static final class Declined extends RuntimeException {
        Declined() {
            super(null, null, false, false);
        }
    }

    private static final Declined DECLINED = new Declined();

    private final byte[] b;
    private int i;

    private ScanRecordReader(byte[] json) {
        this.b = json;
    }

    /** The record, or null when the bytes are not the plain shape (the caller then uses databind). */
    static ScanRecord read(byte[] json) {
        try {
            return new ScanRecordReader(json).record();
        } catch (Declined | IndexOutOfBoundsException e) {
            // running off the end is truncated input: databind words that error
            return null;
        }
    }

    private ScanRecord record() {
        Object[] v = new Object[KEYS.length];
        boolean[] seen = new boolean[KEYS.length];
        skipSpace();
        expect('{');
        skipSpace();
        if (b[i] == '}') {
            i++;
        } else {
            while (true) {
                int key = key();
                if (seen[key]) {
                    throw DECLINED;
                }
                seen[key] = true;
                skipSpace();
                expect(':');
                skipSpace();
                v[key] = value(key);
                skipSpace();
                byte c = b[i++];
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw DECLINED;
                }
                skipSpace();
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Double> control = (Map<String, Double>) v[7];
        @SuppressWarnings("unchecked")
        List<String> sampleElements = (List<String>) v[9];
        return new ScanRecord((String) v[0], (String) v[1], (String) v[2], (String) v[3], (Integer) v[4],
                (String) v[5], (String) v[6], control, (Integer) v[8], sampleElements, (double[]) v[10],
                (double[]) v[11], (double[]) v[12], (double[]) v[13], (double[]) v[14], (Instant) v[15]);
    }

    /** The value of key number {@code key}, as databind would bind it; null for JSON null. */
    private Object value(int key) {
        if (b[i] == 'n') {
            expectNull();
            return null;
        }
        return switch (key) {
            case 4, 8 -> integer();
            case 7 -> control();
            case 9 -> strings();
            case 10, 11, 12, 13, 14 -> doubles();
            case 15 -> timestamp();
            default -> string();
        };
    }

    // ------------------------------------------------------------------------------------------------
    // Structure

    /** A key of the record: its index in {@link #KEYS}; anything else declines. */
    private int key() {
        int start = stringBody();
        int length = i - 1 - start;
        for (int k = 0; k < KEY_BYTES.length; k++) {
            byte[] name = KEY_BYTES[k];
            if (name.length == length && Arrays.equals(b, start, start + length, name, 0, length)) {
                return k;
            }
        }
        throw DECLINED;
    }

    private String string() {
        int start = stringBody();
        return new String(b, start, i - 1 - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads a string from its opening quote to past its closing quote; returns where its content starts.
     * Only printable ASCII without escapes: anything else is left to databind.
     */
    private int stringBody() {
        expect('"');
        int start = i;
        while (true) {
            byte c = b[i++];
            if (c == '"') {
                return start;
            }
            if (c < 0x20 || c == '\\') { // control characters (and, as bytes are signed, all of UTF-8's ≥ 0x80)
                throw DECLINED;
            }
        }
    }

    private Integer integer() {
        int start = i;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 + (b[i++] - '0');
            digits++;
        }
        // a fraction or exponent is a float databind would coerce; a leading zero, a syntax error
        if (digits == 0 || digits > 10 || (b[start + (negative ? 1 : 0)] == '0' && digits > 1)
                || (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'))) {
            throw DECLINED;
        }
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw DECLINED;
        }
        return (int) value;
    }

    private Map<String, Double> control() {
        expect('{');
        Map<String, Double> map = new LinkedHashMap<>();
        skipSpace();
        if (b[i] == '}') {
            i++;
            return map;
        }
        while (true) {
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            Double value;
            if (b[i] == 'n') {
                expectNull();
                value = null;
            } else {
                value = number();
            }
            map.put(name, value); // as databind's map binding: a repeated key keeps the last value
            if (endOfItem('}')) {
                return map;
            }
        }
    }

    private List<String> strings() {
        expect('[');
        List<String> list = new ArrayList<>();
        skipSpace();
        if (b[i] == ']') {
            i++;
            return list;
        }
        while (true) {
            if (b[i] == 'n') {
                expectNull();
                list.add(null);
            } else {
                list.add(string());
            }
            if (endOfItem(']')) {
                return list;
            }
        }
    }

    private double[] doubles() {
        expect('[');
        skipSpace();
        if (b[i] == ']') {
            i++;
            return new double[0];
        }
        double[] values = new double[256];
        int n = 0;
        while (true) {
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = number();
            if (endOfItem(']')) {
                return Arrays.copyOf(values, n);
            }
        }
    }

    /**
     * The ISO-8601 string. The form producers write, {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, is converted here
     * (databind's Instant deserializer parses it with ISO_INSTANT, strictly, to the same instant); any other
     * form is bound by that deserializer itself so that it means the same.
     */
    private Instant timestamp() {
        int from = i;
        stringBody();
        Instant plain = plainInstant(from + 1, i - 1);
        if (plain != null) {
            return plain;
        }
        try {
            return ScanDecoder.mapper().readValue(b, from, i - from, Instant.class);
        } catch (IOException e) {
            throw DECLINED;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} between the offsets as an Instant; null for anything else. */
    private Instant plainInstant(int from, int to) {
        int length = to - from;
        if (length < 20 || length > 30 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':' || b[to - 1] != 'Z') {
            return null;
        }
        int year = digits(from, 4);
        int month = digits(from + 5, 2);
        int day = digits(from + 8, 2);
        int hour = digits(from + 11, 2);
        int minute = digits(from + 14, 2);
        int second = digits(from + 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21; // between the point and the Z
            if (b[from + 19] != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(from + 20, fraction);
            for (int k = fraction; k < 9; k++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return null; // not plain (a leap second, say): databind's deserializer decides
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code at}, or −1 if one is not a digit. */
    private int digits(int at, int count) {
        int v = 0;
        for (int k = at; k < at + count; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** After an item: skips space, then a comma (true: more items) or {@code close} (false). */
    private boolean endOfItem(char close) {
        skipSpace();
        byte c = b[i++];
        if (c == ',') {
            skipSpace();
            return false;
        }
        if (c == close) {
            return true;
        }
        throw DECLINED;
    }

    private void expectNull() {
        if (b[i] != 'n' || b[i + 1] != 'u' || b[i + 2] != 'l' || b[i + 3] != 'l') {
            throw DECLINED;
        }
        i += 4;
    }

    private void expect(char c) {
        if (b[i++] != c) {
            throw DECLINED;
        }
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    private void skipSpace() {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Numbers

    /**
     * A number in JSON's grammar, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, converted to the
     * double {@link Double#parseDouble} gives: exactly by {@link DecimalConversion} when it can, else by
     * parseDouble itself.
     */
    private double number() {
        // position and input in locals: a field would put a store and a reload on every digit's path
        byte[] b = this.b;
        int p = i;
        int start = p;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int significant = 0; // digits from the first non-zero one on
        int intStart = p;
        // Digits one at a time until the first significant one, then eight at a time while eight follow
        // (one digit at a time is a multiply-add chain per digit, the slow part of a 17-digit number); after
        // a failed try the rest of the run goes one at a time rather than trying again at every digit.
        boolean eights = true;
        while (true) {
            if (eights && significant > 0 && p + 8 <= b.length) {
                int eight = eightDigits(b, p);
                if (eight >= 0) {
                    mantissa = mantissa * 100_000_000L + eight; // wraps past 19 digits: the general path then
                    significant += 8;
                    p += 8;
                    continue;
                }
                eights = false;
            }
            if (p >= b.length || b[p] < '0' || b[p] > '9') {
                break;
            }
            int d = b[p++] - '0';
            if (significant > 0 || d != 0) {
                significant++;
                mantissa = mantissa * 10 + d;
            }
        }
        int intDigits = p - intStart;
        if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
            throw DECLINED;
        }
        int scale = 0;
        if (p < b.length && b[p] == '.') {
            p++;
            int fracStart = p;
            eights = true;
            while (true) {
                if (eights && significant > 0 && p + 8 <= b.length) {
                    int eight = eightDigits(b, p);
                    if (eight >= 0) {
                        mantissa = mantissa * 100_000_000L + eight;
                        significant += 8;
                        p += 8;
                        continue;
                    }
                    eights = false;
                }
                if (p >= b.length || b[p] < '0' || b[p] > '9') {
                    break;
                }
                int d = b[p++] - '0';
                if (significant > 0 || d != 0) {
                    significant++;
                    mantissa = mantissa * 10 + d;
                }
            }
            scale = p - fracStart;
            if (scale == 0) {
                throw DECLINED;
            }
        }
        int exponent = 0;
        if (p < b.length && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            boolean negativeExponent = b[p] == '-';
            if (negativeExponent || b[p] == '+') {
                p++;
            }
            int expStart = p;
            while (p < b.length && b[p] >= '0' && b[p] <= '9') {
                exponent = exponent * 10 + (b[p++] - '0');
                if (p - expStart > 4) {
                    throw DECLINED; // 1e00001 … : rare, and past the fast and simple cases
                }
            }
            if (p == expStart) {
                throw DECLINED;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (p - start > MAX_NUMBER_LENGTH) {
            throw DECLINED;
        }
        i = p;
        if (significant == 0 && scale == 0 && p - start == intDigits + (negative ? 1 : 0)) {
            return 0.0; // an integer token: databind converts its long value, so "-0" is +0.0
        }
        double value = DecimalConversion.exact(mantissa, significant, exponent - scale);
        if (Double.isNaN(value)) {
            return Double.parseDouble(new String(b, start, p - start, StandardCharsets.ISO_8859_1));
        }
        return negative ? -value : value;
    }

    /**
     * The value of the eight ASCII digits at {@code at}, or −1 if any of the eight bytes is not a digit
     * (SWAR: a byte is a digit iff neither c − '0' nor c + 0x46 sets its top bit; then pairs, quads and the
     * eight are combined by three multiplications; D. Lemire, "Quickly parsing eight digits", 2018, as
     * FastDoubleParser writes it).
     */
    private static int eightDigits(byte[] b, int at) {
        long chunk = (long) EIGHT_BYTES.get(b, at);
        long val = chunk - 0x3030303030303030L;
        if ((((chunk + 0x4646464646464646L) | val) & 0x8080808080808080L) != 0) {
            return -1;
        }
        val = val * 10 + (val >>> 8);
        return (int) (((val & 0x000000FF000000FFL) * 0x000F424000000064L
                + ((val >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L) >>> 32);
    }
}
