package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class DashboardVerticleTest {

    private static final String HOST = "127.0.0.1";
    private static final String TOKEN = "test-token-3f9a";
    private static final int HISTORY = 3;

    private int port;
    private String deploymentId;
    private HttpClient http;
    private WebSocketClient wsClient;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        DashboardVerticle verticle = new DashboardVerticle(new DashboardConfig(HOST, 0, TOKEN, HISTORY));
        http = vertx.createHttpClient();
        wsClient = vertx.createWebSocketClient();
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            port = verticle.actualPort();
            deploymentId = id;
            ctx.completeNow();
        }));
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    @Test
    void healthIsPublic(VertxTestContext ctx) {
        get("/health", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status).isEqualTo(200);
            assertThat(r.headers.get("content-type")).startsWith("application/json");
            assertThat(r.json()).isEqualTo(new JsonObject().put("status", "UP").put("clients", 0).put("points", 0));
            ctx.completeNow();
        })));
    }

    @Test
    void trajectoriesWithoutTokenIs401(VertxTestContext ctx) {
        get("/api/trajectories", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertUnauthorised(r);
            ctx.completeNow();
        })));
    }

    @Test
    void trajectoriesWithWrongTokenIs401(VertxTestContext ctx) {
        Checkpoint both = ctx.checkpoint(2);
        get("/api/trajectories", "wrong-token").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertUnauthorised(r);
            both.flag();
        })));
        get("/api/trajectories?token=" + TOKEN + "x", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertUnauthorised(r);
            both.flag();
        })));
    }

    @Test
    void trajectoriesWithTokenListsHistoryPerSample(Vertx vertx, VertxTestContext ctx) {
        for (int step = 1; step <= HISTORY + 2; step++) {
            publish(vertx, point("exp-0001", "S2", step));
        }
        publish(vertx, point("exp-0001", "S3", 1));

        Checkpoint both = ctx.checkpoint(2);
        get("/api/trajectories", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status).isEqualTo(200);
            JsonArray samples = new JsonArray(r.body);
            assertThat(samples).hasSize(2);
            JsonObject s2 = samples.getJsonObject(0);
            assertThat(s2.getString("experiment")).isEqualTo("exp-0001");
            assertThat(s2.getString("sample")).isEqualTo("S2");
            // Only the newest HISTORY points survive, in arrival order, unchanged.
            assertThat(setpoints(s2.getJsonArray("points"))).containsExactly(3, 4, 5);
            assertThat(s2.getJsonArray("points").getJsonObject(2)).isEqualTo(new JsonObject(point("exp-0001", "S2", 5)));
            assertThat(samples.getJsonObject(1).getString("sample")).isEqualTo("S3");
            both.flag();
        })));
        get("/api/trajectories?token=" + TOKEN, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status).isEqualTo(200);
            both.flag();
        })));
    }

    @Test
    void rootServesThePage(VertxTestContext ctx) {
        Checkpoint both = ctx.checkpoint(2);
        get("/", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status).isEqualTo(200);
            assertThat(r.headers.get("content-type")).startsWith("text/html");
            assertThat(r.body).contains("<title>TopoWatch").contains("app.js").doesNotContain(TOKEN);
            assertThat(r.headers.get("Referrer-Policy")).isEqualTo("no-referrer");
            both.flag();
        })));
        get("/app.js", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status).isEqualTo(200);
            assertThat(r.body).contains("/ws?token=");
            both.flag();
        })));
    }

    // ---- websocket -----------------------------------------------------------------------------------------

    @Test
    void webSocketWithoutTokenIsRejectedWith401(VertxTestContext ctx) {
        Checkpoint both = ctx.checkpoint(2);
        for (String uri : List.of("/ws", "/ws?token=nope")) {
            wsClient.connect(wsOptions(uri)).onComplete(ctx.failing(e -> ctx.verify(() -> {
                assertThat(e).isInstanceOf(UpgradeRejectedException.class);
                assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401);
                both.flag();
            })));
        }
    }

    @Test
    void webSocketReceivesLivePoints(Vertx vertx, VertxTestContext ctx) {
        String live = point("exp-0001", "S2", 4);
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> ctx.verify(() -> {
            assertThat(text).isEqualTo(live); // pushed unchanged
            ctx.completeNow();
        }));
        ws.connect(wsOptions("/ws").putHeader("Authorization", "Bearer " + TOKEN))
                .onComplete(ctx.succeeding(connected -> publish(vertx, live)));
    }

    @Test
    void lateWebSocketReceivesHistory(Vertx vertx, VertxTestContext ctx) {
        for (int step = 1; step <= HISTORY + 1; step++) {
            publish(vertx, point("exp-0001", "S2", step));
        }
        List<String> received = new CopyOnWriteArrayList<>();
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> {
            received.add(text);
            if (received.size() == HISTORY) {
                ctx.verify(() -> {
                    assertThat(received).containsExactly(
                            point("exp-0001", "S2", 2), point("exp-0001", "S2", 3), point("exp-0001", "S2", 4));
                    ctx.completeNow();
                });
            }
        });
        ws.connect(wsOptions("/ws?token=" + TOKEN)).onComplete(ctx.succeeding(connected -> { }));
    }

    @Test
    void malformedMessagesAreIgnored(Vertx vertx, VertxTestContext ctx) {
        String good = point("exp-0002", "S1", 1);
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(text -> ctx.verify(() -> {
            assertThat(text).isEqualTo(good); // the first and only point to come through
            get("/health", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertThat(r.json().getInteger("points")).isEqualTo(1);
                assertThat(r.json().getInteger("clients")).isEqualTo(1);
                ctx.completeNow();
            })));
        }));
        ws.connect(wsOptions("/ws?token=" + TOKEN)).onComplete(ctx.succeeding(connected -> {
            publish(vertx, "not json at all");
            publish(vertx, "[1, 2, 3]");
            publish(vertx, "{}");
            publish(vertx, point("exp-0002", "S1", 1).replace("0.73", "1.5"));
            publish(vertx, point("exp-0002", "S1", 1).replace("\"type\":\"trajectory\"", "\"type\":\"scan\""));
            publish(vertx, point("exp-0002", "S1", 1).replace("\"S1\"", "42"));
            vertx.eventBus().publish(DashboardVerticle.TRAJECTORY_ADDRESS, new JsonObject(good)); // not a String
            vertx.eventBus().publish(DashboardVerticle.TRAJECTORY_ADDRESS, null);
            publish(vertx, good);
        }));
    }

    // ---- deployment ----------------------------------------------------------------------------------------

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
        ws.connect(wsOptions("/ws?token=" + TOKEN))
                .compose(connected -> vertx.undeploy(deploymentId))
                .onComplete(ctx.succeeding(v -> closedAndUndeployed.flag()));
    }

    @Test
    void readsSettingsFromDeploymentConfig(Vertx vertx, VertxTestContext ctx) {
        DashboardVerticle fromConfig = new DashboardVerticle();
        DeploymentOptions options = new DeploymentOptions()
                .setConfig(new DashboardConfig(HOST, 0, "other-token", 5).toJson());
        vertx.deployVerticle(fromConfig, options)
                .compose(id -> http.request(HttpMethod.GET, fromConfig.actualPort(), HOST, "/api/trajectories")
                        .compose(req -> req.putHeader("Authorization", "bearer other-token").send()))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    void deploymentWithoutTokenFails(Vertx vertx, VertxTestContext ctx) {
        vertx.deployVerticle(new DashboardVerticle(), new DeploymentOptions().setConfig(new JsonObject()))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).isInstanceOf(NullPointerException.class).hasMessageContaining("token");
                    ctx.completeNow();
                })));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A trajectory point exactly as the trajectories topic carries it. */
    static String point(String experiment, String sample, int setpoint) {
        return "{\"type\":\"trajectory\",\"experiment\":\"" + experiment + "\",\"sample\":\"" + sample + "\","
                + "\"setpoint\":" + setpoint + ",\"control\":{\"field_T\":" + (setpoint - 1) + ".0,"
                + "\"strain_pct\":0.0,\"temperature_K\":10.0},\"probability\":0.73,\"uncertainty\":0.0,"
                + "\"modelVersion\":\"topownet-0.1.0\",\"elements\":[\"Bi\",\"Se\"],"
                + "\"timestamp\":\"2026-11-21T10:00:0" + setpoint + "Z\"}";
    }

    private static void publish(Vertx vertx, String body) {
        vertx.eventBus().publish(DashboardVerticle.TRAJECTORY_ADDRESS, body);
    }

    private static List<Integer> setpoints(JsonArray points) {
        return points.stream().map(p -> ((JsonObject) p).getInteger("setpoint")).toList();
    }

    private WebSocketConnectOptions wsOptions(String uri) {
        return new WebSocketConnectOptions().setHost(HOST).setPort(port).setURI(uri);
    }

    private Future<Response> get(String uri, String bearer) {
        return http.request(HttpMethod.GET, port, HOST, uri)
                .compose(req -> {
                    if (bearer != null) {
                        req.putHeader("Authorization", "Bearer " + bearer);
                    }
                    return req.send();
                })
                .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(), resp.headers(), body.toString())));
    }

    private static void assertUnauthorised(Response r) {
        assertThat(r.status).isEqualTo(401);
        assertThat(r.headers.get("content-type")).startsWith("application/json");
        assertThat(r.json().getString("error")).isEqualTo("unauthorized");
        assertThat(r.body).doesNotContain(TOKEN);
    }

    private record Response(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }
}
