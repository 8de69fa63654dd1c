package io.topowatch.dashboard;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.AlarmBoard;
import io.topowatch.alert.Glob;
import io.topowatch.alert.Subscription;
import io.topowatch.alert.SubscriptionBook;
import io.topowatch.alert.SubscriptionJournal;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP routes: the route table in {@link #router} is the index. Every route but
 * {@code /health} and the static page needs a token ({@link TokenScopes}); a token used outside its scope gets
 * 403. Handlers run on the verticle's event loop, so they read the shared state directly.
 */
final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final String SCOPE = "topowatch.scope";
    static final String SEQ_HEADER = "X-TopoWatch-Seq";
    private static final int BODY_LIMIT = 16 * 1024;

    private final DashboardConfig config;
    private final DashboardState state;
    private final AlarmBoard board;
    private final SubscriptionBook subscriptions;
    private final SubscriptionJournal journal;
    private final EventLog log;
    private final WebSocketHub hub;
    private final PrometheusMeterRegistry registry;
    private final TrajectorySource trajectorySource;
    /** Called with each alarm JSON an acknowledgement changed (to publish an alert-state event). */
    private final Consumer<JsonObject> acknowledged;

    ApiRouter(DashboardConfig config, DashboardState state, AlarmBoard board, SubscriptionBook subscriptions,
              SubscriptionJournal journal, EventLog log, WebSocketHub hub, PrometheusMeterRegistry registry,
              TrajectorySource trajectorySource, Consumer<JsonObject> acknowledged) {
        this.config = config;
        this.state = state;
        this.board = board;
        this.subscriptions = subscriptions;
        this.journal = journal;
        this.log = log;
        this.hub = hub;
        this.registry = registry;
        this.trajectorySource = trajectorySource;
        this.acknowledged = acknowledged;
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(this::securityHeaders);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::authenticate).handler(this::metrics);
        router.route("/api/*").handler(this::authenticate);
        router.route("/api/*").method(HttpMethod.POST).handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        router.get("/api/trajectories").handler(this::allTrajectories);
        router.get("/api/experiments").handler(this::experiments);
        router.get("/api/experiments/:experiment/trajectories").handler(this::trajectories);
        router.get("/api/experiments/:experiment/spectra").handler(this::spectra);
        router.get("/api/experiments/:experiment/suggestions").handler(this::suggestions);
        router.get("/api/alerts").handler(this::alerts);
        router.post("/api/alerts/ack").handler(this::acknowledge);
        router.postWithRegex("/api/alerts/(?<id>.+)/ack").handler(this::acknowledge);
        router.get("/api/models").handler(this::models);
        router.get("/api/subscriptions").handler(this::listSubscriptions);
        router.post("/api/subscriptions").handler(this::createSubscription);
        router.delete("/api/subscriptions/:id").handler(this::deleteSubscription);
        router.route("/api/*").handler(ctx -> error(ctx, 404, "not_found", "no such API route"));
        router.get("/ws").handler(this::authenticate).handler(this::openWebSocket);
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create("dashboards").setCachingEnabled(false));
        return router;
    }

    // ---- filters -------------------------------------------------------------------------------------------

    private void securityHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("X-Content-Type-Options", "nosniff")
                // The page URL carries the token: never send it on as a Referer.
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; "
                        + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        ctx.next();
    }

    private void authenticate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String candidate = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (candidate == null) {
            candidate = request.getParam("token");
        }
        TokenScopes.Scope scope = config.tokens().authenticate(candidate);
        if (scope == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"topowatch\"");
            error(ctx, 401, "unauthorized",
                    "a valid token is required: 'Authorization: Bearer <token>' or '?token=<token>'");
            return;
        }
        ctx.put(SCOPE, scope);
        ctx.next();
    }

    private static TokenScopes.Scope scope(RoutingContext ctx) {
        return ctx.get(SCOPE);
    }

    /** The experiment path parameter when the token may see it; otherwise answers 403 and returns null. */
    private static String allowedExperiment(RoutingContext ctx, String experiment) {
        if (!scope(ctx).allows(experiment)) {
            error(ctx, 403, "forbidden", "this token may not see experiment " + experiment);
            return null;
        }
        return experiment;
    }

    // ---- routes --------------------------------------------------------------------------------------------

    private void health(RoutingContext ctx) {
        sendJson(ctx, 200, new JsonObject()
                .put("status", "UP")
                .put("clients", hub.size())
                .put("points", state.points())
                .put("experiments", state.experimentCount())
                .encode());
    }

    private void metrics(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(registry.scrape());
    }

    private void allTrajectories(RoutingContext ctx) {
        List<String> names = List.copyOf(state.experimentNames(scope(ctx)::allows));
        answerTrajectories(ctx, () -> {
            JsonArray out = new JsonArray();
            for (String e : names) {
                trajectorySource.trajectories(e).forEach(out::add);
            }
            return out;
        });
    }

    private void experiments(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (String e : state.experimentNames(scope(ctx)::allows)) {
            out.add(state.summary(e).put("unacknowledgedAlerts", board.unacknowledged(e)));
        }
        sendJson(ctx, 200, out.encode());
    }

    private void trajectories(RoutingContext ctx) {
        String e = allowedExperiment(ctx, ctx.pathParam("experiment"));
        if (e != null) {
            answerTrajectories(ctx, () -> trajectorySource.trajectories(e));
        }
    }

    /** Runs a trajectory read, on a worker thread when the source blocks; 503 while the source is unavailable. */
    private void answerTrajectories(RoutingContext ctx, Callable<JsonArray> read) {
        if (!trajectorySource.blocking()) {
            JsonArray out;
            try {
                out = read.call();
            } catch (Exception e) {
                trajectoryFailure(ctx, e);
                return;
            }
            sendJson(ctx, 200, out.encode());
            return;
        }
        ctx.vertx().executeBlocking(read, false).onComplete(ar -> {
            if (ar.succeeded()) {
                sendJson(ctx, 200, ar.result().encode());
            } else {
                trajectoryFailure(ctx, ar.cause());
            }
        });
    }

    private void trajectoryFailure(RoutingContext ctx, Throwable e) {
        if (e instanceof TrajectorySource.Unavailable || e instanceof InvalidStateStoreException) {
            ctx.response().putHeader("Retry-After", "1");
            error(ctx, 503, "unavailable", "trajectories cannot be read right now (the stream is rebalancing); retry");
        } else {
            LOG.warn("Reading trajectories failed", e);
            error(ctx, 500, "internal", "reading trajectories failed");
        }
    }

    private void spectra(RoutingContext ctx) {
        String e = allowedExperiment(ctx, ctx.pathParam("experiment"));
        if (e != null) {
            sendJson(ctx, 200, state.spectra(e).encode());
        }
    }

    private void suggestions(RoutingContext ctx) {
        String e = allowedExperiment(ctx, ctx.pathParam("experiment"));
        if (e != null) {
            sendJson(ctx, 200, state.suggestions(e).encode());
        }
    }

    private void alerts(RoutingContext ctx) {
        String experiment = ctx.request().getParam("experiment");
        String wanted = ctx.request().getParam("state");
        if (wanted != null && !List.of("unacknowledged", "acknowledged").contains(wanted)) {
            error(ctx, 400, "bad_request", "state must be unacknowledged or acknowledged");
            return;
        }
        TokenScopes.Scope scope = scope(ctx);
        if (experiment != null && allowedExperiment(ctx, experiment) == null) {
            return;
        }
        List<JsonObject> alarms = board.list(
                e -> scope.allows(e) && (experiment == null || experiment.equals(e)), wanted);
        sendJson(ctx, 200, new JsonArray(alarms.stream().map(Object.class::cast).toList()).encode());
    }

    private void acknowledge(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        String id = ctx.pathParam("id");
        if (id != null) {
            id = URLDecoder.decode(id, StandardCharsets.UTF_8);
        } else if (body.getValue("id") instanceof String s) {
            id = s;
        }
        if (id == null || id.isBlank()) {
            error(ctx, 400, "bad_request", "the alarm id is required: /api/alerts/{id}/ack or body {\"id\":...}");
            return;
        }
        if (!(body.getValue("by") instanceof String by) || by.isBlank() || by.length() > 100) {
            error(ctx, 400, "bad_request", "body must be {\"by\":\"<name, 1..100 characters>\"}");
            return;
        }
        String experiment = board.experimentOf(id);
        if (experiment == null) {
            error(ctx, 404, "not_found", "no alarm " + id);
            return;
        }
        if (allowedExperiment(ctx, experiment) == null) {
            return;
        }
        JsonObject current = board.get(id);
        if ("acknowledged".equals(current.getString("state"))) {
            sendJson(ctx, 200, current.encode());
            return;
        }
        String at = Instant.now().toString();
        String alarmId = id;
        String name = by.strip();
        JsonObject record = new JsonObject().put("id", id).put("experiment", experiment).put("by", name).put("at", at);
        journal.write(FeedTopics.ACKS, id, record.encode())
                .onSuccess(v -> {
                    JsonObject updated = board.acknowledge(alarmId, name, at);
                    if (updated == null) { // evicted meanwhile
                        error(ctx, 404, "not_found", "no alarm " + alarmId);
                        return;
                    }
                    acknowledged.accept(updated);
                    sendJson(ctx, 200, updated.encode());
                })
                .onFailure(e -> unavailable(ctx, "cannot record the acknowledgement", e));
    }

    private void models(RoutingContext ctx) {
        sendJson(ctx, 200, state.models().encode());
    }

    private void listSubscriptions(RoutingContext ctx) {
        TokenScopes.Scope scope = scope(ctx);
        JsonArray out = new JsonArray();
        for (Subscription s : subscriptions.all()) {
            if (scope.covers(s.experimentPattern())) {
                out.add(s.toJson(false));
            }
        }
        sendJson(ctx, 200, out.encode());
    }

    private void createSubscription(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        Subscription s;
        try {
            s = Subscription.fromJson(body, true, Instant.now().toString());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "bad_request", e.getMessage());
            return;
        }
        if (!scope(ctx).covers(s.experimentPattern())) {
            error(ctx, 403, "forbidden", "this token may not see every experiment matching "
                    + s.experimentPattern());
            return;
        }
        Subscription existing = subscriptions.get(s.id());
        if (existing != null && !scope(ctx).covers(existing.experimentPattern())) {
            error(ctx, 403, "forbidden", "subscription " + s.id() + " belongs to a wider scope");
            return;
        }
        journal.write(FeedTopics.SUBSCRIPTIONS, s.id(), s.toJson(true).encode())
                .onSuccess(v -> {
                    subscriptions.put(s);
                    LOG.info("Subscription {} {}", existing == null ? "created" : "replaced", s);
                    sendJson(ctx, 201, s.toJson(true).encode());
                })
                .onFailure(e -> unavailable(ctx, "cannot record the subscription", e));
    }

    private void deleteSubscription(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Subscription s = subscriptions.get(id);
        if (s == null) {
            error(ctx, 404, "not_found", "no subscription " + id);
            return;
        }
        if (!scope(ctx).covers(s.experimentPattern())) {
            error(ctx, 403, "forbidden", "this token may not manage subscription " + id);
            return;
        }
        journal.write(FeedTopics.SUBSCRIPTIONS, id, null)
                .onSuccess(v -> {
                    subscriptions.remove(id);
                    LOG.info("Subscription {} deleted", id);
                    ctx.response().setStatusCode(204).putHeader(SEQ_HEADER, String.valueOf(log.current())).end();
                })
                .onFailure(e -> unavailable(ctx, "cannot record the deletion", e));
    }

    private void openWebSocket(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !originAllowed(origin, request.getHeader(HttpHeaders.HOST), config.allowedOrigins())) {
            error(ctx, 403, "forbidden", "origin " + origin + " may not open the websocket");
            return;
        }
        String experiment = request.getParam("experiment");
        if (experiment != null && allowedExperiment(ctx, experiment) == null) {
            return;
        }
        if (!request.canUpgradeToWebSocket()) {
            error(ctx, 400, "bad_request", "websocket upgrade required");
            return;
        }
        TokenScopes.Scope scope = scope(ctx);
        request.toWebSocket()
                .onSuccess(ws -> hub.accept(ws, scope, experiment))
                .onFailure(e -> LOG.debug("Websocket upgrade failed: {}", e.toString()));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Whether a browser page from {@code origin} may open the websocket: listed in {@code allowed}, or, when
     * nothing is listed, of the same host and port as the request's {@code Host} header.
     */
    static boolean originAllowed(String origin, String host, List<String> allowed) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (!allowed.isEmpty()) {
            for (String a : allowed) {
                String x = a.strip().toLowerCase(Locale.ROOT);
                if (x.equals(o) || (x.endsWith("/") && x.substring(0, x.length() - 1).equals(o))) {
                    return true;
                }
            }
            return false;
        }
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(o);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            URI h = URI.create("//" + host.strip().toLowerCase(Locale.ROOT));
            int hostPort = h.getPort() != -1 ? h.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            return uri.getHost().equals(h.getHost()) && port == hostPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The credentials of an {@code Authorization: Bearer ...} header (scheme case-insensitive), or null. */
    static String bearer(String header) {
        String scheme = "Bearer ";
        if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return null;
        }
        String credentials = header.substring(scheme.length()).trim();
        return credentials.isEmpty() ? null : credentials;
    }

    private static JsonObject jsonBody(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error(ctx, 400, "bad_request", "body is not a JSON object");
            return null;
        }
    }

    private void unavailable(RoutingContext ctx, String what, Throwable e) {
        LOG.warn("{}: {}", what, e.toString());
        error(ctx, 503, "unavailable", what + ": " + e.getMessage());
    }

    private static void error(RoutingContext ctx, int status, String code, String message) {
        end(ctx, status, new JsonObject().put("error", code).put("message", message).encode(), null);
    }

    private void sendJson(RoutingContext ctx, int status, String json) {
        end(ctx, status, json, String.valueOf(log.current()));
    }

    /** A JSON answer, never cached; {@code seq} (the websocket sequence now) only on data answers. */
    private static void end(RoutingContext ctx, int status, String json, String seq) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (seq != null) {
            ctx.response().putHeader(SEQ_HEADER, seq);
        }
        ctx.response().end(json);
    }
}
