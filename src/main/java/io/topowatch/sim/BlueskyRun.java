package io.topowatch.sim;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.bluesky.BlueskyDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One simulated scan as the Bluesky RunEngine would record it: a start document carrying the sample
 * metadata, a descriptor of the data keys, one event per energy point, and a stop document. Uids are
 * derived from the scan id, so the same scan always gives the same documents.
 */
public final class BlueskyRun {

    public static final String PLAN_NAME = "topowatch_xanes_scan";
    /** Seconds between events of a scan, for their timestamps. */
    private static final double SECONDS_PER_POINT = 0.1;

    private BlueskyRun() {}

    public static List<BlueskyDocument> documents(ScanRecord scan, String beamline) {
        String startUid = uid(scan, "start");
        String descriptorUid = uid(scan, "descriptor");
        double t0 = (scan.timestamp() == null ? Instant.EPOCH : scan.timestamp()).toEpochMilli() / 1000.0;

        Map<String, Object> start = new LinkedHashMap<>();
        start.put("uid", startUid);
        start.put("time", t0);
        start.put("scan_id", scan.setpoint() + 1);
        start.put("plan_name", PLAN_NAME);
        start.put("beamline_id", beamline);
        start.put("topowatch_scan_id", scan.scanId());
        start.put("experiment", scan.experiment());
        start.put("sample", scan.sample());
        start.put("setpoint", scan.setpoint());
        start.put("element", scan.element());
        start.put("edge", scan.edge());
        start.put("space_group", scan.spaceGroup());
        start.put("sample_elements", List.copyOf(scan.sampleElements()));
        start.putAll(scan.control());

        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("energy", scan.energy());
        if (scan.mu() != null) {
            columns.put("mu", scan.mu());
        }
        if (scan.i0() != null) {
            columns.put("I0", scan.i0());
        }
        if (scan.it() != null) {
            columns.put("It", scan.it());
        }
        if (scan.ifluor() != null) {
            columns.put("If", scan.ifluor());
        }
        Map<String, Object> dataKeys = new LinkedHashMap<>();
        columns.keySet().forEach(k -> dataKeys.put(k, Map.of("source", "sim:" + k, "dtype", "number",
                "shape", List.of(), "units", k.equals("energy") ? "eV" : k.equals("mu") ? "" : "counts")));
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("uid", descriptorUid);
        descriptor.put("time", t0);
        descriptor.put("run_start", startUid);
        descriptor.put("name", "primary");
        descriptor.put("data_keys", dataKeys);
        descriptor.put("configuration", Map.of());
        descriptor.put("hints", Map.of());
        descriptor.put("object_keys", Map.of());

        List<BlueskyDocument> docs = new ArrayList<>();
        docs.add(new BlueskyDocument("start", start));
        docs.add(new BlueskyDocument("descriptor", descriptor));
        int n = scan.energy().length;
        for (int i = 0; i < n; i++) {
            double time = t0 + SECONDS_PER_POINT * (i + 1);
            Map<String, Object> data = new LinkedHashMap<>();
            Map<String, Object> timestamps = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> c : columns.entrySet()) {
                data.put(c.getKey(), c.getValue()[i]);
                timestamps.put(c.getKey(), time);
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("uid", uid(scan, "event-" + (i + 1)));
            event.put("time", time);
            event.put("descriptor", descriptorUid);
            event.put("seq_num", i + 1);
            event.put("data", data);
            event.put("timestamps", timestamps);
            event.put("filled", Map.of());
            docs.add(new BlueskyDocument("event", event));
        }
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("uid", uid(scan, "stop"));
        stop.put("time", t0 + SECONDS_PER_POINT * (n + 1));
        stop.put("run_start", startUid);
        stop.put("exit_status", "success");
        stop.put("reason", "");
        stop.put("num_events", Map.of("primary", n));
        docs.add(new BlueskyDocument("stop", stop));
        return docs;
    }

    private static String uid(ScanRecord scan, String part) {
        return UUID.nameUUIDFromBytes((scan.scanId() + "#" + part).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
