package io.topowatch.dashboard;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.topowatch.alert.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket clients: their subscriptions, what they may see, how fast they may talk, and how far behind
 * they may fall. A client whose write queue is full is closed (1013) rather than buffered without bound, so
 * one slow client never holds up the others; it reconnects and resumes with {@code since}.
 *
 * <p>Protocol in {@code /work/contract/CONTRACT.md} ("API as built") and the README. Event loop only.
 *
 * <p>Fan-out cost. Each event is encoded once ({@link EventLog.Event#frame()}) and that same buffer goes to every
 * client that wants it as one text frame: no per-client JSON encoding, string copy or UTF-8 conversion. Frames
 * are written to the client's Netty channel without a flush, and the clients written to are flushed together at
 * most once per flush interval (25 ms by default; at once when the previous flush is older than that, or when
 * 64 KiB wait for one client), so at 200 events/s a client gets a few frames per {@code write} system call
 * instead of one call per frame. The
 * protocol is unchanged: one event per frame, each with its {@code seq}. Messages sent are counted once per
 * event, not once per client. Where the Netty channel cannot be reached (another server implementation) or a
 * message is larger than one websocket frame, the public Vert.x API is used, which flushes every message.
 */
final class WebSocketHub {

    static final String ALL = "*";
    static final short TRY_AGAIN_LATER = 1013;
    static final short MESSAGE_TOO_BIG = 1009;
    /** Experiments one client may be subscribed to at once, so a client cannot grow its state without bound. */
    static final int MAX_SUBSCRIPTIONS = 256;

    /**
     * Longest a frame waits for its flush, in ms (system property {@code topowatch.dashboard.wsFlushMillis}, 0 =
     * flush after every event). Bounds the latency batching adds; larger values mean fewer system calls.
     */
    static final long DEFAULT_FLUSH_MILLIS = Long.getLong("topowatch.dashboard.wsFlushMillis", 25L);
    /** Frames up to this size are written straight to the channel; Vert.x splits larger messages itself. */
    static final int DIRECT_FRAME_BYTES = 65536;

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHub.class);

    private final DashboardConfig.Limits limits;
    private final EventLog log;
    private final DashboardMetrics metrics;
    private final Vertx vertx;
    private final Context context;
    private final long flushInterval;
    /** Unflushed bytes after which a client is flushed at once: a small part of its write-queue bound. */
    private final int earlyFlushBytes;
    private final Set<Client> clients = new LinkedHashSet<>();
    /** {@link #clients} as an array for the fan-out loop; null after a change. */
    private Client[] snapshot;
    /** Clients with frames written but not flushed. */
    private final List<Client> dirty = new ArrayList<>();
    private boolean flushScheduled;
    private long lastFlush = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private long slowWarnings;

    /** Must be created on the event loop that runs the dashboard (its context schedules the flushes). */
    WebSocketHub(Vertx vertx, DashboardConfig.Limits limits, EventLog log, DashboardMetrics metrics) {
        this(vertx, limits, log, metrics, DEFAULT_FLUSH_MILLIS);
    }

    WebSocketHub(Vertx vertx, DashboardConfig.Limits limits, EventLog log, DashboardMetrics metrics,
                 long flushMillis) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.limits = limits;
        this.log = log;
        this.metrics = metrics;
        this.flushInterval = TimeUnit.MILLISECONDS.toNanos(Math.max(0, flushMillis));
        this.earlyFlushBytes = Math.max(1, Math.min(64 * 1024, limits.writeQueueBytes() / 4));
    }

    private final class Client {
        final ServerWebSocket ws;
        final TokenScopes.Scope scope;
        /** The socket's Netty channel context, for unflushed writes; null: write through the Vert.x API. */
        final ChannelHandlerContext channel;
        final Set<String> subscriptions = new LinkedHashSet<>();
        /** {@link #wants} per experiment, so the scope's globs are matched once per experiment, not per event. */
        final Map<String, Boolean> wanted = new HashMap<>();
        double allowance;
        long lastRefill = System.nanoTime();
        boolean closed;
        boolean dirty;
        /** Bytes written to {@link #channel} since its last flush. */
        int unflushed;

        Client(ServerWebSocket ws, TokenScopes.Scope scope) {
            this.ws = ws;
            this.scope = scope;
            this.channel = channelOf(ws);
            this.allowance = limits.messageBurst();
        }

        boolean wants(String experiment) {
            Boolean w = wanted.get(experiment);
            if (w == null) {
                w = scope.allows(experiment)
                        && (subscriptions.contains(experiment) || subscriptions.contains(ALL));
                if (wanted.size() >= 4 * MAX_SUBSCRIPTIONS) {
                    wanted.clear();
                }
                wanted.put(experiment, w);
            }
            return w;
        }

        void subscriptionsChanged() {
            wanted.clear();
        }

        /** Whether the bytes waiting for this client passed the bound (the Netty channel's high-water mark). */
        boolean full() {
            return ws.writeQueueFull() || (channel != null && !channel.channel().isWritable());
        }

        /** Token bucket: {@code messagesPerSecond} refill, {@code messageBurst} capacity. */
        boolean take() {
            long now = System.nanoTime();
            allowance = Math.min(limits.messageBurst(),
                    allowance + (now - lastRefill) / 1e9 * limits.messagesPerSecond());
            lastRefill = now;
            if (allowance < 1.0) {
                return false;
            }
            allowance -= 1.0;
            return true;
        }
    }

    int size() {
        return clients.size();
    }

    /** Takes an upgraded socket; {@code experiment} (may be null) is subscribed at once. */
    void accept(ServerWebSocket ws, TokenScopes.Scope scope, String experiment) {
        Client c = new Client(ws, scope);
        ws.setWriteQueueMaxSize(limits.writeQueueBytes());
        ws.textMessageHandler(text -> onMessage(c, text));
        ws.binaryMessageHandler(b -> error(c, "bad-request", "send JSON text messages", null));
        ws.exceptionHandler(e -> LOG.debug("Websocket error from {}: {}", ws.remoteAddress(), e.toString()));
        ws.closeHandler(v -> remove(c));
        clients.add(c);
        snapshot = null;
        metrics.clients(clients.size());
        if (experiment != null) {
            subscribe(c, experiment, null);
        }
    }

    /** Sends a numbered event to every client that wants it (all clients when it names no experiment). */
    void publish(EventLog.Event event) {
        Client[] all = snapshot();
        String experiment = event.experiment();
        int sent = 0;
        for (Client c : all) {
            if ((experiment == null || c.wants(experiment)) && write(c, event.frame())) {
                sent++;
            }
        }
        metrics.sent(sent);
    }

    /** A websocket-delivered subscription: the alarm to every client that may see its experiment. */
    void notify(Subscription s, JsonObject alarm) {
        String experiment = alarm.getString("experiment");
        Buffer frame = new JsonObject().put("type", "notification").put("subscription", s.id())
                .put("experiment", experiment).put("data", alarm).toBuffer();
        int sent = 0;
        for (Client c : snapshot()) {
            if (c.scope.allows(experiment) && write(c, frame)) {
                sent++;
            }
        }
        metrics.sent(sent);
    }

    void closeAll() {
        flush();
        for (Client c : snapshot()) {
            c.ws.close();
        }
        clients.clear();
        snapshot = null;
        metrics.clients(0);
    }

    private Client[] snapshot() {
        Client[] s = snapshot;
        if (s == null) {
            s = clients.toArray(new Client[0]);
            snapshot = s;
        }
        return s;
    }

    // ---- incoming ------------------------------------------------------------------------------------------

    private void onMessage(Client c, String text) {
        if (text.length() > limits.maxMessageBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
            drop(c, MESSAGE_TOO_BIG, "message too big", "too-large");
            return;
        }
        if (!c.take()) {
            error(c, "rate-limited", "at most " + limits.messagesPerSecond() + " messages per second", null);
            return;
        }
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error(c, "bad-request", "not a JSON object", null);
            return;
        }
        String op = msg.getValue("op") instanceof String s ? s : null;
        String experiment = msg.getValue("experiment") instanceof String s && !s.isBlank() ? s : null;
        if (op == null || experiment == null || !(op.equals("subscribe") || op.equals("unsubscribe"))) {
            error(c, "bad-request", "expected {\"op\":\"subscribe\"|\"unsubscribe\",\"experiment\":...}", experiment);
            return;
        }
        Object since = msg.getValue("since");
        if (since != null && !(since instanceof Number)) {
            error(c, "bad-request", "since must be a number (the last seq seen)", experiment);
            return;
        }
        if (op.equals("subscribe")) {
            subscribe(c, experiment, since == null ? null : ((Number) since).longValue());
        } else {
            c.subscriptions.remove(experiment);
            c.subscriptionsChanged();
            send(c, new JsonObject().put("type", "unsubscribed").put("experiment", experiment));
        }
    }

    private void subscribe(Client c, String experiment, Long since) {
        if (!experiment.equals(ALL) && !c.scope.allows(experiment)) {
            error(c, "forbidden", "this token may not see experiment " + experiment, experiment);
            return;
        }
        if (c.subscriptions.size() >= MAX_SUBSCRIPTIONS && !c.subscriptions.contains(experiment)) {
            error(c, "bad-request", "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection", experiment);
            return;
        }
        if (since != null) {
            List<EventLog.Event> replay = log.after(since, e -> c.scope.allows(e)
                    && (experiment.equals(ALL) || experiment.equals(e)));
            if (replay == null) {
                send(c, new JsonObject().put("type", "reset").put("experiment", experiment)
                        .put("seq", log.current()));
            } else {
                int sent = 0;
                for (EventLog.Event e : replay) {
                    if (write(c, e.frame())) {
                        sent++;
                    }
                }
                metrics.sent(sent);
            }
        }
        c.subscriptions.add(experiment);
        c.subscriptionsChanged();
        send(c, new JsonObject().put("type", "subscribed").put("experiment", experiment)
                .put("seq", log.current()));
    }

    // ---- outgoing ------------------------------------------------------------------------------------------

    /** A control message to one client. */
    private void send(Client c, JsonObject message) {
        if (write(c, message.toBuffer())) {
            metrics.sent(1);
        }
    }

    /**
     * Queues one text frame for {@code c} (flushed by {@link #scheduleFlush}), or closes {@code c} (1013) when
     * more than the write-queue bound is already waiting for it.
     *
     * @param frame the UTF-8 message; shared between clients, never modified
     * @return whether the frame was written
     */
    private boolean write(Client c, Buffer frame) {
        if (c.closed) {
            return false;
        }
        if (c.ws.isClosed()) { // closing (a close frame went either way); its close handler follows
            c.closed = true;
            remove(c);
            return false;
        }
        if (c.full()) {
            slowWarnings++;
            if (slowWarnings <= 10 || slowWarnings % 1000 == 0) { // many slow clients must not flood the log
                LOG.warn("Closing websocket {}: it is not keeping up (slow client #{})", c.ws.remoteAddress(),
                        slowWarnings);
            }
            drop(c, TRY_AGAIN_LATER, "too slow", "slow");
            return false;
        }
        ChannelHandlerContext ch = c.channel;
        if (ch != null && frame.length() <= DIRECT_FRAME_BYTES && ch.executor().inEventLoop()) {
            // A slice of the shared bytes: Netty releases the frame after writing it, the bytes stay.
            ch.write(new TextWebSocketFrame(true, 0, ((BufferInternal) frame).getByteBuf()), ch.voidPromise());
            c.unflushed += frame.length();
            if (c.unflushed >= earlyFlushBytes) {
                // A burst: hand it to the socket now, so that only bytes the client has not read count
                // towards its write-queue bound, as when every message was flushed.
                c.unflushed = 0;
                ch.flush();
            }
            if (!c.dirty) {
                c.dirty = true;
                dirty.add(c);
            }
            scheduleFlush();
        } else {
            c.ws.writeTextMessage(frame.toString(StandardCharsets.UTF_8)); // flushes, and this client's earlier frames
        }
        return true;
    }

    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        long wait = lastFlush + flushInterval - System.nanoTime();
        if (wait < TimeUnit.MILLISECONDS.toNanos(1)) {
            context.runOnContext(v -> flush()); // after the current task: its writes go out together
        } else {
            vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(wait), id -> flush());
        }
    }

    private void flush() {
        flushScheduled = false;
        lastFlush = System.nanoTime();
        for (Client c : dirty) {
            c.dirty = false;
            c.unflushed = 0;
            c.channel.flush();
        }
        dirty.clear();
    }

    /**
     * The Netty channel context of an upgraded socket: Vert.x's own server sockets expose it; vertx-web's router
     * hands out a wrapper that keeps the socket in a private field {@code delegate}. Null when neither works.
     */
    static ChannelHandlerContext channelOf(ServerWebSocket ws) {
        Object w = ws;
        for (int depth = 0; depth < 4 && w != null; depth++) {
            if (w instanceof WebSocketInternal internal) {
                try {
                    return internal.channelHandlerContext();
                } catch (RuntimeException e) {
                    return null;
                }
            }
            w = delegate(w);
        }
        return null;
    }

    private static Object delegate(Object wrapper) {
        for (Class<?> k = wrapper.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField("delegate");
                if (!ServerWebSocket.class.isAssignableFrom(f.getType())) {
                    return null;
                }
                f.setAccessible(true);
                return f.get(wrapper);
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Cannot unwrap {}: {}", wrapper.getClass().getName(), e.toString());
                return null;
            }
        }
        return null;
    }

    private void error(Client c, String reason, String message, String experiment) {
        JsonObject e = new JsonObject().put("type", "error").put("reason", reason).put("message", message);
        if (experiment != null) {
            e.put("experiment", experiment);
        }
        send(c, e);
    }

    private void drop(Client c, short status, String why, String metric) {
        remove(c);
        c.closed = true;
        metrics.dropped(metric);
        c.ws.close(status, why);
    }

    private void remove(Client c) {
        if (clients.remove(c)) {
            snapshot = null;
            metrics.clients(clients.size());
        }
    }
}
