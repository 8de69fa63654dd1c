package io.topowatch.ingest.bluesky;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.BlueskyRun;
import io.topowatch.sim.DemoScenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test runs: a demo scan as Bluesky documents, in the event layouts a RunEngine can produce. */
public final class BlueskyRuns {

    public static final String BEAMLINE = "test-bl";

    private BlueskyRuns() {}

    /** A full XANES scan (I0/It transmission) of the demo experiment. */
    public static ScanRecord scan() {
        return scan(0);
    }

    public static ScanRecord scan(int index) {
        return DemoScenario.experiment("bs", 5).scans(Instant.parse("2026-11-21T00:00:00Z")).get(index);
    }

    /** One event per energy point, as {@code simulate --bluesky} publishes. */
    public static List<BlueskyDocument> pointPerEvent(ScanRecord scan) {
        return BlueskyRun.documents(scan, BEAMLINE);
    }

    /** The same run with the whole scan in one event: each data key holds an array. */
    public static List<BlueskyDocument> arraysInOneEvent(ScanRecord scan) {
        List<BlueskyDocument> docs = pointPerEvent(scan);
        List<BlueskyDocument> events = events(docs);
        Map<String, Object> first = events.get(0).document();
        Map<String, Object> data = new LinkedHashMap<>();
        for (String key : data(first).keySet()) {
            List<Object> column = new ArrayList<>();
            events.forEach(e -> column.add(data(e.document()).get(key)));
            data.put(key, column);
        }
        Map<String, Object> event = new LinkedHashMap<>(first);
        event.put("data", data);
        event.put("seq_num", 1L);
        Map<String, Object> stop = new LinkedHashMap<>(docs.get(docs.size() - 1).document());
        stop.put("num_events", Map.of("primary", 1L));
        return List.of(docs.get(0), docs.get(1), new BlueskyDocument("event", event), new BlueskyDocument("stop", stop));
    }

    /** The same run with its events packed into event pages of {@code pageSize}. */
    public static List<BlueskyDocument> eventPages(ScanRecord scan, int pageSize) {
        List<BlueskyDocument> docs = pointPerEvent(scan);
        List<BlueskyDocument> events = events(docs);
        List<BlueskyDocument> out = new ArrayList<>(List.of(docs.get(0), docs.get(1)));
        for (int from = 0; from < events.size(); from += pageSize) {
            List<BlueskyDocument> page = events.subList(from, Math.min(events.size(), from + pageSize));
            Map<String, Object> data = new LinkedHashMap<>();
            List<Object> seq = new ArrayList<>();
            List<Object> uid = new ArrayList<>();
            List<Object> time = new ArrayList<>();
            for (BlueskyDocument e : page) {
                seq.add(e.document().get("seq_num"));
                uid.add(e.document().get("uid"));
                time.add(e.document().get("time"));
                data(e.document()).forEach((k, v) -> {
                    @SuppressWarnings("unchecked")
                    List<Object> column = (List<Object>) data.computeIfAbsent(k, x -> new ArrayList<>());
                    column.add(v);
                });
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("descriptor", page.get(0).document().get("descriptor"));
            p.put("uid", uid);
            p.put("time", time);
            p.put("seq_num", seq);
            p.put("data", data);
            p.put("timestamps", Map.of());
            p.put("filled", Map.of());
            out.add(new BlueskyDocument("event_page", p));
        }
        out.add(docs.get(docs.size() - 1));
        return out;
    }

    /** A copy of the document with some entries replaced (a null value removes the key). */
    public static BlueskyDocument with(BlueskyDocument d, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>(d.document());
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                m.remove((String) keyValues[i]);
            } else {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return new BlueskyDocument(d.name(), m);
    }

    static List<BlueskyDocument> events(List<BlueskyDocument> docs) {
        return docs.stream().filter(d -> d.name().equals("event")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }
}
