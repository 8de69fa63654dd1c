package io.topowatch.ingest.bluesky;

import io.topowatch.ingest.InvalidRecordException;
import io.topowatch.ingest.ScanRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scan metadata TopoWatch reads from a Bluesky run start document (the RunEngine's {@code md}). Each field
 * is looked up under its first name, then its alternatives, at the top level of the document:
 *
 * <table>
 *   <caption>start document keys</caption>
 *   <tr><th>scan record field</th><th>start document key (alternatives)</th></tr>
 *   <tr><td>experiment</td><td>{@code experiment} ({@code experiment_id}, {@code proposal_id},
 *       {@code proposal} as a string or as a map with {@code proposal_id})</td></tr>
 *   <tr><td>sample</td><td>{@code sample} (a string, or a map with {@code name}; {@code sample_name})</td></tr>
 *   <tr><td>setpoint</td><td>{@code setpoint} ({@code setpoint_index})</td></tr>
 *   <tr><td>element, edge</td><td>{@code element} ({@code absorbing_element}), {@code edge}; or {@code edge}
 *       alone as "Cu K", "Cu-K" or "Cu_K"</td></tr>
 *   <tr><td>control</td><td>{@code field_T} ({@code magnetic_field_T}), {@code strain_pct},
 *       {@code temperature_K}, and every numeric entry of a {@code control} map</td></tr>
 *   <tr><td>spaceGroup</td><td>{@code space_group} ({@code space_group_number}, {@code spaceGroup})</td></tr>
 *   <tr><td>sampleElements</td><td>{@code sample_elements} ({@code sampleElements}, {@code elements})</td></tr>
 *   <tr><td>scanId</td><td>{@code topowatch_scan_id} ({@code scanId}), else the start document's uid</td></tr>
 *   <tr><td>timestamp</td><td>{@code time} (seconds since the epoch, as the RunEngine writes it)</td></tr>
 * </table>
 */
public record RunMetadata(String scanId, String experiment, String sample, Integer setpoint, String element,
        String edge, Map<String, Double> control, Integer spaceGroup, List<String> sampleElements,
        Instant timestamp) {

    public RunMetadata {
        control = control == null ? Map.of() : new LinkedHashMap<>(control);
        sampleElements = sampleElements == null ? List.of() : List.copyOf(sampleElements);
    }

    private static final List<String> EXPERIMENT = List.of("experiment", "experiment_id", "proposal_id", "proposal");
    private static final List<String> SAMPLE = List.of("sample", "sample_name");
    private static final List<String> SETPOINT = List.of("setpoint", "setpoint_index");
    private static final List<String> ELEMENT = List.of("element", "absorbing_element");
    private static final List<String> SPACE_GROUP = List.of("space_group", "space_group_number", "spaceGroup");
    private static final List<String> SAMPLE_ELEMENTS = List.of("sample_elements", "sampleElements", "elements");
    private static final List<String> SCAN_ID = List.of("topowatch_scan_id", "scanId");
    /** Control variable name → the start document keys it is read from. */
    private static final Map<String, List<String>> CONTROLS = Map.of(
            ScanRecord.FIELD_T, List.of(ScanRecord.FIELD_T, "magnetic_field_T"),
            ScanRecord.STRAIN_PCT, List.of(ScanRecord.STRAIN_PCT),
            ScanRecord.TEMPERATURE_K, List.of(ScanRecord.TEMPERATURE_K));

    /**
     * Reads the metadata of a start document.
     *
     * @throws InvalidRecordException naming the start document key at fault ({@code start.sample}, …)
     */
    public static RunMetadata fromStart(Map<String, Object> start) {
        String uid = text(start, List.of("uid"), true);
        String experiment = experiment(start);
        String sample = sample(start);
        Integer setpoint = integer(start, SETPOINT);
        String[] elementEdge = elementAndEdge(start);
        Map<String, Double> control = control(start);
        Integer spaceGroup = integer(start, SPACE_GROUP);
        List<String> sampleElements = strings(start, SAMPLE_ELEMENTS);
        String scanId = text(start, SCAN_ID, false);
        Instant time = null;
        if (start.get("time") instanceof Number t) {
            time = Instant.ofEpochMilli(Math.round(t.doubleValue() * 1000));
        }
        return new RunMetadata(scanId != null ? scanId : uid, experiment, sample, setpoint, elementEdge[0],
                elementEdge[1], control, spaceGroup, sampleElements, time);
    }

    private static String experiment(Map<String, Object> start) {
        for (String key : EXPERIMENT) {
            Object v = start.get(key);
            if (v instanceof Map<?, ?> m && m.get("proposal_id") != null) {
                return String.valueOf(m.get("proposal_id"));
            }
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
            if (v instanceof Number n) {
                return String.valueOf(n);
            }
        }
        throw missing(EXPERIMENT, "the experiment name");
    }

    private static String sample(Map<String, Object> start) {
        for (String key : SAMPLE) {
            Object v = start.get(key);
            if (v instanceof Map<?, ?> m && m.get("name") instanceof String s && !s.isBlank()) {
                return s;
            }
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        throw missing(SAMPLE, "the sample name (a string, or a map with \"name\")");
    }

    private static String[] elementAndEdge(Map<String, Object> start) {
        String element = text(start, ELEMENT, false);
        String edge = text(start, List.of("edge"), false);
        if (element == null && edge != null) {
            String[] parts = edge.strip().split("[\\s_-]+");
            if (parts.length == 2) {
                element = parts[0];
                edge = parts[1];
            }
        }
        if (element == null) {
            throw missing(ELEMENT, "the absorbing element's symbol, e.g. \"Cu\"");
        }
        if (edge == null) {
            throw new InvalidRecordException("start.edge", "expected the absorption edge, e.g. \"K\"");
        }
        return new String[] {element.strip(), edge.strip().toUpperCase(Locale.ROOT)};
    }

    private static Map<String, Double> control(Map<String, Object> start) {
        Map<String, Double> control = new LinkedHashMap<>();
        if (start.get("control") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                control.put(String.valueOf(e.getKey()), number("start.control." + e.getKey(), e.getValue()));
            }
        }
        for (String name : List.of(ScanRecord.FIELD_T, ScanRecord.STRAIN_PCT, ScanRecord.TEMPERATURE_K)) {
            for (String key : CONTROLS.get(name)) {
                if (start.get(key) != null) {
                    control.put(name, number("start." + key, start.get(key)));
                    break;
                }
            }
        }
        if (control.isEmpty()) {
            throw new InvalidRecordException("start.field_T", "expected at least one control variable: field_T, "
                    + "strain_pct or temperature_K (or a \"control\" map of them)");
        }
        return control;
    }

    private static double number(String field, Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new InvalidRecordException(field, "expected a finite number, got " + v);
    }

    private static Integer integer(Map<String, Object> start, List<String> keys) {
        for (String key : keys) {
            Object v = start.get(key);
            if (v == null) {
                continue;
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.intValue();
            }
            if (v instanceof String s && s.strip().matches("\\d{1,9}")) {
                return Integer.parseInt(s.strip());
            }
            throw new InvalidRecordException("start." + key, "expected a whole number, got " + v);
        }
        throw missing(keys, "a whole number");
    }

    private static List<String> strings(Map<String, Object> start, List<String> keys) {
        for (String key : keys) {
            Object v = start.get(key);
            if (v == null) {
                continue;
            }
            if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof String)) {
                List<String> out = new ArrayList<>();
                l.forEach(x -> out.add(((String) x).strip()));
                return out;
            }
            throw new InvalidRecordException("start." + key, "expected a list of element symbols, got " + v);
        }
        throw missing(keys, "the list of the sample's absorbing elements, e.g. [\"Bi\", \"Se\"]");
    }

    private static String text(Map<String, Object> start, List<String> keys, boolean required) {
        for (String key : keys) {
            if (start.get(key) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        if (required) {
            throw missing(keys, "a non-empty string");
        }
        return null;
    }

    private static InvalidRecordException missing(List<String> keys, String expected) {
        String also = keys.size() > 1 ? " (or " + String.join(", ", keys.subList(1, keys.size())) + ")" : "";
        return new InvalidRecordException("start." + keys.get(0), "missing from the start document" + also
                + ": expected " + expected);
    }
}
