package io.topowatch.ingest;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads a raw scan record written as msgpack: the JSON record's map with the same keys, read with the same
 * strictness as the JSON path ({@code FAIL_ON_UNKNOWN_PROPERTIES}, no coercion), plus what msgpack adds:
 * numeric arrays as msgpack arrays of numbers or as msgpack-numpy ndarrays ({@link NdArray}, copied in bulk
 * from the payload: the reason msgpack decodes a 500-point record ~20× faster than JSON text), and the
 * timestamp as an ISO-8601 string or the msgpack timestamp extension (type −1).
 *
 * <p>Every failure is an {@link InvalidRecordException} naming the field ({@code energy},
 * {@code energy.data}, {@code control.field_T}, {@code $} for the record) and what was expected: a wrong
 * type, an unknown or repeated key, a malformed ndarray, truncated bytes, bytes after the record's map.
 * Validation proper ({@link ScanValidator}) is the decoder's, as for JSON.
 */
final class MsgpackScanReader {

    static final List<String> FIELDS = List.of("schema", "scanId", "experiment", "sample", "setpoint", "element",
            "edge", "control", "spaceGroup", "sampleElements", "energy", "mu", "i0", "it", "if", "timestamp");

    /** Databind's Instant deserializer, so that a timestamp string means what it means in JSON. */
    private static final ObjectReader INSTANT = ScanDecoder.mapper().readerFor(Instant.class);

    private static final byte[][] FIELD_BYTES = MsgpackInput.ascii(FIELDS);

    private final MsgpackInput in;
    private final MessageUnpacker u;
    /** The field being read, named by any error the unpacker raises (truncation above all). */
    private String at = "$";

    private MsgpackScanReader(byte[] bytes) {
        this.in = new MsgpackInput(bytes);
        this.u = in.unpacker();
    }

    static ScanRecord read(byte[] bytes) {
        MsgpackScanReader reader = new MsgpackScanReader(bytes);
        try {
            return reader.record();
        } catch (MessageInsufficientBufferException e) {
            throw new InvalidRecordException(reader.at, "truncated: the msgpack record ends inside this value");
        } catch (IOException | MessagePackException e) {
            throw new InvalidRecordException(reader.at, "malformed msgpack: " + e.getMessage());
        }
    }

