package io.topowatch.dashboard;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/** Test helper: HTTP calls against a dashboard on 127.0.0.1 and feed records onto the event bus. */
final class DashboardClient {

    static final String HOST = "127.0.0.1";

    private final Vertx vertx;
    private final HttpClient http;
    private final int port;

    DashboardClient(Vertx vertx, int port) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient();
        this.port = port;
    }

    int port() {
        return port;
    }

    record Response(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        JsonArray array() {
            return new JsonArray(body);
        }
    }

    Future<Response> get(String uri, String bearer) {
        return call(HttpMethod.GET, uri, bearer, null);
    }

    /**
     * GETs {@code uri} until {@code ready} holds for the response, every 20 ms for up to 5 s, and completes with
     * the last response either way (so the caller's assertions report what was there). For state fed through
     * the event bus, whose delivery is asynchronous to the HTTP request that reads it.
     */
    Future<Response> getWhen(String uri, String bearer, Predicate<Response> ready) {
        return getWhen(uri, bearer, ready, System.nanoTime() + 5_000_000_000L);
    }

    private Future<Response> getWhen(String uri, String bearer, Predicate<Response> ready, long deadline) {
        return get(uri, bearer).compose(r -> {
            if (isReady(ready, r) || System.nanoTime() > deadline) {
                return Future.succeededFuture(r);
            }
            Promise<Response> again = Promise.promise();
            vertx.setTimer(20, t -> getWhen(uri, bearer, ready, deadline).onComplete(again));
            return again.future();
        });
    }

    /** A predicate that throws (e.g. on a body that is not yet the JSON expected) means: not ready yet. */
    private static boolean isReady(Predicate<Response> ready, Response r) {
        try {
            return ready.test(r);
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /**
     * One request. The body is asked for in the very callback that receives the response (send's own
     * compose): chained one step later, from a test thread, Vert.x 5 may have delivered the body already
     * and the test saw an empty one (eclipse-vertx/vert.x#5825, #5904).
     */
    Future<Response> call(HttpMethod method, String uri, String bearer, JsonObject body) {
        return http.request(method, port, HOST, uri)
                .compose(req -> {
                    if (bearer != null) {
                        req.putHeader("Authorization", "Bearer " + bearer);
                    }
                    Future<HttpClientResponse> sent;
                    if (body != null) {
                        req.putHeader("Content-Type", "application/json");
                        sent = req.send(Buffer.buffer(body.encode()));
                    } else {
                        sent = req.send();
                    }
                    return sent.compose(resp -> resp.body()
                            .map(b -> new Response(resp.statusCode(), resp.headers(), b.toString())));
                });
    }

    WebSocketConnectOptions ws(String uri) {
        return new WebSocketConnectOptions().setHost(HOST).setPort(port).setURI(uri);
    }

    /** One record as {@link FeedRelay} would send it. */
    static void feed(Vertx vertx, String topic, String key, String value) {
        feed(vertx, topic, key, value, false);
    }

    static void feed(Vertx vertx, String topic, String key, String value, boolean replay) {
        DeliveryOptions options = new DeliveryOptions().addHeader("topic", topic).addHeader("replay", String.valueOf(replay));
        if (key != null) {
            options.addHeader("key", key);
        }
        vertx.eventBus().publish(DashboardVerticle.FEED_ADDRESS, value, options);
    }

    /** A trajectory point exactly as the trajectories topic carries it. */
    static String point(String experiment, String sample, int setpoint) {
        return "{\"type\":\"trajectory\",\"experiment\":\"" + experiment + "\",\"sample\":\"" + sample + "\","
                + "\"setpoint\":" + setpoint + ",\"control\":{\"field_T\":" + (setpoint - 1) + ".0,"
                + "\"strain_pct\":0.0,\"temperature_K\":10.0},\"probability\":0.73,\"uncertainty\":0.05,"
                + "\"modelVersion\":\"topownet-0.1.0\",\"elements\":[\"Bi\",\"Se\"],"
                + "\"timestamp\":\"2026-11-21T10:00:0" + (setpoint % 10) + "Z\"}";
    }

    /** An alert as the ALERT helper's topic carries it (contract fields). */
    static JsonObject alert(String experiment, String sample, String direction, int setpoint, String raisedAt,
                            double confidence) {
        return new JsonObject()
                .put("type", "alert")
                .put("id", experiment + "/" + sample + "/" + direction + "/" + setpoint)
                .put("experiment", experiment)
                .put("sample", sample)
                .put("direction", direction)
                .put("controlVariable", "field_T")
                .put("criticalValue", 4.25)
                .put("criticalInterval", new JsonArray().add(4.0).add(4.5))
                .put("confidence", confidence)
                .put("modelVersion", "topownet-0.2.0")
                .put("setpoints", new JsonArray().add(setpoint))
                .put("scanIds", new JsonArray().add("scan-" + setpoint))
                .put("raisedAt", raisedAt);
    }

    /** A normalised scan with the measured energy/mu the STREAM helper adds. */
    static JsonObject scan(String experiment, String sample, String element, int setpoint) {
        JsonArray values = new JsonArray();
        for (int i = 0; i < 200; i++) {
            values.add(i / 200.0);
        }
        return new JsonObject()
                .put("scanId", experiment + "-" + sample + "-" + element + "-" + setpoint)
                .put("experiment", experiment).put("sample", sample).put("setpoint", setpoint)
                .put("element", element).put("edge", "K")
                .put("control", new JsonObject().put("field_T", setpoint * 0.5))
                .put("spaceGroup", 166).put("sampleElements", new JsonArray().add("Bi").add("Se"))
                .put("e0", 12658.0).put("edgeStep", 1.2)
                .put("windowStart", 12600.0).put("windowEnd", 12800.0)
                .put("values", values)
                .put("energy", new JsonArray().add(12600.0).add(12650.0).add(12700.0))
                .put("mu", new JsonArray().add(0.1).add(0.9).add(1.3))
                .put("scanTime", "2026-11-21T10:00:00Z");
    }
}
