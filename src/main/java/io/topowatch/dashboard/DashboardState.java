package io.topowatch.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the dashboard knows, per experiment: trajectory points (the newest {@code historyPerSample} per sample),
 * the latest normalised spectrum per (sample, element), the latest suggestion per sample; and the model
 * promotions. Memory is bounded: at most {@code maxExperiments} experiments, the least recently updated
 * dropped first. Not thread-safe: the dashboard's event loop owns it.
 */
final class DashboardState {

    private static final int MODEL_HISTORY = 100;

    private final int historyPerSample;
    private final int maxExperiments;
    /** Access order: the eldest entry is the least recently updated experiment. */
    private final LinkedHashMap<String, Experiment> experiments = new LinkedHashMap<>(16, 0.75f, true);
    private final Deque<JsonObject> promotions = new ArrayDeque<>();
    private final Set<String> modelVersions = new LinkedHashSet<>();
    private String modelInUse;
    private int points;

    DashboardState(int historyPerSample, int maxExperiments) {
        this.historyPerSample = historyPerSample;
        this.maxExperiments = maxExperiments;
    }

    private static final class Experiment {
        final Map<String, Deque<TrajectoryPoint>> trajectories = new TreeMap<>();
        final Map<String, SpectrumView> spectra = new TreeMap<>();
        final Map<String, JsonObject> suggestions = new TreeMap<>();
        final Set<String> samples = new java.util.TreeSet<>();
        String controlVariable;
        String lastUpdate;
    }

    // ---- input ---------------------------------------------------------------------------------------------

    void trajectory(TrajectoryPoint p) {
        Experiment e = experiment(p.experiment());
        e.samples.add(p.sample());
        Deque<TrajectoryPoint> deque = e.trajectories.computeIfAbsent(p.sample(), k -> new ArrayDeque<>());
        deque.addLast(p);
        points++;
        while (deque.size() > historyPerSample) {
            deque.removeFirst();
            points--;
        }
        if (p.json().getValue("control") instanceof JsonObject control && !control.isEmpty()) {
            e.controlVariable = control.fieldNames().iterator().next();
        }
        touch(e, p.json().getValue("timestamp"));
        if (p.json().getValue("modelVersion") instanceof String v && !v.isBlank()) {
            modelInUse = v;
            modelVersions.add(v);
        }
        evict();
    }

    /**
     * Keeps a normalised-spectrum record as the latest of its (sample, element).
     *
     * @return the (sample, element)'s spectrum as it now stands
     */
    SpectrumView spectrum(SpectrumRecord record) {
        Experiment e = experiment(record.experiment());
        e.samples.add(record.sample());
        String key = record.sample() + "\u0000" + record.element();
        SpectrumView previous = e.spectra.get(key);
        SpectrumView view = new SpectrumView(record,
                record.measured() ? record : previous == null ? null : previous.lastMeasured);
        e.spectra.put(key, view);
        touch(e, record.scanTime());
        evict();
        return view;
    }

    /**
     * One (sample, element)'s latest spectrum, immutable, built into its entry only when asked (once). A record
     * without the measured arrays (the stream sends them at most a few times a second per element) shows the
     * last ones seen, named by {@code measuredScanId}.
     */
    static final class SpectrumView {
        private final SpectrumRecord latest;
        private final SpectrumRecord lastMeasured;
        private JsonObject entry;

        private SpectrumView(SpectrumRecord latest, SpectrumRecord lastMeasured) {
            this.latest = latest;
            this.lastMeasured = lastMeasured;
        }

        /** The REST/websocket form; event loop only. */
        JsonObject entry() {
            if (entry == null) {
                entry = build();
            }
            return entry;
        }

        private JsonObject build() {
            JsonObject scan = latest.json();
            Object energy = scan.getValue("energy");
            Object mu = scan.getValue("mu");
            Object measuredScanId = scan.getValue("scanId");
            if (energy == null && lastMeasured != null) {
                JsonObject measured = lastMeasured.json();
                energy = measured.getValue("energy");
                mu = measured.getValue("mu");
                measuredScanId = measured.getValue("scanId");
            }
            return new JsonObject()
                    .put("sample", latest.sample())
                    .put("element", latest.element())
                    .put("edge", scan.getValue("edge"))
                    .put("scanId", scan.getValue("scanId"))
                    .put("setpoint", scan.getValue("setpoint"))
                    .put("control", scan.getValue("control"))
                    .put("energy", energy)
                    .put("mu", mu)
                    .put("measuredScanId", energy == null ? null : measuredScanId)
                    .put("windowStart", scan.getValue("windowStart"))
                    .put("windowEnd", scan.getValue("windowEnd"))
                    .put("values", scan.getValue("values"))
                    .put("e0", scan.getValue("e0"))
                    .put("edgeStep", scan.getValue("edgeStep"))
                    .put("scanTime", scan.getValue("scanTime"));
        }
    }

