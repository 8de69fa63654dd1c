package io.topowatch.dashboard;

import io.topowatch.alert.Subscription;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket clients: their subscriptions, what they may see, how fast they may talk, and how far behind
 * they may fall. A client whose write queue is full is closed (1013) rather than buffered without bound, so
 * one slow client never holds up the others; it reconnects and resumes with {@code since}.
 *
 * <p>Protocol in {@code /work/contract/CONTRACT.md} ("API as built") and the README. Event loop only.
 */
final class WebSocketHub {

    static final String ALL = "*";
    static final short TRY_AGAIN_LATER = 1013;
    static final short MESSAGE_TOO_BIG = 1009;
    /** Experiments one client may be subscribed to at once, so a client cannot grow its state without bound. */
    static final int MAX_SUBSCRIPTIONS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHub.class);

    private final DashboardConfig.Limits limits;
    private final EventLog log;
    private final DashboardMetrics metrics;
    private final Set<Client> clients = new LinkedHashSet<>();

    WebSocketHub(DashboardConfig.Limits limits, EventLog log, DashboardMetrics metrics) {
        this.limits = limits;
        this.log = log;
        this.metrics = metrics;
    }

    private final class Client {
        final ServerWebSocket ws;
        final TokenScopes.Scope scope;
        final Set<String> subscriptions = new LinkedHashSet<>();
        double allowance;
        long lastRefill = System.nanoTime();
        boolean closed;

        Client(ServerWebSocket ws, TokenScopes.Scope scope) {
            this.ws = ws;
            this.scope = scope;
            this.allowance = limits.messageBurst();
        }

        boolean wants(String experiment) {
            return scope.allows(experiment)
                    && (subscriptions.contains(experiment) || subscriptions.contains(ALL));
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
        metrics.clients(clients.size());
        if (experiment != null) {
            subscribe(c, experiment, null);
        }
    }

    /** Sends a numbered event to every client that wants it (all clients when it names no experiment). */
    void publish(EventLog.Event event) {
        for (Client c : new ArrayList<>(clients)) {
            if (event.experiment() == null || c.wants(event.experiment())) {
                send(c, event.text());
            }
        }
    }

    /** A websocket-delivered subscription: the alarm to every client that may see its experiment. */
    void notify(Subscription s, JsonObject alarm) {
        String experiment = alarm.getString("experiment");
        String text = new JsonObject().put("type", "notification").put("subscription", s.id())
                .put("experiment", experiment).put("data", alarm).encode();
        for (Client c : new ArrayList<>(clients)) {
            if (c.scope.allows(experiment)) {
                send(c, text);
            }
        }
    }

    void closeAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close();
        }
        clients.clear();
        metrics.clients(0);
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
            send(c, new JsonObject().put("type", "unsubscribed").put("experiment", experiment).encode());
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
                        .put("seq", log.current()).encode());
            } else {
                for (EventLog.Event e : replay) {
                    send(c, e.text());
                }
            }
        }
        c.subscriptions.add(experiment);
        send(c, new JsonObject().put("type", "subscribed").put("experiment", experiment)
                .put("seq", log.current()).encode());
    }

    // ---- outgoing ------------------------------------------------------------------------------------------

    private void send(Client c, String text) {
        if (c.closed) {
            return;
        }
        if (c.ws.writeQueueFull()) {
            LOG.warn("Closing websocket {}: it is not keeping up", c.ws.remoteAddress());
            drop(c, TRY_AGAIN_LATER, "too slow", "slow");
            return;
        }
        c.ws.writeTextMessage(text);
        metrics.sent();
    }

    private void error(Client c, String reason, String message, String experiment) {
        JsonObject e = new JsonObject().put("type", "error").put("reason", reason).put("message", message);
        if (experiment != null) {
            e.put("experiment", experiment);
        }
        send(c, e.encode());
    }

    private void drop(Client c, short status, String why, String metric) {
        remove(c);
        c.closed = true;
        metrics.dropped(metric);
        c.ws.close(status, why);
    }

    private void remove(Client c) {
        if (clients.remove(c)) {
            metrics.clients(clients.size());
        }
    }
}
