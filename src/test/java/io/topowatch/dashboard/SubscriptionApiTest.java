package io.topowatch.dashboard;

import static io.topowatch.dashboard.DashboardClient.HOST;
import static io.topowatch.dashboard.DashboardClient.alert;
import static io.topowatch.dashboard.DashboardClient.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.SubscriptionJournal;
import io.topowatch.alert.WebhookSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Subscriptions through the API, and their deliveries: a signed webhook that is retried, Kafka, websocket. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class SubscriptionApiTest {

    private static final String TOKEN = "sub-token-9";
    private static final String SECRET = "webhook-secret-123";
    private static final String UP = "trivial->topological";
    private static final String DOWN = "topological->trivial";

    private DashboardClient client;
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private PrometheusMeterRegistry registry;
    private WebSocketClient wsClient;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SubscriptionJournal recording = (topic, key, value) -> {
            journal.add(topic + " " + key + " " + value);
            return Future.succeededFuture();
        };
        DashboardConfig config = new DashboardConfig(HOST, 0, TOKEN, 100)
                .withWebhookRetry(new WebhookSender.Retry(4, Duration.ofMillis(100), Duration.ofSeconds(1),
                        Duration.ofSeconds(2)));
        DashboardVerticle verticle = new DashboardVerticle(config, registry, recording);
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            client = new DashboardClient(vertx, verticle.actualPort());
            ctx.completeNow();
        }));
    }

    private Future<DashboardClient.Response> create(JsonObject body) {
        return client.call(HttpMethod.POST, "/api/subscriptions", TOKEN, body);
    }

    @Test
    void createListDeleteAndSecretsStayHidden(VertxTestContext ctx) {
        JsonObject body = new JsonObject().put("id", "ops-hook").put("experimentPattern", "exp-1*")
                .put("transitions", List.of(UP)).put("minConfidence", 0.8)
                .put("delivery", new JsonObject().put("type", "webhook").put("url", "https://hooks.example/tw"));
        create(body)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.status()).isEqualTo(201);
                        JsonObject s = r.json();
                        assertThat(s.getString("id")).isEqualTo("ops-hook");
                        assertThat(s.getJsonArray("transitions")).containsExactly(UP);
                        assertThat(s.getDouble("minConfidence")).isEqualTo(0.8);
                        assertThat(s.getJsonObject("delivery").getString("secret")).hasSizeGreaterThanOrEqualTo(16);
                        assertThat(s.getString("createdAt")).isNotBlank();
                        assertThat(journal).hasSize(1);
                        assertThat(journal.get(0)).startsWith(FeedTopics.SUBSCRIPTIONS + " ops-hook {")
                                .contains(s.getJsonObject("delivery").getString("secret"));
                    });
                    return client.get("/api/subscriptions", TOKEN);
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.array()).hasSize(1);
                        JsonObject d = r.array().getJsonObject(0).getJsonObject("delivery");
                        assertThat(d.containsKey("secret")).isFalse();
                        assertThat(d.getBoolean("hasSecret")).isTrue();
                        assertThat(d.getString("url")).isEqualTo("https://hooks.example/tw");
                    });
                    return client.call(HttpMethod.DELETE, "/api/subscriptions/ops-hook", TOKEN, null);
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.status()).isEqualTo(204);
                        assertThat(journal.get(1)).isEqualTo(FeedTopics.SUBSCRIPTIONS + " ops-hook null");
                    });
                    return client.call(HttpMethod.DELETE, "/api/subscriptions/ops-hook", TOKEN, null);
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(404));
                    return client.get("/api/subscriptions", TOKEN);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.array()).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void invalidSubscriptionsAre400(VertxTestContext ctx) {
        List<JsonObject> bad = List.of(
                new JsonObject().put("delivery", new JsonObject().put("type", "websocket")),
                new JsonObject().put("experimentPattern", "e").put("delivery", new JsonObject().put("type", "pigeon")),
                new JsonObject().put("experimentPattern", "e").put("delivery", new JsonObject().put("type", "webhook")
                        .put("url", "ftp://x/")),
                new JsonObject().put("experimentPattern", "e").put("delivery", new JsonObject().put("type", "kafka")
                        .put("topic", "topowatch.subscriptions")),
                new JsonObject().put("experimentPattern", "e").put("minConfidence", 2)
                        .put("delivery", new JsonObject().put("type", "websocket")),
                new JsonObject().put("experimentPattern", "e").put("transitions", List.of("sideways"))
                        .put("delivery", new JsonObject().put("type", "websocket")),
                new JsonObject().put("id", "no spaces").put("experimentPattern", "e")
                        .put("delivery", new JsonObject().put("type", "websocket")));
        List<Future<DashboardClient.Response>> calls = bad.stream().map(this::create).toList();
        Future.all(calls).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            for (Future<DashboardClient.Response> f : calls) {
                assertThat(f.result().status()).as(f.result().body()).isEqualTo(400);
                assertThat(f.result().json().getString("error")).isEqualTo("bad_request");
            }
            assertThat(journal).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    void webhookIsSignedAndRetriedAfterAFailedDelivery(Vertx vertx, VertxTestContext ctx) {
        List<JsonObject> attempts = new CopyOnWriteArrayList<>();
        HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String expected = WebhookSender.signature(SECRET, body.getBytes());
            boolean valid = expected.equals(req.getHeader(WebhookSender.SIGNATURE_HEADER));
            attempts.add(new JsonObject().put("valid", valid).put("attempt", req.getHeader(WebhookSender.ATTEMPT_HEADER))
                    .put("delivery", req.getHeader(WebhookSender.DELIVERY_HEADER)).put("body", body.toString())
                    .put("contentType", req.getHeader("Content-Type")).put("path", req.path()));
            if (!valid) {
                req.response().setStatusCode(401).end();
            } else if (attempts.size() == 1) {
                req.response().setStatusCode(503).end("first delivery fails on purpose");
            } else {
                req.response().setStatusCode(204).end();
                ctx.verify(() -> {
                    assertThat(attempts).hasSize(2);
                    JsonObject first = attempts.get(0);
                    JsonObject second = attempts.get(1);
                    assertThat(first.getBoolean("valid")).isTrue();
                    assertThat(second.getBoolean("valid")).isTrue();
                    assertThat(first.getString("attempt")).isEqualTo("1");
                    assertThat(second.getString("attempt")).isEqualTo("2");
                    assertThat(second.getString("delivery")).isEqualTo(first.getString("delivery"));
                    assertThat(second.getString("body")).isEqualTo(first.getString("body"));
                    assertThat(second.getString("contentType")).isEqualTo("application/json");
                    assertThat(second.getString("path")).isEqualTo("/hook");
                    JsonObject payload = new JsonObject(second.getString("body"));
                    assertThat(payload.getString("subscription")).isEqualTo("hook");
                    assertThat(payload.getString("deliveryId")).isEqualTo(second.getString("delivery"));
                    JsonObject alarm = payload.getJsonObject("alert");
                    assertThat(alarm.getString("experiment")).isEqualTo("exp-7");
                    assertThat(alarm.getString("direction")).isEqualTo(UP);
                    assertThat(alarm.getString("state")).isEqualTo("unacknowledged");
                    assertThat(alarm.getInteger("count")).isEqualTo(1);
                    vertx.setTimer(400, t -> ctx.verify(() -> {
                        assertThat(attempts).hasSize(2); // nothing else: the weak, the wrong-way, the folded one
                        assertThat(registry.get("topowatch.alert.deliveries").tag("type", "webhook")
                                .tag("outcome", "delivered").counter().count()).isEqualTo(1.0);
                        ctx.completeNow();
                    }));
                });
            }
        }));
        receiver.listen(0, HOST)
                .compose(server -> create(new JsonObject().put("id", "hook").put("experimentPattern", "exp-?")
                        .put("transitions", List.of(UP)).put("minConfidence", 0.8)
                        .put("delivery", new JsonObject().put("type", "webhook").put("secret", SECRET)
                                .put("url", "http://" + HOST + ":" + server.actualPort() + "/hook"))))
                .onComplete(ctx.succeeding(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(201));
                    feed(vertx, FeedTopics.ALERTS, "exp-7/S1",
                            alert("exp-7", "S0", UP, 1, "2026-11-21T09:00:00Z", 0.9).encode(), true); // replayed: no
                    feed(vertx, FeedTopics.ALERTS, "exp-7/S1",
                            alert("exp-7", "S1", UP, 1, "2026-11-21T10:00:00Z", 0.5).encode()); // too weak
                    feed(vertx, FeedTopics.ALERTS, "exp-7/S2",
                            alert("exp-7", "S2", DOWN, 1, "2026-11-21T10:00:00Z", 0.95).encode()); // wrong way
                    feed(vertx, FeedTopics.ALERTS, "exp-77/S1",
                            alert("exp-77", "S1", UP, 1, "2026-11-21T10:00:00Z", 0.95).encode()); // not exp-?
                    feed(vertx, FeedTopics.ALERTS, "exp-7/S3",
                            alert("exp-7", "S3", UP, 1, "2026-11-21T10:00:00Z", 0.95).encode()); // this one
                    feed(vertx, FeedTopics.ALERTS, "exp-7/S3",
                            alert("exp-7", "S3", UP, 2, "2026-11-21T10:01:00Z", 0.97).encode()); // folded: no
                }));
    }

    @Test
    void kafkaAndWebsocketDeliveries(Vertx vertx, VertxTestContext ctx) {
        wsClient = vertx.createWebSocketClient(); // held in a field: an unreachable client gets closed
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            if (!"notification".equals(m.getString("type"))) {
                return;
            }
            ctx.verify(() -> {
                assertThat(m.getString("subscription")).isEqualTo("ws");
                assertThat(m.getString("experiment")).isEqualTo("exp-3");
                assertThat(m.getJsonObject("data").getString("sample")).isEqualTo("S1");
                String kafka = journal.stream().filter(j -> j.startsWith("alerts.out ")).findFirst().orElseThrow();
                assertThat(kafka).startsWith("alerts.out exp-3/S1/" + UP + "/1 ");
                JsonObject value = new JsonObject(kafka.substring(kafka.indexOf(" {") + 1));
                assertThat(value.getString("subscription")).isEqualTo("kafka");
                assertThat(value.getJsonObject("alert").getString("experiment")).isEqualTo("exp-3");
                ctx.completeNow();
            });
        });
        create(new JsonObject().put("id", "kafka").put("experimentPattern", "*")
                .put("delivery", new JsonObject().put("type", "kafka").put("topic", "alerts.out")))
                .compose(r -> create(new JsonObject().put("id", "ws").put("experimentPattern", "exp-*")
                        .put("delivery", new JsonObject().put("type", "websocket"))))
                .compose(r -> ws.connect(client.ws("/ws?token=" + TOKEN))) // no subscribe needed
                .onComplete(ctx.succeeding(v -> feed(vertx, FeedTopics.ALERTS, "exp-3/S1",
                        alert("exp-3", "S1", UP, 1, "2026-11-21T10:00:00Z", 0.9).encode())));
    }
}
