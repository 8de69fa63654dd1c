package io.topowatch.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web dashboard of the topology trajectories: keeps the latest points per (experiment, sample) in memory and
 * serves them to browsers.
 *
 * <p>Input is the event-bus address {@link #TRAJECTORY_ADDRESS}, whose String bodies are the JSON values of the
 * trajectories topic ({@link TrajectoryRelay} bridges the topic there). Routes:
 * <ul>
 *   <li>{@code GET /health}: public liveness probe, {@code {"status":"UP","clients":N,"points":M}};</li>
 *   <li>{@code GET /api/trajectories}: token; {@code [{experiment, sample, points:[...]}]};</li>
 *   <li>{@code GET /ws}: token; websocket that first replays the history, then pushes each new point as the
 *       unchanged JSON text;</li>
 *   <li>anything else: the static page from classpath folder {@code dashboards/} (holds no data, so public).</li>
 * </ul>
 *
 * <p>Token: {@code Authorization: Bearer <token>} or {@code ?token=<token>} (browsers cannot set headers on a
 * websocket). Both sides are hashed with SHA-256 and compared with {@link MessageDigest#isEqual}, so the time
 * taken reveals neither the content nor the length of the token. Anything else gets 401 with a JSON body, and
 * the websocket upgrade is refused with that same 401 before any handshake.
 *
 * <p>All state is touched only on this verticle's event loop (HTTP, websocket and event-bus handlers all run
 * there), so it needs no locks. Deploy one instance.
 */
public final class DashboardVerticle extends VerticleBase {

    /** Event-bus address of trajectory points (String bodies: one trajectory-topic JSON value each). */
    public static final String TRAJECTORY_ADDRESS = "topowatch.dashboard.trajectory";

    private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);

    /** Room a live client's write queue gets beyond the history it was sent; a client this far behind is cut. */
    private static final int LIVE_QUEUE_BYTES = 1 << 20;
    private static final short WS_TRY_AGAIN_LATER = 1013;
    private static final int LOGGED_BODY_CHARS = 200;

    private final DashboardConfig given;
    private DashboardConfig config;
    private byte[] tokenDigest;

    private final Map<SampleKey, Deque<TrajectoryPoint>> history = new LinkedHashMap<>();
    private final Set<ServerWebSocket> clients = new LinkedHashSet<>();
    private int points;
    private long malformed;

    private MessageConsumer<Object> consumer;
    private HttpServer server;
    private volatile int actualPort = -1;

    /** Reads its settings from the deployment config, see {@link DashboardConfig#fromJson}. */
    public DashboardVerticle() {
        this.given = null;
    }

    public DashboardVerticle(DashboardConfig config) {
        this.given = Objects.requireNonNull(config, "config");
    }

    @Override
    public Future<?> start() {
        config = given != null ? given : DashboardConfig.fromJson(config());
        tokenDigest = sha256(config.token());

        Router router = Router.router(vertx);
        router.route().handler(this::securityHeaders);
        router.get("/health").handler(this::health);
        router.route("/api/*").handler(this::requireToken);
        router.get("/api/trajectories").handler(this::trajectories);
        router.get("/ws").handler(this::requireToken).handler(this::openWebSocket);
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create("dashboards").setCachingEnabled(false));

        consumer = vertx.eventBus().consumer(TRAJECTORY_ADDRESS, this::onTrajectory);
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router);
        return consumer.completion()
                .compose(registered -> server.listen())
                .onSuccess(listening -> {
                    actualPort = listening.actualPort();
                    LOG.info("Dashboard listening on {}:{}", config.host(), actualPort);
                });
    }

    @Override
    public Future<?> stop() {
        clients.clear();
        return Future.join(consumer.unregister(), server.close());
    }

    /**
     * @return the bound port (the ephemeral one when configured with port 0)
     * @throws IllegalStateException before the deployment succeeded
     */
    public int actualPort() {
        int port = actualPort;
        if (port < 0) {
            throw new IllegalStateException("dashboard is not listening yet");
        }
        return port;
    }

    // ---- routes --------------------------------------------------------------------------------------------

    private void securityHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("X-Content-Type-Options", "nosniff")
                // The page URL carries the token: never send it on as a Referer.
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; "
                        + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        ctx.next();
    }

    private void health(RoutingContext ctx) {
        sendJson(ctx, 200, new JsonObject()
                .put("status", "UP")
                .put("clients", clients.size())
                .put("points", points)
                .encode());
    }

    private void requireToken(RoutingContext ctx) {
        if (authorised(ctx.request())) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"topowatch\"");
            sendJson(ctx, 401, new JsonObject()
                    .put("error", "unauthorized")
                    .put("message", "a valid token is required: 'Authorization: Bearer <token>' or '?token=<token>'")
                    .encode());
        }
    }

    private void trajectories(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        history.forEach((key, deque) -> {
            JsonArray pts = new JsonArray();
            deque.forEach(p -> pts.add(p.json()));
            out.add(new JsonObject().put("experiment", key.experiment()).put("sample", key.sample()).put("points", pts));
        });
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        sendJson(ctx, 200, out.encode());
    }

    private void openWebSocket(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.canUpgradeToWebSocket()) {
            sendJson(ctx, 400, new JsonObject()
                    .put("error", "bad_request").put("message", "websocket upgrade required").encode());
            return;
        }
        request.toWebSocket()
                .onSuccess(this::addClient)
                .onFailure(e -> LOG.debug("Websocket upgrade failed: {}", e.toString()));
    }

    /** Replays the history, then registers for live points; on the event loop, so no point falls in between. */
    private void addClient(ServerWebSocket ws) {
        long historyBytes = 0;
        for (Deque<TrajectoryPoint> deque : history.values()) {
            for (TrajectoryPoint p : deque) {
                ws.writeTextMessage(p.text());
                historyBytes += p.text().length();
            }
        }
        ws.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, historyBytes + LIVE_QUEUE_BYTES));
        ws.textMessageHandler(ignored -> { }); // the page never talks back; drop whatever it sends
        ws.exceptionHandler(e -> LOG.debug("Websocket error from {}: {}", ws.remoteAddress(), e.toString()));
        ws.closeHandler(closed -> clients.remove(ws));
        clients.add(ws);
    }

    // ---- input ---------------------------------------------------------------------------------------------

    private void onTrajectory(Message<Object> message) {
        Object body = message.body();
        TrajectoryPoint point;
        try {
            if (!(body instanceof String text)) {
                throw new IllegalArgumentException("body is " + (body == null ? "null" : body.getClass().getName())
                        + ", expected a JSON String");
            }
            point = TrajectoryPoint.parse(text);
        } catch (IllegalArgumentException e) {
            malformed++;
            if (malformed <= 10 || malformed % 1000 == 0) { // a poisoned topic must not flood the log
                LOG.warn("Ignoring malformed trajectory point #{} ({}): {}", malformed,
                        abbreviate(e.getMessage().lines().findFirst().orElse("")), abbreviate(body));
            }
            return;
        }
        remember(point);
        broadcast(point.text());
    }

    private void remember(TrajectoryPoint point) {
        Deque<TrajectoryPoint> deque =
                history.computeIfAbsent(new SampleKey(point.experiment(), point.sample()), k -> new ArrayDeque<>());
        deque.addLast(point);
        points++;
        while (deque.size() > config.historyPerSample()) {
            deque.removeFirst();
            points--;
        }
    }

    private void broadcast(String text) {
        for (Iterator<ServerWebSocket> it = clients.iterator(); it.hasNext(); ) {
            ServerWebSocket ws = it.next();
            if (ws.writeQueueFull()) {
                // Cut rather than buffer without bound; the page reconnects and replays the history.
                LOG.warn("Closing websocket {}: it is not keeping up", ws.remoteAddress());
                it.remove();
                ws.close(WS_TRY_AGAIN_LATER, "too slow");
            } else {
                ws.writeTextMessage(text);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private boolean authorised(HttpServerRequest request) {
        String candidate = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (candidate == null) {
            candidate = request.getParam("token");
        }
        return candidate != null && MessageDigest.isEqual(sha256(candidate), tokenDigest);
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

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    private static void sendJson(RoutingContext ctx, int status, String json) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(json);
    }

    private static String abbreviate(Object body) {
        String s = String.valueOf(body);
        return s.length() <= LOGGED_BODY_CHARS ? s : s.substring(0, LOGGED_BODY_CHARS) + "...";
    }

    private record SampleKey(String experiment, String sample) {}
}
