package io.topowatch.dashboard;

import static io.topowatch.dashboard.DashboardClient.HOST;
import static io.topowatch.dashboard.DashboardClient.alert;
import static io.topowatch.dashboard.DashboardClient.feed;
import static io.topowatch.dashboard.DashboardClient.point;
import static io.topowatch.dashboard.DashboardClient.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.SubscriptionJournal;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The websocket protocol: subscribe, seq, resume with since, reset, unsubscribe, limits. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class WebSocketProtocolTest {

    private static final String TOKEN = "ws-token-5";
    private static final int REPLAY = 5;
    private static final String T = FeedTopics.TRAJECTORIES;

    private DashboardClient client;
    private WebSocketClient wsClient;
    private PrometheusMeterRegistry registry;
    private Socket stalled;

    @AfterEach
    void closeStalled() {
        if (stalled != null) {
            close(stalled);
        }
    }

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DashboardConfig config = new DashboardConfig(HOST, 0, TOKEN, 1000)
                .withLimits(new DashboardConfig.Limits(256, 5, 3, 64 * 1024, REPLAY, 100, 100));
        DashboardVerticle verticle = new DashboardVerticle(config, registry, SubscriptionJournal.none());
        wsClient = vertx.createWebSocketClient();
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            client = new DashboardClient(vertx, verticle.actualPort());
            ctx.completeNow();
        }));
    }

    private void open(VertxTestContext ctx, Consumer<JsonObject> onMessage, Consumer<ClientWebSocket> onOpen) {
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> ctx.verify(() -> onMessage.accept(new JsonObject(text))));
        ws.connect(client.ws("/ws?token=" + TOKEN)).onComplete(ctx.succeeding(v -> onOpen.accept(ws)));
    }

    private static String op(String op, String experiment, Long since) {
        JsonObject m = new JsonObject().put("op", op).put("experiment", experiment);
        if (since != null) {
            m.put("since", since);
        }
        return m.encode();
    }

    @Test
    void subscribedExperimentsGetNumberedEventsOfEveryType(Vertx vertx, VertxTestContext ctx) {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            got.add(m);
            if (m.getString("type").equals("subscribed")) {
                assertThat(m.getLong("seq")).isEqualTo(0L);
                feed(vertx, T, "other/S1", point("other", "S1", 1)); // seq 1, not subscribed
                feed(vertx, T, "e/S1", point("e", "S1", 1)); // 2
                feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Bi", 1).encode()); // 3
                feed(vertx, FeedTopics.ALERTS, "e/S1",
                        alert("e", "S1", "trivial->topological", 1, "2026-11-21T10:00:00Z", 0.9).encode()); // 4
                feed(vertx, FeedTopics.SUGGESTIONS, "e/S1", new JsonObject().put("type", "suggestion")
                        .put("experiment", "e").put("sample", "S1").put("nextValue", 4.2).encode()); // 5
                feed(vertx, FeedTopics.MODELS, "promoted", new JsonObject().put("version", "tn-3").encode()); // 6
            }
            if (m.getString("type").equals("model")) {
                List<JsonObject> events = got.subList(1, got.size());
                assertThat(events).extracting(e -> e.getString("type") + "#" + e.getLong("seq"))
                        .containsExactly("trajectory#2", "spectrum#3", "alert#4", "suggestion#5", "model#6");
                assertThat(events.get(0).getJsonObject("data")).isEqualTo(new JsonObject(point("e", "S1", 1)));
                assertThat(events.get(0).getString("experiment")).isEqualTo("e");
                assertThat(events.get(1).getJsonObject("data").getJsonArray("mu")).hasSize(3);
                assertThat(events.get(1).getJsonObject("data").getString("experiment")).isEqualTo("e");
                assertThat(events.get(2).getJsonObject("data").getString("state")).isEqualTo("unacknowledged");
                assertThat(events.get(4).containsKey("experiment")).isFalse();
                ctx.completeNow();
            }
        }, ws -> ws.writeTextMessage(op("subscribe", "e", null)));
    }

    @Test
    void spectraOfOneElementArriveAtMostFourTimesASecondTheLatestWinning(Vertx vertx, VertxTestContext ctx) {
        List<JsonObject> spectra = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            if (m.getString("type").equals("subscribed")) {
                for (int setpoint = 1; setpoint <= 5; setpoint++) {
                    feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Bi", setpoint).encode());
                }
                feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Se", 1).encode()); // another element
                vertx.setTimer(DashboardVerticle.SPECTRUM_EVENT_INTERVAL_MS + 300, t -> ctx.verify(() -> {
                    assertThat(spectra).extracting(e -> e.getJsonObject("data").getString("element") + "@"
                            + e.getJsonObject("data").getInteger("setpoint"))
                            .containsExactly("Bi@1", "Se@1", "Bi@5");
                    ctx.completeNow();
                }));
            }
            if (m.getString("type").equals("spectrum")) {
                spectra.add(m);
            }
        }, ws -> ws.writeTextMessage(op("subscribe", "e", null)));
    }

    @Test
    void resumingWithSinceReplaysWhatWasMissed(Vertx vertx, VertxTestContext ctx) {
        for (int i = 1; i <= 4; i++) {
            feed(vertx, T, "e/S1", point("e", "S1", i)); // seq 1..4
        }
        feed(vertx, T, "x/S1", point("x", "S1", 1)); // seq 5, another experiment
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            got.add(m);
            if (m.getString("type").equals("subscribed")) {
                assertThat(got).extracting(e -> e.getString("type") + "#" + e.getLong("seq"))
                        .containsExactly("trajectory#3", "trajectory#4", "subscribed#5");
                ctx.completeNow();
            }
        }, ws -> vertx.setTimer(200, t -> ws.writeTextMessage(op("subscribe", "e", 2L))));
    }

    @Test
    void sinceOlderThanTheBufferOrFromAnotherServerLifeGetsReset(Vertx vertx, VertxTestContext ctx) {
        for (int i = 1; i <= REPLAY + 3; i++) {
            feed(vertx, T, "e/S1", point("e", "S1", i)); // seq 1..8; the buffer keeps 4..8
        }
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            got.add(m);
            if (got.size() == 5) {
                assertThat(got).extracting(e -> e.getString("type") + "#" + e.getLong("seq"))
                        .containsExactly("reset#8", "subscribed#8", "reset#8", "subscribed#8",
                                "trajectory#8"); // since 7: only seq 8, replayed (then subscribed)
                ctx.completeNow();
            }
        }, ws -> vertx.setTimer(200, t -> {
            ws.writeTextMessage(op("subscribe", "e", 2L)); // 3 was dropped
            ws.writeTextMessage(op("subscribe", "e", 99L)); // a seq this server never issued
            ws.writeTextMessage(op("subscribe", "e", 7L));
        }));
    }

    @Test
    void unsubscribeStopsEvents(Vertx vertx, VertxTestContext ctx) {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            got.add(m);
            switch (m.getString("type")) {
                case "subscribed" -> feed(vertx, T, "e/S1", point("e", "S1", 1));
                case "unsubscribed" -> {
                    feed(vertx, T, "e/S1", point("e", "S1", 2)); // not delivered
                    feed(vertx, T, "f/S1", point("f", "S1", 1)); // not subscribed either
                    vertx.setTimer(300, t -> ctx.verify(() -> {
                        assertThat(got).extracting(e -> e.getString("type"))
                                .containsExactly("subscribed", "trajectory", "unsubscribed");
                        ctx.completeNow();
                    }));
                }
                default -> { }
            }
        }, ws -> {
            ws.writeTextMessage(op("subscribe", "e", null));
            vertx.setTimer(300, t -> ws.writeTextMessage(op("unsubscribe", "e", null)));
        });
    }

    @Test
    void badMessagesGetErrorsAndTheSocketStaysOpen(VertxTestContext ctx) {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            got.add(m);
            if (got.size() == 3) {
                assertThat(got).extracting(e -> e.getString("type") + ":" + e.getString("reason"))
                        .containsExactly("error:bad-request", "error:bad-request", "error:bad-request");
                ctx.completeNow();
            }
        }, ws -> {
            ws.writeTextMessage("not json");
            ws.writeTextMessage("{\"op\":\"dance\",\"experiment\":\"e\"}");
            ws.writeTextMessage("{\"op\":\"subscribe\",\"experiment\":\"e\",\"since\":\"yesterday\"}");
        });
    }

    @Test
    void aClientTalkingTooFastIsRateLimited(VertxTestContext ctx) {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        open(ctx, m -> {
            got.add(m);
            if (got.size() == 6) {
                long limited = got.stream().filter(e -> "rate-limited".equals(e.getString("reason"))).count();
                long subscribed = got.stream().filter(e -> "subscribed".equals(e.getString("type"))).count();
                assertThat(subscribed).isBetween(3L, 4L); // burst 3 (plus at most one refill)
                assertThat(limited).isEqualTo(6 - subscribed);
                ctx.completeNow();
            }
        }, ws -> {
            for (int i = 0; i < 6; i++) {
                ws.writeTextMessage(op("subscribe", "e" + i, null));
            }
        });
    }

    @Test
    void aMessageAboveTheLimitClosesTheSocketWith1009(VertxTestContext ctx) {
        ClientWebSocket ws = wsClient.webSocket();
        ws.closeHandler(v -> ctx.verify(() -> {
            assertThat(ws.closeStatusCode()).isEqualTo((short) 1009);
            ctx.completeNow();
        }));
        ws.connect(client.ws("/ws?token=" + TOKEN)).onComplete(ctx.succeeding(v ->
                ws.writeTextMessage(op("subscribe", "e".repeat(300), null))));
    }

    @Test
    void oneConnectionHoldsAtMostMaxSubscriptions(Vertx vertx, VertxTestContext ctx) {
        DashboardVerticle roomy = new DashboardVerticle(new DashboardConfig(HOST, 0, TOKEN, 10)
                .withLimits(new DashboardConfig.Limits(256, 10_000, 10_000, 1 << 20, 10, 10, 10)));
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        int n = WebSocketHub.MAX_SUBSCRIPTIONS + 1;
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> {
            got.add(new JsonObject(text));
            if (got.size() == n) {
                ctx.verify(() -> {
                    assertThat(got.subList(0, n - 1)).allMatch(m -> "subscribed".equals(m.getString("type")));
                    assertThat(got.get(n - 1).getString("type")).isEqualTo("error");
                    assertThat(got.get(n - 1).getString("reason")).isEqualTo("bad-request");
                    ctx.completeNow();
                });
            }
        });
        vertx.deployVerticle(roomy)
                .compose(id -> ws.connect(new DashboardClient(vertx, roomy.actualPort()).ws("/ws?token=" + TOKEN)))
                .onComplete(ctx.succeeding(v -> {
                    for (int i = 0; i < n; i++) {
                        ws.writeTextMessage(op("subscribe", "e" + i, null));
                    }
                }));
    }

    @Test
    void aSlowClientIsDroppedWhileAFastOneKeepsUp(Vertx vertx, VertxTestContext ctx) throws Exception {
        int events = 200;
        ClientWebSocket fast = wsClient.webSocket();
        List<Long> fastSeqs = new CopyOnWriteArrayList<>();
        // The fast client reads the type and seq from the head of each ≈ 40 kB message instead of parsing it
        // whole: a full parse per message made the "fast" client itself fall behind on a loaded machine.
        fast.textMessageHandler(text -> {
            if (headField(text, "type").equals("\"spectrum\"")) {
                fastSeqs.add(Long.parseLong(headField(text, "seq")));
            }
            if (fastSeqs.size() == events) {
                ctx.verify(() -> {
                    assertThat(fastSeqs).doesNotHaveDuplicates().hasSize(events);
                    assertThat(registry.get("topowatch.dashboard.clients.dropped").tag("reason", "slow").counter()
                            .count()).isEqualTo(1.0);
                    assertThat(registry.get("topowatch.dashboard.clients").gauge().value()).isEqualTo(1.0);
                    ctx.completeNow();
                });
            }
        });
        fast.closeHandler(v -> ctx.failNow("the fast client was closed after " + fastSeqs.size() + " of " + events
                + " events (close status " + fast.closeStatusCode() + ", " + fast.closeReason() + ")"));
        stalled = stalledWebSocket("/ws?token=" + TOKEN + "&experiment=e"); // handshakes, then never reads
        fast.connect(client.ws("/ws?token=" + TOKEN + "&experiment=e"))
                .onComplete(ctx.succeeding(v -> vertx.setTimer(200, t -> {
                    JsonArray energy = new JsonArray(Collections.nCopies(4000, 12600.5));
                    // one sample each: spectrum events of one (sample, element) are coalesced to a few a second
                    for (int i = 0; i < events; i++) {
                        feed(vertx, FeedTopics.SPECTRA, "e/S" + i, scan("e", "S" + i, "Bi", i).put("energy", energy)
                                .encode());
                    }
                })));
    }

    /** The raw JSON value of a top-level field written before any nested object (the event's header fields). */
    private static String headField(String json, String name) {
        int at = json.indexOf("\"" + name + "\":");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 3;
        int to = from;
        while (to < json.length() && json.charAt(to) != ',' && json.charAt(to) != '}') {
            to++;
        }
        return json.substring(from, to);
    }

    /** A websocket client that completes the handshake and then reads nothing, with a tiny receive window. */
    private Socket stalledWebSocket(String uri) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(HOST, client.port()));
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(("GET " + uri + " HTTP/1.1\r\nHost: " + HOST + ":" + client.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }
}
