package io.topowatch.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The websocket event stream: numbers each event (one counter per server, from 1) and keeps the latest
 * {@code capacity} so a reconnecting client can resume with {@code since}. Not thread-safe (event loop only).
 */
final class EventLog {

    /**
     * One numbered event.
     *
     * @param experiment null for events meant for every client (model)
     * @param frame      the message as sent, UTF-8 encoded once: {@code {"seq","type","experiment"?,"data"}}; the
     *                   same bytes go to every client as one text frame and must not be modified
     */
    record Event(long seq, String type, String experiment, Buffer frame) {

        /** The message as text (tests and logs; the hub writes {@link #frame()}). */
        String text() {
            return frame.toString();
        }
    }

    private final int capacity;
    private final Deque<Event> buffer = new ArrayDeque<>();
    private long seq;

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    Event append(String type, String experiment, JsonObject data) {
        seq++;
        JsonObject message = new JsonObject().put("seq", seq).put("type", type);
        if (experiment != null) {
            message.put("experiment", experiment);
        }
        Event event = new Event(seq, type, experiment, message.put("data", data).toBuffer());
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
