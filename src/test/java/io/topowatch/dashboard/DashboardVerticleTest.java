package io.topowatch.dashboard;

import static io.topowatch.dashboard.DashboardClient.HOST;
import static io.topowatch.dashboard.DashboardClient.feed;
import static io.topowatch.dashboard.DashboardClient.point;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server itself: public and protected routes, the page, bad input, deployment. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class DashboardVerticleTest {

    private static final String TOKEN = "test-token-3f9a";
    private static final int HISTORY = 3;
    private static final String T = FeedTopics.TRAJECTORIES;

    private String deploymentId;
    private DashboardClient client;
    private WebSocketClient wsClient;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        DashboardVerticle verticle = new DashboardVerticle(new DashboardConfig(HOST, 0, TOKEN, HISTORY));
        wsClient = vertx.createWebSocketClient();
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            client = new DashboardClient(vertx, verticle.actualPort());
            deploymentId = id;
            ctx.completeNow();
        }));
    }

    @Test
    void healthIsPublic(VertxTestContext ctx) {
        client.get("/health", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-type")).startsWith("application/json");
            assertThat(r.json()).isEqualTo(new JsonObject().put("status", "UP").put("clients", 0).put("points", 0)
                    .put("experiments", 0));
            ctx.completeNow();
        })));
    }

    @Test
    void everyDataRouteWithoutAValidTokenIs401(VertxTestContext ctx) {
        List<String> uris = List.of("/api/trajectories", "/api/experiments", "/api/experiments/e/trajectories",
                "/api/experiments/e/spectra", "/api/experiments/e/suggestions", "/api/alerts", "/api/models",
                "/api/subscriptions", "/metrics", "/api/trajectories?token=" + TOKEN + "x");
        Checkpoint all = ctx.checkpoint(uris.size() * 2);
        for (String uri : uris) {
            for (String bearer : new String[] {null, "wrong-token"}) {
                client.get(uri, bearer).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.status()).as(uri).isEqualTo(401);
                    assertThat(r.headers().get("content-type")).startsWith("application/json");
                    assertThat(r.headers().get("WWW-Authenticate")).startsWith("Bearer");
                    assertThat(r.json().getString("error")).isEqualTo("unauthorized");
                    assertThat(r.body()).doesNotContain(TOKEN);
                    all.flag();
                })));
            }
        }
    }

    @Test
    void trajectoriesKeepTheNewestPointsPerSample(Vertx vertx, VertxTestContext ctx) {
        for (int step = 1; step <= HISTORY + 2; step++) {
            feed(vertx, T, "exp-0001/S2", point("exp-0001", "S2", step));
        }
        feed(vertx, T, "exp-0001/S3", point("exp-0001", "S3", 1));

        Checkpoint both = ctx.checkpoint(2);
        client.get("/api/experiments/exp-0001/trajectories", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            JsonArray samples = r.array();
            assertThat(samples).hasSize(2);
            JsonObject s2 = samples.getJsonObject(0);
            assertThat(s2.getString("experiment")).isEqualTo("exp-0001");
            assertThat(s2.getString("sample")).isEqualTo("S2");
            // Only the newest HISTORY points survive, in arrival order, unchanged (uncertainty included).
            assertThat(setpoints(s2.getJsonArray("points"))).containsExactly(3, 4, 5);
            assertThat(s2.getJsonArray("points").getJsonObject(2))
                    .isEqualTo(new JsonObject(point("exp-0001", "S2", 5)));
            assertThat(s2.getJsonArray("points").getJsonObject(2).getDouble("uncertainty")).isEqualTo(0.05);
            assertThat(samples.getJsonObject(1).getString("sample")).isEqualTo("S3");
            assertThat(r.headers().get(ApiRouter.SEQ_HEADER)).isEqualTo("6");
            both.flag();
        })));
        client.get("/api/trajectories?token=" + TOKEN, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.array()).hasSize(2);
            both.flag();
        })));
    }

    @Test
    void rootServesThePage(VertxTestContext ctx) {
        client.get("/", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-type")).startsWith("text/html");
            assertThat(r.body()).contains("<title>TopoWatch").doesNotContain(TOKEN);
            assertThat(r.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
            ctx.completeNow();
        })));
    }

    @Test
    void malformedRecordsAreIgnored(Vertx vertx, VertxTestContext ctx) {
        String good = point("exp-0002", "S1", 1);
        feed(vertx, T, "k", "not json at all");
        feed(vertx, T, "k", "[1, 2, 3]");
        feed(vertx, T, "k", "{}");
        feed(vertx, T, "k", good.replace("0.73", "1.5"));
        feed(vertx, T, "k", good.replace("\"type\":\"trajectory\"", "\"type\":\"scan\""));
        feed(vertx, T, "k", good.replace("\"S1\"", "42"));
        feed(vertx, FeedTopics.ALERTS, "k", "{\"experiment\":\"exp-0002\"}");
        feed(vertx, FeedTopics.SPECTRA, "k", "{\"experiment\":\"exp-0002\"}");
        feed(vertx, "some.other.topic", "k", good);
        vertx.eventBus().publish(DashboardVerticle.FEED_ADDRESS, new JsonObject(good)); // not a String
        feed(vertx, T, "k", good);
        client.get("/health", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.json().getInteger("points")).isEqualTo(1);
            assertThat(r.json().getInteger("experiments")).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    void webSocketWithoutTokenIsRejectedWith401(VertxTestContext ctx) {
        Checkpoint both = ctx.checkpoint(2);
        for (String uri : List.of("/ws", "/ws?token=nope")) {
            wsClient.connect(client.ws(uri)).onComplete(ctx.failing(e -> ctx.verify(() -> {
                assertThat(e).isInstanceOf(UpgradeRejectedException.class);
                assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401);
                both.flag();
            })));
        }
    }

    @Test
    void failedBindFailsDeployment(Vertx vertx, VertxTestContext ctx) throws Exception {
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        DashboardVerticle second = new DashboardVerticle(new DashboardConfig(HOST, taken.getLocalPort(), TOKEN, 10));
        vertx.deployVerticle(second).onComplete(ar -> {
            try {
                taken.close();
            } catch (Exception ignored) {
                // nothing to do
            }
            ctx.verify(() -> {
                assertThat(ar.failed()).as("deployment on a taken port must fail").isTrue();
                assertThat(ar.cause()).hasMessageContaining("Address already in use");
                ctx.completeNow();
            });
        });
    }

    @Test
    void undeployClosesConnectedClients(Vertx vertx, VertxTestContext ctx) {
        Checkpoint closedAndUndeployed = ctx.checkpoint(2);
        ClientWebSocket ws = wsClient.webSocket();
        ws.closeHandler(v -> closedAndUndeployed.flag());
        ws.connect(client.ws("/ws?token=" + TOKEN))
                .compose(connected -> vertx.undeploy(deploymentId))
                .onComplete(ctx.succeeding(v -> closedAndUndeployed.flag()));
    }

    @Test
    void readsSettingsFromDeploymentConfig(Vertx vertx, VertxTestContext ctx) {
        DashboardVerticle fromConfig = new DashboardVerticle();
        DeploymentOptions options = new DeploymentOptions()
                .setConfig(new DashboardConfig(HOST, 0, "other-token", 5).toJson());
        vertx.deployVerticle(fromConfig, options)
                .compose(id -> new DashboardClient(vertx, fromConfig.actualPort()).get("/api/trajectories", "other-token"))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertThat(resp.status()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    void servesHttpsWithThePemCertificateAndKey(Vertx vertx, VertxTestContext ctx) {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        DashboardVerticle tls = new DashboardVerticle(new DashboardConfig(HOST, 0, TOKEN, 10)
                .withTls(new DashboardConfig.Tls(cert.certificatePath(), cert.privateKeyPath())));
        HttpClient https = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false));
        vertx.deployVerticle(tls)
                .compose(id -> https.request(HttpMethod.GET, tls.actualPort(), HOST, "/api/models"))
                .compose(req -> req.putHeader("Authorization", "Bearer " + TOKEN).send()
                        .compose(resp -> resp.body().map(resp.statusCode()))) // body asked for at once (DashboardClient)
                .compose(status -> {
                    ctx.verify(() -> assertThat(status).isEqualTo(200));
                    return new DashboardClient(vertx, tls.actualPort()).get("/health", null); // plain HTTP
                })
                .onComplete(ar -> ctx.verify(() -> {
                    assertThat(ar.succeeded() && ar.result().status() == 200).as("plain HTTP must not work").isFalse();
                    cert.delete();
                    ctx.completeNow();
                }));
    }

    @Test
    void deploymentWithoutTokenFails(Vertx vertx, VertxTestContext ctx) {
        vertx.deployVerticle(new DashboardVerticle(), new DeploymentOptions().setConfig(new JsonObject()))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).isInstanceOf(NullPointerException.class).hasMessageContaining("token");
                    ctx.completeNow();
                })));
    }

    private static List<Integer> setpoints(JsonArray points) {
        return points.stream().map(p -> ((JsonObject) p).getInteger("setpoint")).toList();
    }
}
