package io.topowatch.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * Decodes and validates raw scan records, JSON or msgpack; every failure names the field and what was expected.
 */
public final class ScanDecoder {

    /**
     * Databind's mapper, and the parser factory of {@link ScanRecordReader}: doubles converted by Jackson's
     * bundled FastDoubleParser, which gives {@link Double#parseDouble}'s exact bits, faster.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ScanDecoder() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses the bytes, JSON or msgpack ({@link ScanFormat#of}: by the first byte), and validates the record.
     */
    public static ScanRecord decode(byte[] record) {
        if (record == null || record.length == 0) {
            throw new InvalidRecordException("$", "empty record, expected a JSON or msgpack scan object");
        }
        ScanRecord scan = ScanFormat.of(record) == ScanFormat.MSGPACK ? MsgpackScanReader.read(record) : json(record);
        ScanValidator.validate(scan);
        return scan;
    }

    private static ScanRecord json(byte[] json) {
        // the plain shape producers write is streamed straight into arrays; anything else, errors included,
        // goes to databind
        ScanRecord scan = ScanRecordReader.read(json);
        if (scan == null) {
            scan = bind(json);
        }
        if (scan == null) { // the JSON literal null binds to no object at all
            throw new InvalidRecordException("$", "null record, expected a JSON scan object");
        }
        return scan;
    }

    private static ScanRecord bind(byte[] json) {
        try {
            return MAPPER.readValue(json, ScanRecord.class);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonParseException syntax) {
                throw new InvalidRecordException("$", "not valid JSON: " + describe(syntax));
            }
            throw new InvalidRecordException(path(e), describe(e));
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("$", "not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new InvalidRecordException("$", "unreadable record: " + e.getMessage());
        }
    }

    /** The JSON path of a mapping error, e.g. {@code control.field_T} or {@code energy[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }
}
