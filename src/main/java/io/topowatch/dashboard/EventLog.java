package io.topowatch.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The websocket event stream: numbers each event (one counter per server, from 1) and keeps the latest
 * {@code capacity} so a reconnecting client can resume with {@code since}. Not thread-safe (event loop only).
 */
final class EventLog {

    /**
     * One numbered event. Its message, {@code {"seq","type","experiment"?,"data"}}, is UTF-8 encoded once, and the
     * same bytes go to every client; a lazily built event ({@link #append(String, String, Supplier)}) is built and
     * encoded the first time a client needs it ({@link #frame()}), so spectra of an experiment no one watches cost
     * nothing, and at thousands of scans a second most are such.
     *
     * <p>experiment is null for events meant for every client (model).
     */
    static final class Event {
        private final long seq;
        private final String type;
        private final String experiment;
        private Supplier<JsonObject> data;
        private Buffer frame;

        Event(long seq, String type, String experiment, Supplier<JsonObject> data) {
            this.seq = seq;
            this.type = type;
            this.experiment = experiment;
            this.data = data;
        }

        long seq() {
            return seq;
        }

        String type() {
            return type;
        }

        String experiment() {
            return experiment;
        }

        /** The message as sent; must not be modified. Event loop only. */
        Buffer frame() {
            if (frame == null) {
                JsonObject message = new JsonObject().put("seq", seq).put("type", type);
                if (experiment != null) {
                    message.put("experiment", experiment);
                }
                frame = message.put("data", data.get()).toBuffer();
                data = null;
            }
            return frame;
        }

        /** The message as text (tests and logs; the hub writes {@link #frame()}). */
        String text() {
            return frame().toString();
        }
    }

    private final int capacity;
    private final Deque<Event> buffer = new ArrayDeque<>();
    private long seq;

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    /** An event of {@code data} as it is now: encoded at once, so later changes to the object do not show. */
    Event append(String type, String experiment, JsonObject data) {
        Event event = append(type, experiment, () -> data);
        event.frame();
        return event;
    }

    /**
     * An event whose data is built, at most once, when a client first needs it; {@code data} must give what the
     * event stood for when appended (the spectrum entries it is used for are immutable snapshots).
     */
    Event append(String type, String experiment, Supplier<JsonObject> data) {
        seq++;
        Event event = new Event(seq, type, experiment, data);
        buffer.addLast(event);
        if (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        return event;
    }

    /** The last seq handed out (0 before the first event). */
    long current() {
        return seq;
    }

    /**
     * The retained events after {@code since} whose experiment passes the filter, oldest first; null when events
     * after {@code since} were already dropped, or {@code since} lies in the future (a restarted server), so the
     * client must start over.
     */
    List<Event> after(long since, Predicate<String> experiments) {
        if (since > seq || since < 0) {
            return null;
        }
        long oldest = buffer.isEmpty() ? seq + 1 : buffer.peekFirst().seq();
        if (since + 1 < oldest) {
            return null;
        }
        List<Event> out = new ArrayList<>();
        for (Event e : buffer) {
            if (e.seq() > since && e.experiment() != null && experiments.test(e.experiment())) {
                out.add(e);
            }
        }
        return out;
    }
}
