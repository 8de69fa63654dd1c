package io.topowatch.dashboard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;

/**
 * A normalised-spectrum record as the relay delivers it: the fields that place it (experiment, sample,
 * element, scan time, whether it carries the measured arrays) read at once by a streaming pass that skips
 * the arrays without converting their numbers, the whole record parsed only when it is shown. Spectra are
 * the dashboard's busiest input, one per scan, and binding each into a {@link JsonObject} was two fifths of
 * the event loop at 3,000 scans/s (JFR), for entries that browsers see a few times a second at most.
 */
record SpectrumRecord(String experiment, String sample, String element, String scanTime, boolean measured,
        String raw) {

    /**
     * @throws DecodeException          when the text is not one JSON object
     * @throws IllegalArgumentException when experiment, sample or element is not a non-blank string
     */
    static SpectrumRecord parse(String json) {
        String experiment = null;
        String sample = null;
        String element = null;
        String scanTime = null;
        boolean energy = false;
        try (JsonParser p = DatabindCodec.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DecodeException("a spectrum record must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "experiment" -> experiment = text(p, value);
                    case "sample" -> sample = text(p, value);
                    case "element" -> element = text(p, value);
                    case "scanTime" -> scanTime = text(p, value);
                    case "energy" -> energy = value == JsonToken.START_ARRAY;
                    default -> { }
                }
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new DecodeException("content after the spectrum record's closing brace");
            }
        } catch (IOException e) {
            throw new DecodeException("not a JSON spectrum record: " + e.getMessage());
        }
        return new SpectrumRecord(DashboardState.nonBlank("experiment", experiment),
                DashboardState.nonBlank("sample", sample), DashboardState.nonBlank("element", element), scanTime,
                energy, json);
    }

    /** The whole record. */
    JsonObject json() {
        return new JsonObject(raw);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }
}
