package io.topowatch.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link ScanDecoder}: reads a raw scan record with Jackson's streaming parser (the
 * decoder's own factory, with {@code USE_FAST_DOUBLE_PARSER}: Jackson's bundled FastDoubleParser, exact),
 * the arrays straight into {@code double[]} with no boxing, the other fields by name. Databind spends most
 * of a 500-point record's time on binding the 1,000–1,500 numbers into lists of boxes; this does not. The
 * bytes are decoded as strict UTF-8 first and parsed as chars: Jackson's char parser hands each number's
 * digits to the double parser in place, where its byte parser copies them first (≈ 10 % of the decode).
 *
 * <p>It reads only what databind would bind the same way without coercion: one JSON object whose keys are
 * {@link ScanRecord}'s properties, each at most once; strings for the strings; integer numbers in int range
 * for the ints; numbers for the doubles; {@code null} for any field or a {@code control} value or a
 * {@code sampleElements} item. Anything else — a syntax error, an unknown or repeated key, a value databind
 * would coerce or refuse (a number for a string, 1.0 for an int, a string or null in an array), bytes that
 * are not UTF-8, a byte order mark (the char parser does not skip one) — makes
 * {@link #read} return {@code null}, and the decoder takes the databind path, which decides and words every
 * error exactly as before. The timestamp is bound by databind's own Instant deserializer. Like databind's
 * default, content after the closing brace is not read. {@code ScanRecordReaderTest} checks that whatever
 * this accepts, databind reads the same record, number bits included.
 */
final class ScanRecordReader {

    /** Databind's Instant deserializer, applied to the timestamp token (one value per record, not hot). */
    private static final ObjectReader INSTANT = ScanDecoder.mapper().readerFor(Instant.class);

    /** Thrown (preallocated, no stack trace) when the input is not the plain shape; never escapes. */
    private static final class Declined extends RuntimeException {
        Declined() {
            super(null, null, false, false);
        }
    }

    private static final Declined DECLINED = new Declined();

    private ScanRecordReader() {}

    /** The record, or null when the bytes are not the plain shape (the caller then uses databind). */
    static ScanRecord read(byte[] json) {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            return null; // not UTF-8: databind words it
        }
        try (JsonParser p = ScanDecoder.mapper().createParser(text.array(), text.arrayOffset() + text.position(),
                text.remaining())) {
            return record(p);
        } catch (Declined | IOException e) {
            // a syntax error included: databind reads the bytes again and words it
            return null;
        }
    }

    private static ScanRecord record(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw DECLINED;
        }
        String schema = null;
        String scanId = null;
        String experiment = null;
        String sample = null;
        Integer setpoint = null;
        String element = null;
        String edge = null;
        Map<String, Double> control = null;
        Integer spaceGroup = null;
        List<String> sampleElements = null;
        double[] energy = null;
        double[] mu = null;
        double[] i0 = null;
        double[] it = null;
        double[] ifluor = null;
        Instant timestamp = null;
        int seen = 0;
        String key;
        while ((key = p.nextFieldName()) != null) {
            int bit = switch (key) {
                case "schema" -> 1;
                case "scanId" -> 1 << 1;
                case "experiment" -> 1 << 2;
                case "sample" -> 1 << 3;
                case "setpoint" -> 1 << 4;
                case "element" -> 1 << 5;
                case "edge" -> 1 << 6;
                case "control" -> 1 << 7;
                case "spaceGroup" -> 1 << 8;
                case "sampleElements" -> 1 << 9;
                case "energy" -> 1 << 10;
                case "mu" -> 1 << 11;
                case "i0" -> 1 << 12;
                case "it" -> 1 << 13;
                case "if" -> 1 << 14;
                case "timestamp" -> 1 << 15;
                default -> throw DECLINED; // unknown: databind names it
            };
            if ((seen & bit) != 0) {
                throw DECLINED; // repeated: databind decides
            }
            seen |= bit;
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue; // every field is a reference type: null, as databind binds it
            }
            switch (key) {
                case "schema" -> schema = string(p);
                case "scanId" -> scanId = string(p);
                case "experiment" -> experiment = string(p);
                case "sample" -> sample = string(p);
                case "setpoint" -> setpoint = integer(p);
                case "element" -> element = string(p);
                case "edge" -> edge = string(p);
                case "control" -> control = control(p);
                case "spaceGroup" -> spaceGroup = integer(p);
                case "sampleElements" -> sampleElements = strings(p);
                case "energy" -> energy = doubles(p);
                case "mu" -> mu = doubles(p);
                case "i0" -> i0 = doubles(p);
                case "it" -> it = doubles(p);
                case "if" -> ifluor = doubles(p);
                default -> timestamp = timestamp(p);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw DECLINED;
        }
        return new ScanRecord(schema, scanId, experiment, sample, setpoint, element, edge, control, spaceGroup,
                sampleElements, energy, mu, i0, it, ifluor, timestamp);
    }

    /** A string token's text (what databind's String deserializer returns); any other token declines. */
    private static String string(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw DECLINED;
        }
        return p.getText();
    }

    /** An integer token in int range; a float (databind would coerce) or anything else declines. */
    private static Integer integer(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw DECLINED;
        }
        return p.getIntValue();
    }

    /** A number token's double: an integer token's value converted, a float token's parsed exactly. */
    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw DECLINED; // a string, null or NaN token: databind coerces or words the error
        }
        return p.getDoubleValue();
    }

    private static Map<String, Double> control(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw DECLINED;
        }
        Map<String, Double> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            // as databind's map binding: a repeated key keeps the last value
            map.put(name, t == JsonToken.VALUE_NULL ? null : number(p, t));
        }
        return map;
    }

    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw DECLINED;
        }
        List<String> list = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(t == JsonToken.VALUE_NULL ? null : string(p));
        }
        return list;
    }

    private static double[] doubles(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw DECLINED;
        }
        double[] values = new double[256];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = number(p, t);
        }
        return Arrays.copyOf(values, n);
    }

    /** The timestamp string as databind's Instant deserializer reads it; a number or a refused string declines. */
    private static Instant timestamp(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw DECLINED;
        }
        try {
            return INSTANT.readValue(p);
        } catch (IOException e) {
            throw DECLINED;
        }
    }
}