    private ScanRecord record() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.MAP) {
            throw new InvalidRecordException("$", "expected a msgpack map (the scan record), got " + NdArray.describe(f));
        }
        int entries = u.unpackMapHeader();
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
        for (int i = 0; i < entries; i++) {
            at = "$";
            int k = field();
            if ((seen & (1 << k)) != 0) {
                throw new InvalidRecordException(FIELDS.get(k), "repeated field: each field may appear once");
            }
            seen |= (1 << k);
            at = FIELDS.get(k);
            if (u.tryUnpackNil()) {
                continue; // as JSON null: the field is absent, and validation names it if it is required
            }
            switch (k) { // FIELDS' order
                case 0 -> schema = string();
                case 1 -> scanId = string();
                case 2 -> experiment = string();
                case 3 -> sample = string();
                case 4 -> setpoint = integer();
                case 5 -> element = string();
                case 6 -> edge = string();
                case 7 -> control = control();
                case 8 -> spaceGroup = integer();
                case 9 -> sampleElements = strings();
                case 10 -> energy = doubles();
                case 11 -> mu = doubles();
                case 12 -> i0 = doubles();
                case 13 -> it = doubles();
                case 14 -> ifluor = doubles();
                default -> timestamp = timestamp();
            }
        }
        at = "$";
        if (u.hasNext()) {
            throw new InvalidRecordException("$", in.remaining()
                    + " trailing bytes after the record's map: expected exactly one msgpack map");
        }
        return new ScanRecord(schema, scanId, experiment, sample, setpoint, element, edge, control, spaceGroup,
                sampleElements, energy, mu, i0, it, ifluor, timestamp);
    }

    /** The next key's index in {@link #FIELDS}; an unknown key is refused by name, as JSON refuses it. */
    private int field() throws IOException {
        keyPayload("$");
        int k = in.match(FIELD_BYTES);
        if (k < 0) {
            String key = in.text("$");
            throw new InvalidRecordException(key, "unknown field \"" + key + "\", expected one of " + FIELDS);
        }
        return k;
    }

    /** A map key: a msgpack str (the record is a str-keyed map, as its JSON form). */
    private String key(String map) throws IOException {
        keyPayload(map);
        return in.text(map);
    }

    private void keyPayload(String map) throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.STRING) {
            throw new InvalidRecordException(map, "expected string keys, got " + NdArray.describe(f));
        }
        in.payload();
    }

    private String string() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.STRING) {
            throw new InvalidRecordException(at, "expected a string, got " + NdArray.describe(f));
        }
        in.payload();
        return in.text(at);
    }

    /** An integer in int range; a float is refused (no coercion, as 1.0 for an int is not one). */
    private Integer integer() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.INTEGER) {
            throw new InvalidRecordException(at, "expected an integer, got " + NdArray.describe(f));
        }
        try {
            return u.unpackInt();
        } catch (MessageIntegerOverflowException e) {
            throw new InvalidRecordException(at, "expected an integer in int range, got " + e.getBigInteger());
        }
    }

    /** A number as a double: integers converted, float32 widened exactly, float64 as is. */
    private double number(String field, int index) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case FLOAT:
                return u.unpackDouble();
            case INTEGER:
                return f == MessageFormat.UINT64 ? u.unpackBigInteger().doubleValue() : u.unpackLong();
            default:
                throw new InvalidRecordException(index < 0 ? field : field + "[" + index + "]",
                        "expected a number, got " + NdArray.describe(f));
        }
    }

    /** A str-keyed map of numbers or nil (a nil value is named by validation); a repeated key is refused. */
    private Map<String, Double> control() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.MAP) {
            throw new InvalidRecordException(at, "expected a map of control variables to numbers, got "
                    + NdArray.describe(f));
        }
        int n = u.unpackMapHeader();
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = key("control");
            String field = "control." + name;
            if (map.containsKey(name)) {
                throw new InvalidRecordException(field, "repeated key: each control variable may appear once");
            }
            at = field;
            map.put(name, u.tryUnpackNil() ? null : number(field, -1));
        }
        return map;
    }

    private List<String> strings() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.ARRAY) {
            throw new InvalidRecordException(at, "expected an array of element symbols, got " + NdArray.describe(f));
        }
        int n = u.unpackArrayHeader();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (u.tryUnpackNil()) {
                list.add(null);
                continue;
            }
            MessageFormat item = u.getNextFormat();
            if (item.getValueType() != ValueType.STRING) {
                throw new InvalidRecordException(at + "[" + i + "]", "expected a string, got " + NdArray.describe(item));
            }
            in.payload();
            list.add(in.text(at + "[" + i + "]"));
        }
        return list;
    }

    /** A msgpack array of numbers, or a 1-D msgpack-numpy ndarray. */
    private double[] doubles() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() == ValueType.MAP) {
            NdArray a = NdArray.read(in, u.unpackMapHeader(), at);
            if (a.shape() == null || a.shape().length != 1) {
                throw new InvalidRecordException(at + ".shape", "expected a 1-D array, shape [n], got "
                        + (a.shape() == null ? "a numpy scalar" : Arrays.toString(a.shape())));
            }
            return a.values();
        }
        if (f.getValueType() != ValueType.ARRAY) {
            throw new InvalidRecordException(at, "expected an array of numbers or a msgpack-numpy ndarray, got "
                    + NdArray.describe(f));
        }
        double[] values = new double[u.unpackArrayHeader()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(at, i);
        }
        return values;
    }

    /** An ISO-8601 string (read as the JSON path reads it), or the msgpack timestamp extension. */
    private Instant timestamp() throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() == ValueType.EXTENSION) {
            ExtensionTypeHeader h = u.unpackExtensionTypeHeader();
            if (!h.isTimestampType()) {
                throw new InvalidRecordException(at, "expected an ISO-8601 string or the msgpack timestamp"
                        + " extension (type -1), got extension type " + h.getType());
            }
            return u.unpackTimestamp(h);
        }
        if (f.getValueType() != ValueType.STRING) {
            throw new InvalidRecordException(at, "expected an ISO-8601 string or the msgpack timestamp extension"
                    + " (type -1), got " + NdArray.describe(f));
        }
        in.payload();
        String text = in.text(at);
        try {
            return INSTANT.readValue(TextNode.valueOf(text));
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException(at, "expected an ISO-8601 date-time such as 2026-11-21T10:15:30Z,"
                    + " got \"" + text + "\"");
        }
    }
}