    /** @throws IllegalArgumentException when experiment or sample is missing */
    void suggestion(JsonObject s) {
        Experiment e = experiment(text(s, "experiment"));
        String sample = text(s, "sample");
        e.samples.add(sample);
        e.suggestions.put(sample, s);
        if (e.controlVariable == null && s.getValue("controlVariable") instanceof String cv) {
            e.controlVariable = cv;
        }
        touch(e, s.getValue("suggestedAt"));
        evict();
    }

    /** An alert seen: the experiment and sample exist, and the alert may name the control variable. */
    void alert(JsonObject a) {
        Experiment e = experiment(text(a, "experiment"));
        e.samples.add(text(a, "sample"));
        if (e.controlVariable == null && a.getValue("controlVariable") instanceof String cv) {
            e.controlVariable = cv;
        }
        touch(e, a.getValue("raisedAt"));
        evict();
    }

    void promotion(JsonObject record) {
        promotions.addLast(record);
        while (promotions.size() > MODEL_HISTORY) {
            promotions.removeFirst();
        }
        if (record.getValue("version") instanceof String v) {
            modelVersions.add(v);
        }
    }

    // ---- queries -------------------------------------------------------------------------------------------

    int points() {
        return points;
    }

    int experimentCount() {
        return experiments.size();
    }

    /** Names of the known experiments passing the filter, sorted. */
    List<String> experimentNames(Predicate<String> filter) {
        return experiments.keySet().stream().filter(filter).sorted().toList();
    }

    /** {@code {experiment, samples, controlVariable, lastUpdate}} or null when unknown. */
    JsonObject summary(String experiment) {
        Experiment e = experiments.get(experiment);
        if (e == null) {
            return null;
        }
        return new JsonObject().put("experiment", experiment).put("samples", new JsonArray(new ArrayList<>(e.samples)))
                .put("controlVariable", e.controlVariable).put("lastUpdate", e.lastUpdate);
    }

    JsonArray trajectories(String experiment) {
        JsonArray out = new JsonArray();
        Experiment e = experiments.get(experiment);
        if (e != null) {
            e.trajectories.forEach((sample, deque) -> {
                JsonArray pts = new JsonArray();
                deque.forEach(p -> pts.add(p.json()));
                out.add(new JsonObject().put("experiment", experiment).put("sample", sample).put("points", pts));
            });
        }
        return out;
    }

    JsonArray spectra(String experiment) {
        Experiment e = experiments.get(experiment);
        JsonArray list = new JsonArray();
        if (e != null) {
            e.spectra.values().forEach(s -> list.add(s.entry()));
        }
        return list;
    }

    JsonArray suggestions(String experiment) {
        Experiment e = experiments.get(experiment);
        return e == null ? new JsonArray() : new JsonArray(new ArrayList<>(e.suggestions.values()));
    }

    JsonObject models() {
        String promoted = promotions.isEmpty() ? null : promotions.peekLast().getString("version");
        return new JsonObject()
                .put("inUse", modelInUse != null ? modelInUse : promoted)
                .put("promoted", promoted)
                .put("versions", new JsonArray(new ArrayList<>(modelVersions)))
                .put("history", new JsonArray(new ArrayList<>(promotions)));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Experiment experiment(String name) {
        return experiments.computeIfAbsent(name, n -> new Experiment());
    }

    private static void touch(Experiment e, Object timestamp) {
        e.lastUpdate = timestamp instanceof String s && !s.isBlank() ? s : java.time.Instant.now().toString();
    }

    private void evict() {
        Iterator<Map.Entry<String, Experiment>> it = experiments.entrySet().iterator();
        while (experiments.size() > maxExperiments && it.hasNext()) {
            Experiment dropped = it.next().getValue();
            dropped.trajectories.values().forEach(d -> points -= d.size());
            it.remove();
        }
    }

    static String text(JsonObject json, String field) {
        return nonBlank(field, json.getValue(field));
    }

    /** The value as a non-blank string, or an IllegalArgumentException naming the field. */
    static String nonBlank(String field, Object value) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalArgumentException(field + " must be a non-blank string, got " + value);
    }
}
