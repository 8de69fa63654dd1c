package io.topowatch.dashboard;

import static io.topowatch.dashboard.DashboardClient.HOST;
import static io.topowatch.dashboard.DashboardClient.alert;
import static io.topowatch.dashboard.DashboardClient.feed;
import static io.topowatch.dashboard.DashboardClient.point;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens scoped to experiments: 401 for unknown, 403 outside the scope, lists filtered; websocket too. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class AuthorisationTest {

    /** Sees exp-1* only. */
    private static final String NARROW = "narrow-token-1";
    /** Sees everything. */
    private static final String WIDE = "wide-token-2";
    private static final String UP = "trivial->topological";

    private DashboardClient client;
    private WebSocketClient wsClient;
    private int port;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        DashboardConfig config = new DashboardConfig(HOST, 0, "unused", 100)
                .withTokens(TokenScopes.parse(NARROW + ":exp-1*," + WIDE + ":*", null));
        DashboardVerticle verticle = new DashboardVerticle(config);
        wsClient = vertx.createWebSocketClient();
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            port = verticle.actualPort();
            client = new DashboardClient(vertx, port);
            feed(vertx, FeedTopics.TRAJECTORIES, "exp-1a/S1", point("exp-1a", "S1", 1));
            feed(vertx, FeedTopics.TRAJECTORIES, "exp-2/S1", point("exp-2", "S1", 1));
            feed(vertx, FeedTopics.ALERTS, "exp-1a/S1", alert("exp-1a", "S1", UP, 1, "2026-11-21T10:00:00Z", 0.9).encode());
            feed(vertx, FeedTopics.ALERTS, "exp-2/S1", alert("exp-2", "S1", UP, 1, "2026-11-21T10:00:00Z", 0.9).encode());
            ctx.completeNow();
        }));
    }

    @Test
    void theOldSingleTokenIsNoLongerValidHere(VertxTestContext ctx) {
        client.get("/api/experiments", "unused-x").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(401);
            ctx.completeNow();
        })));
    }

    @Test
    void listsOnlyShowWhatTheTokenMaySee(VertxTestContext ctx) {
        Checkpoint all = ctx.checkpoint(4);
        client.get("/api/experiments", NARROW).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(names(r.array(), "experiment")).containsExactly("exp-1a");
            all.flag();
        })));
        client.get("/api/experiments", WIDE).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(names(r.array(), "experiment")).containsExactly("exp-1a", "exp-2");
            all.flag();
        })));
        client.get("/api/alerts", NARROW).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(names(r.array(), "experiment")).containsExactly("exp-1a");
            all.flag();
        })));
        client.get("/api/trajectories", NARROW).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(names(r.array(), "experiment")).containsExactly("exp-1a");
            all.flag();
        })));
    }

    @Test
    void outsideTheScopeIs403OnEveryExperimentRoute(VertxTestContext ctx) {
        String ack = "/api/alerts/" + URLEncoder.encode("exp-2/S1/" + UP + "/1", StandardCharsets.UTF_8) + "/ack";
        List<Future<DashboardClient.Response>> calls = List.of(
                client.get("/api/experiments/exp-2/trajectories", NARROW),
                client.get("/api/experiments/exp-2/spectra", NARROW),
                client.get("/api/experiments/exp-2/suggestions", NARROW),
                client.get("/api/alerts?experiment=exp-2", NARROW),
                client.call(HttpMethod.POST, ack, NARROW, new JsonObject().put("by", "Eve")),
                client.call(HttpMethod.POST, "/api/subscriptions", NARROW, new JsonObject()
                        .put("experimentPattern", "exp-*").put("delivery", new JsonObject().put("type", "websocket"))),
                client.call(HttpMethod.POST, "/api/subscriptions", NARROW, new JsonObject()
                        .put("experimentPattern", "exp-2").put("delivery", new JsonObject().put("type", "websocket"))));
        Future.all(calls).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
            for (Future<DashboardClient.Response> f : calls) {
                DashboardClient.Response r = f.result();
                assertThat(r.status()).as(r.body()).isEqualTo(403);
                assertThat(r.json().getString("error")).isEqualTo("forbidden");
                assertThat(r.body()).doesNotContain(NARROW);
            }
            ctx.completeNow();
        })));
    }

    @Test
    void insideTheScopeIsServed(VertxTestContext ctx) {
        client.get("/api/experiments/exp-1a/trajectories", NARROW)
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(200));
                    return client.call(HttpMethod.POST, "/api/subscriptions", NARROW, new JsonObject()
                            .put("experimentPattern", "exp-1*").put("delivery", new JsonObject().put("type", "websocket")));
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(201));
                    return client.call(HttpMethod.POST, "/api/subscriptions", WIDE, new JsonObject().put("id", "all")
                            .put("experimentPattern", "*").put("delivery", new JsonObject().put("type", "websocket")));
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(201));
                    return client.get("/api/subscriptions", NARROW);
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(names(r.array(), "experimentPattern")).containsExactly("exp-1*"));
                    return client.call(HttpMethod.DELETE, "/api/subscriptions/all", NARROW, null);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.status()).isEqualTo(403); // the wide subscription is not the narrow token's
                    ctx.completeNow();
                })));
    }

    @Test
    void webSocketRefusesUnknownTokensForeignExperimentsAndForeignOrigins(VertxTestContext ctx) {
        record Case(String uri, String origin, int status) {}
        List<Case> cases = List.of(
                new Case("/ws?token=nope", null, 401),
                new Case("/ws", null, 401),
                new Case("/ws?token=" + NARROW + "&experiment=exp-2", null, 403),
                new Case("/ws?token=" + WIDE, "https://evil.example", 403),
                new Case("/ws?token=" + WIDE, "http://127.0.0.1:1", 403));
        Checkpoint all = ctx.checkpoint(cases.size());
        for (Case c : cases) {
            var options = client.ws(c.uri());
            if (c.origin() != null) {
                options.putHeader("Origin", c.origin());
            }
            wsClient.connect(options).onComplete(ctx.failing(e -> ctx.verify(() -> {
                assertThat(e).isInstanceOf(UpgradeRejectedException.class);
                assertThat(((UpgradeRejectedException) e).getStatus()).as(c.toString()).isEqualTo(c.status());
                all.flag();
            })));
        }
    }

    @Test
    void webSocketAcceptsTheSameOriginAndItsOwnExperiments(VertxTestContext ctx) {
        var options = client.ws("/ws?token=" + NARROW + "&experiment=exp-1a")
                .putHeader("Origin", "http://127.0.0.1:" + port);
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> ctx.verify(() -> {
            JsonObject m = new JsonObject(text);
            assertThat(m.getString("type")).isEqualTo("subscribed");
            assertThat(m.getString("experiment")).isEqualTo("exp-1a");
            ctx.completeNow();
        }));
        ws.connect(options).onComplete(ctx.succeeding(v -> { }));
    }

    @Test
    void subscribingToAForeignExperimentIsAnErrorAndGetsNothing(Vertx vertx, VertxTestContext ctx) {
        ClientWebSocket ws = wsClient.webSocket();
        List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        ws.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            received.add(m);
            if (m.getString("type").equals("subscribed")) { // the "*" subscription, after the refused one
                feed(vertx, FeedTopics.TRAJECTORIES, "exp-2/S1", point("exp-2", "S1", 2));
                feed(vertx, FeedTopics.TRAJECTORIES, "exp-1a/S1", point("exp-1a", "S1", 2));
            }
            if (m.getString("type").equals("trajectory")) {
                ctx.verify(() -> {
                    assertThat(received.get(0)).isEqualTo(new JsonObject().put("type", "error").put("reason", "forbidden")
                            .put("message", "this token may not see experiment exp-2").put("experiment", "exp-2"));
                    assertThat(m.getString("experiment")).isEqualTo("exp-1a"); // exp-2's point never came
                    ctx.completeNow();
                });
            }
        });
        ws.connect(client.ws("/ws?token=" + NARROW)).onComplete(ctx.succeeding(v -> {
            ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("experiment", "exp-2").encode());
            ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("experiment", "*").encode());
        }));
    }

    @Test
    void originRules() {
        assertThat(ApiRouter.originAllowed("http://host:8080", "host:8080", List.of())).isTrue();
        assertThat(ApiRouter.originAllowed("https://host", "host", List.of())).isTrue();
        assertThat(ApiRouter.originAllowed("https://host", "host:443", List.of())).isTrue();
        assertThat(ApiRouter.originAllowed("http://host:8081", "host:8080", List.of())).isFalse();
        assertThat(ApiRouter.originAllowed("http://other:8080", "host:8080", List.of())).isFalse();
        assertThat(ApiRouter.originAllowed("null", "host:8080", List.of())).isFalse();
        assertThat(ApiRouter.originAllowed("https://ops.example", "host:8080", List.of("https://ops.example/")))
                .isTrue();
        assertThat(ApiRouter.originAllowed("http://host:8080", "host:8080", List.of("https://ops.example")))
                .isFalse();
    }

    private static List<String> names(JsonArray array, String field) {
        return array.stream().map(o -> ((JsonObject) o).getString(field)).toList();
    }
}
