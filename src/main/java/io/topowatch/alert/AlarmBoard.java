package io.topowatch.alert;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The operators' alarm list built from the alerts topic: an alert is <em>latched</em> (it stays
 * unacknowledged, and listed, until someone acknowledges it); repeats of the same experiment, sample and
 * direction within the hold-off fold into the open alarm with a count instead of raising new ones.
 *
 * <p>Time is the alert's own {@code raisedAt} (the arrival time when it has none), so replaying the topic
 * after a restart rebuilds the same alarms. Acknowledgements come back from their compacted topic in any order
 * relative to the alerts: one for an alarm not seen yet is kept and applied when the alarm appears.
 *
 * <p>Not thread-safe: the dashboard touches it from its event loop only. Memory is bounded: beyond
 * {@code capacity} alarms the oldest acknowledged one goes first (the oldest of all if none is acknowledged).
 */
public final class AlarmBoard {

    /** What {@link #raise} did with an alert. */
    public enum Outcome { NEW, FOLDED }

    /** An alarm and what just happened to it. */
    public record Raised(Outcome outcome, JsonObject alarm) {}

    private final Duration holdOff;
    private final int capacity;
    private final Map<String, Alarm> byId = new LinkedHashMap<>();
    private final Map<String, Alarm> openByKey = new HashMap<>();
    private final Map<String, JsonObject> pendingAcks = new LinkedHashMap<>();

    public AlarmBoard(Duration holdOff, int capacity) {
        this.holdOff = Objects.requireNonNull(holdOff, "holdOff");
        if (holdOff.isNegative()) {
            throw new IllegalArgumentException("holdOff must not be negative");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * Takes one alert (topic JSON) into the board.
     *
     * @throws IllegalArgumentException when it lacks experiment, sample or direction
     */
    public Raised raise(JsonObject alert, Instant arrival) {
        String experiment = text(alert, "experiment");
        String sample = text(alert, "sample");
        String direction = text(alert, "direction");
        Instant raisedAt = instant(alert.getValue("raisedAt"), arrival);
        String key = experiment + "/" + sample + "/" + direction;

        Alarm open = openByKey.get(key);
        if (open != null && !raisedAt.isAfter(open.lastRaised.plus(holdOff))) {
            open.count++;
            open.latest = alert.copy();
            if (raisedAt.isAfter(open.lastRaised)) {
                open.lastRaised = raisedAt;
            }
            return new Raised(Outcome.FOLDED, open.json());
        }
        String id = alert.getValue("id") instanceof String s && !s.isBlank() ? s : key + "/" + raisedAt;
        Alarm alarm = new Alarm(id, experiment, alert.copy(), raisedAt);
        Alarm previous = byId.remove(id); // the same alert id once more after its hold-off: replace
        if (previous != null) {
            alarm.ackBy = previous.ackBy;
            alarm.ackAt = previous.ackAt;
        }
        byId.put(id, alarm);
        openByKey.put(key, alarm);
        JsonObject pending = pendingAcks.remove(id);
        if (pending != null) {
            alarm.ackBy = pending.getString("by");
            alarm.ackAt = pending.getString("at");
        }
        evict();
        return new Raised(Outcome.NEW, alarm.json());
    }

    /**
     * Acknowledges an alarm; a second acknowledgement keeps the first.
     *
     * @return the alarm's JSON, or null when no alarm has that id
     */
    public JsonObject acknowledge(String id, String by, String at) {
        Alarm alarm = byId.get(id);
        if (alarm == null) {
            return null;
        }
        if (alarm.ackBy == null) {
            alarm.ackBy = by;
            alarm.ackAt = at;
        }
        return alarm.json();
    }

    /**
     * An acknowledgement read back from its topic: applied now, or kept until its alarm arrives.
     *
     * @return the alarm's JSON when it changed, else null
     */
    public JsonObject restoreAcknowledgement(JsonObject ack) {
        String id = ack.getString("id");
        if (id == null) {
            return null;
        }
        Alarm alarm = byId.get(id);
        if (alarm == null) {
            pendingAcks.remove(id);
            pendingAcks.put(id, ack.copy());
            if (pendingAcks.size() > capacity) {
                Iterator<String> oldest = pendingAcks.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return null;
        }
        return alarm.ackBy == null ? acknowledge(id, ack.getString("by"), ack.getString("at")) : null;
    }

    /** The alarm with that id, or null. */
    public JsonObject get(String id) {
        Alarm alarm = byId.get(id);
        return alarm == null ? null : alarm.json();
    }

    /** The experiment of an alarm, or null when unknown. */
    public String experimentOf(String id) {
        Alarm alarm = byId.get(id);
        return alarm == null ? null : alarm.experiment;
    }

    /** The alarms whose experiment passes the filter, newest {@code lastRaisedAt} first. */
    public List<JsonObject> list(Predicate<String> experiments, String state) {
        List<Alarm> selected = new ArrayList<>();
        for (Alarm a : byId.values()) {
            if (experiments.test(a.experiment) && (state == null || state.equals(a.state()))) {
                selected.add(a);
            }
        }
        selected.sort(Comparator.comparing((Alarm a) -> a.lastRaised).reversed());
        return selected.stream().map(Alarm::json).toList();
    }

    public int unacknowledged(String experiment) {
        int n = 0;
        for (Alarm a : byId.values()) {
            if (a.experiment.equals(experiment) && a.ackBy == null) {
                n++;
            }
        }
        return n;
    }

    /** Unacknowledged alarms of every experiment. */
    public int unacknowledged() {
        int n = 0;
        for (Alarm a : byId.values()) {
            if (a.ackBy == null) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return byId.size();
    }

    private void evict() {
        while (byId.size() > capacity) {
            Alarm victim = byId.values().stream().filter(a -> a.ackBy != null).findFirst()
                    .orElse(byId.values().iterator().next());
            byId.remove(victim.id);
            openByKey.values().remove(victim);
        }
    }

    private static String text(JsonObject json, String field) {
        if (json.getValue(field) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalArgumentException("alert field " + field + " must be a non-blank string, got "
                + json.getValue(field));
    }

    private static Instant instant(Object value, Instant fallback) {
        if (value instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static final class Alarm {
        final String id;
        final String experiment;
        final Instant firstRaised;
        JsonObject latest;
        Instant lastRaised;
        int count = 1;
        String ackBy;
        String ackAt;

        Alarm(String id, String experiment, JsonObject latest, Instant raised) {
            this.id = id;
            this.experiment = experiment;
            this.latest = latest;
            this.firstRaised = raised;
            this.lastRaised = raised;
        }

        String state() {
            return ackBy == null ? "unacknowledged" : "acknowledged";
        }

        JsonObject json() {
            return latest.copy()
                    .put("id", id)
                    .put("state", state())
                    .put("count", count)
                    .put("firstRaisedAt", firstRaised.toString())
                    .put("lastRaisedAt", lastRaised.toString())
                    .put("acknowledgedBy", ackBy)
                    .put("acknowledgedAt", ackAt);
        }
    }
}
