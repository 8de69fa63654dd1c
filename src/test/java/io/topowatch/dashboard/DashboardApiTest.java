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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API per the contract, fed the way the relay feeds it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class DashboardApiTest {

    private static final String TOKEN = "api-token-77";
    private static final String UP = "trivial->topological";

    private DashboardClient client;
    private PrometheusMeterRegistry registry;
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SubscriptionJournal recording = (topic, key, value) -> {
            journal.add(topic + " " + key + " " + value);
            return Future.succeededFuture();
        };
        DashboardConfig config = new DashboardConfig(HOST, 0, TOKEN, 100).withAlertHoldOff(Duration.ofMinutes(10));
        DashboardVerticle verticle = new DashboardVerticle(config, registry, recording);
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            client = new DashboardClient(vertx, verticle.actualPort());
            ctx.completeNow();
        }));
    }

    @Test
    void experimentsSummariseWhatTheTopicsSaid(Vertx vertx, VertxTestContext ctx) {
        feed(vertx, FeedTopics.TRAJECTORIES, "exp-b/S1", point("exp-b", "S1", 1));
        feed(vertx, FeedTopics.TRAJECTORIES, "exp-b/S2", point("exp-b", "S2", 2));
        feed(vertx, FeedTopics.SPECTRA, "exp-a/S9", scan("exp-a", "S9", "Bi", 1).encode());
        feed(vertx, FeedTopics.ALERTS, "exp-b/S2", alert("exp-b", "S2", UP, 2, "2026-11-21T10:00:00Z", 0.9).encode());
        client.get("/api/experiments", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            JsonArray list = r.array();
            assertThat(list).hasSize(2);
            assertThat(list.getJsonObject(0)).isEqualTo(new JsonObject().put("experiment", "exp-a")
                    .put("samples", new JsonArray().add("S9")).putNull("controlVariable")
                    .put("lastUpdate", "2026-11-21T10:00:00Z").put("unacknowledgedAlerts", 0));
            JsonObject b = list.getJsonObject(1);
            assertThat(b.getString("experiment")).isEqualTo("exp-b");
            assertThat(b.getJsonArray("samples")).containsExactly("S1", "S2");
            assertThat(b.getString("controlVariable")).isEqualTo("field_T");
            assertThat(b.getInteger("unacknowledgedAlerts")).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    void spectraKeepTheLatestScanPerSampleAndElementWithEnergyAndMu(Vertx vertx, VertxTestContext ctx) {
        feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Se", 1).encode());
        feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Bi", 1).encode());
        feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Bi", 2).encode());
        JsonObject noMu = scan("e", "S0", "Bi", 1);
        noMu.remove("energy");
        noMu.remove("mu");
        feed(vertx, FeedTopics.SPECTRA, "e/S0", noMu.encode());
        client.get("/api/experiments/e/spectra", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            JsonArray list = r.array();
            assertThat(list.stream().map(o -> ((JsonObject) o).getString("sample") + "/"
                    + ((JsonObject) o).getString("element") + "@" + ((JsonObject) o).getInteger("setpoint")))
                    .containsExactly("S0/Bi@1", "S1/Bi@2", "S1/Se@1");
            JsonObject bi = list.getJsonObject(1);
            assertThat(bi.getJsonArray("energy")).containsExactly(12600.0, 12650.0, 12700.0);
            assertThat(bi.getJsonArray("mu")).containsExactly(0.1, 0.9, 1.3);
            assertThat(bi.getJsonArray("values")).hasSize(200);
            assertThat(bi.getDouble("e0")).isEqualTo(12658.0);
            assertThat(bi.getDouble("edgeStep")).isEqualTo(1.2);
            assertThat(bi.getDouble("windowStart")).isEqualTo(12600.0);
            assertThat(bi.getDouble("windowEnd")).isEqualTo(12800.0);
            assertThat(bi.getString("scanId")).isEqualTo("e-S1-Bi-2");
            assertThat(list.getJsonObject(0).getValue("energy")).isNull();
            assertThat(list.getJsonObject(0).containsKey("mu")).isTrue();
            ctx.completeNow();
        })));
    }

    @Test
    void aSpectrumWithoutMeasuredArraysKeepsTheLastOnesAndNamesTheirScan(Vertx vertx, VertxTestContext ctx) {
        feed(vertx, FeedTopics.SPECTRA, "e/S1", scan("e", "S1", "Bi", 1).encode());
        JsonObject later = scan("e", "S1", "Bi", 2);
        later.remove("energy");
        later.remove("mu");
        feed(vertx, FeedTopics.SPECTRA, "e/S1", later.encode());
        client.get("/api/experiments/e/spectra", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            JsonObject bi = r.array().getJsonObject(0);
            assertThat(bi.getString("scanId")).isEqualTo("e-S1-Bi-2");
            assertThat(bi.getInteger("setpoint")).isEqualTo(2);
            assertThat(bi.getJsonArray("energy")).containsExactly(12600.0, 12650.0, 12700.0);
            assertThat(bi.getString("measuredScanId")).isEqualTo("e-S1-Bi-1");
            ctx.completeNow();
        })));
    }

    @Test
    void suggestionsAreTheLatestPerSample(Vertx vertx, VertxTestContext ctx) {
        for (double next : new double[] {4.0, 4.2}) {
            feed(vertx, FeedTopics.SUGGESTIONS, "e/S1", new JsonObject().put("type", "suggestion")
                    .put("experiment", "e").put("sample", "S1").put("controlVariable", "field_T")
                    .put("nextValue", next).put("criticalEstimate", 4.25)
                    .put("criticalInterval", new JsonArray().add(4.0).add(4.5)).put("reason", "bisect")
                    .put("modelVersion", "m").put("suggestedAt", "2026-11-21T10:00:00Z").encode());
        }
        client.get("/api/experiments/e/suggestions", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.array()).hasSize(1);
            assertThat(r.array().getJsonObject(0).getDouble("nextValue")).isEqualTo(4.2);
            ctx.completeNow();
        })));
    }

    @Test
    void alertsAreLatchedFoldedAndAcknowledged(Vertx vertx, VertxTestContext ctx) {
        JsonObject first = alert("e", "S1", UP, 7, "2026-11-21T10:00:00Z", 0.8);
        feed(vertx, FeedTopics.ALERTS, "e/S1", first.encode());
        feed(vertx, FeedTopics.ALERTS, "e/S1", alert("e", "S1", UP, 8, "2026-11-21T10:05:00Z", 0.95).encode());
        feed(vertx, FeedTopics.ALERTS, "e/S1", alert("e", "S1", UP, 30, "2026-11-21T11:00:00Z", 0.7).encode());
        String id = first.getString("id"); // "e/S1/trivial->topological/7": slashes and '>'
        client.get("/api/alerts?experiment=e", TOKEN)
                .compose(r -> {
                    ctx.verify(() -> {
                        JsonArray list = r.array();
                        assertThat(list).hasSize(2);
                        JsonObject newest = list.getJsonObject(0);
                        assertThat(newest.getString("id")).isEqualTo("e/S1/trivial->topological/30");
                        assertThat(newest.getInteger("count")).isEqualTo(1);
                        JsonObject folded = list.getJsonObject(1);
                        assertThat(folded.getString("id")).isEqualTo(id);
                        assertThat(folded.getInteger("count")).isEqualTo(2);
                        assertThat(folded.getString("firstRaisedAt")).isEqualTo("2026-11-21T10:00:00Z");
                        assertThat(folded.getString("lastRaisedAt")).isEqualTo("2026-11-21T10:05:00Z");
                        assertThat(folded.getDouble("confidence")).isEqualTo(0.95); // the latest alert's fields
                        assertThat(folded.getString("state")).isEqualTo("unacknowledged");
                        assertThat(folded.getValue("acknowledgedBy")).isNull();
                        assertThat(folded.getJsonArray("criticalInterval")).containsExactly(4.0, 4.5);
                    });
                    return client.call(HttpMethod.POST, "/api/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                            + "/ack", TOKEN, new JsonObject().put("by", "Ada"));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.status()).isEqualTo(200);
                        assertThat(r.json().getString("state")).isEqualTo("acknowledged");
                        assertThat(r.json().getString("acknowledgedBy")).isEqualTo("Ada");
                        assertThat(r.json().getString("acknowledgedAt")).isNotBlank();
                        assertThat(journal).hasSize(1);
                        assertThat(journal.get(0)).startsWith(FeedTopics.ACKS + " " + id + " {");
                        JsonObject ack = new JsonObject(journal.get(0).substring((FeedTopics.ACKS + " " + id + " ").length()));
                        assertThat(ack.getString("id")).isEqualTo(id);
                        assertThat(ack.getString("experiment")).isEqualTo("e");
                        assertThat(ack.getString("by")).isEqualTo("Ada");
                    });
                    // again, the other way: body id; the first acknowledgement stays
                    return client.call(HttpMethod.POST, "/api/alerts/ack", TOKEN,
                            new JsonObject().put("id", id).put("by", "Bob"));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.status()).isEqualTo(200);
                        assertThat(r.json().getString("acknowledgedBy")).isEqualTo("Ada");
                    });
                    return client.get("/api/alerts?state=unacknowledged", TOKEN);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.array()).extracting(o -> ((JsonObject) o).getString("id"))
                            .containsExactly("e/S1/trivial->topological/30");
                    ctx.completeNow();
                })));
    }

    @Test
    void acknowledgementErrors(Vertx vertx, VertxTestContext ctx) {
        feed(vertx, FeedTopics.ALERTS, "e/S1", alert("e", "S1", UP, 7, "2026-11-21T10:00:00Z", 0.8).encode());
        String path = "/api/alerts/" + URLEncoder.encode("e/S1/trivial->topological/7", StandardCharsets.UTF_8) + "/ack";
        client.call(HttpMethod.POST, "/api/alerts/nope/ack", TOKEN, new JsonObject().put("by", "Ada"))
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(404));
                    return client.call(HttpMethod.POST, path, TOKEN, new JsonObject());
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(400));
                    return client.get("/api/alerts?state=maybe", TOKEN);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(journal).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void modelsFromPromotionsAndTrajectories(Vertx vertx, VertxTestContext ctx) {
        feed(vertx, FeedTopics.MODELS, "promoted", new JsonObject().put("version", "tn-1").put("action", "promote")
                .put("parametersSha256", "0".repeat(64)).put("promotedAt", "2026-11-21T09:00:00Z").putNull("previous")
                .encode());
        feed(vertx, FeedTopics.MODELS, "promoted", new JsonObject().put("version", "tn-2").put("action", "promote")
                .put("parametersSha256", "1".repeat(64)).put("promotedAt", "2026-11-21T09:30:00Z").put("previous", "tn-1")
                .encode());
        client.getWhen("/api/models", TOKEN, r -> r.status() == 200
                        && r.json().getJsonArray("history", new JsonArray()).size() == 2)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.json().getString("inUse")).isEqualTo("tn-2");
                        assertThat(r.json().getString("promoted")).isEqualTo("tn-2");
                        assertThat(r.json().getJsonArray("versions")).containsExactly("tn-1", "tn-2");
                        assertThat(r.json().getJsonArray("history")).hasSize(2);
                    });
                    feed(vertx, FeedTopics.TRAJECTORIES, "e/S1", point("e", "S1", 1)); // scored by topownet-0.1.0
                    return client.getWhen("/api/models", TOKEN,
                            r2 -> r2.status() == 200 && "topownet-0.1.0".equals(r2.json().getString("inUse")));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.json().getString("inUse")).isEqualTo("topownet-0.1.0");
                    assertThat(r.json().getString("promoted")).isEqualTo("tn-2");
                    ctx.completeNow();
                })));
    }

    @Test
    void metricsArePrometheusTextWithTheDashboardMeters(Vertx vertx, VertxTestContext ctx) {
        registry.counter("topowatch.stage.records", "stage", "decode").increment(3); // as the stream would
        feed(vertx, FeedTopics.TRAJECTORIES, "e/S1", point("e", "S1", 1));
        client.get("/metrics", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-type")).startsWith("text/plain; version=0.0.4");
            assertThat(r.body())
                    .contains("topowatch_stage_records_total{stage=\"decode\"} 3.0")
                    .contains("topowatch_dashboard_clients 0.0")
                    .contains("topowatch_dashboard_records_total{topic=\"topowatch.trajectories\"} 1.0")
                    .contains("topowatch_dashboard_alarms_unacknowledged");
            ctx.completeNow();
        })));
    }

    @Test
    void unknownApiRouteIs404(VertxTestContext ctx) {
        client.get("/api/nothing", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().getString("error")).isEqualTo("not_found");
            ctx.completeNow();
        })));
    }
}
