package io.topowatch.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.json.jackson.DatabindCodec;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.AlarmBoard;
import io.topowatch.alert.SubscriptionBook;
import io.topowatch.alert.SubscriptionDispatcher;
import io.topowatch.alert.SubscriptionJournal;
import io.topowatch.alert.WebhookSender;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: keeps what the topics say in memory and serves it over REST and a websocket.
 *
 * <p>Input is the event-bus address {@link #FEED_ADDRESS}: String bodies (null for a tombstone) with headers
 * {@code topic}, {@code key} and {@code replay} ("true" for records that were already on the topic when the
 * relay started); {@link FeedRelay} bridges the topics there, and each message is answered once handled, so
 * the relay keeps a bounded number in flight. Routes are in {@link ApiRouter}, websocket clients in
 * {@link WebSocketHub}; the protocol is documented in the README ("Dashboard and API").
 *
 * <p>All state is touched only on this verticle's event loop (HTTP, websocket, event-bus and timer handlers all
 * run there), so it needs no locks. Deploy one instance.
 */
public final class DashboardVerticle extends VerticleBase {

    /** Event-bus address of feed records, see the class comment. */
    public static final String FEED_ADDRESS = "topowatch.dashboard.feed";

    private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);
    private static final int LOGGED_BODY_CHARS = 200;
    /** Spectrum events to browsers at most this often per (experiment, sample, element) ({@link SpectrumEvents}). */
    static final long SPECTRUM_EVENT_INTERVAL_MS = 250;

    private final DashboardConfig given;
    private final PrometheusMeterRegistry registry;
    private final SubscriptionJournal journal;
    /** Null: answer trajectories from {@link #state}. */
    private final TrajectorySource trajectorySource;

    private DashboardConfig config;
    private DashboardState state;
    private EventLog log;
    private WebSocketHub hub;
    private AlarmBoard board;
    private SubscriptionBook subscriptions;
    private SubscriptionDispatcher dispatcher;
    private WebhookSender webhooks;
    private DashboardMetrics metrics;
    private long malformed;

    private SpectrumEvents spectrumEvents;
    private MessageConsumer<Object> consumer;
    private HttpServer server;
    private volatile int actualPort = -1;

    static {
        // Vert.x's JsonObject shares one Jackson factory; the dashboard's records (spectra above all) are
        // mostly numbers, and the JDK's double parsing was the relay's largest cost at 1,000 scans/s (JFR).
        DatabindCodec.mapper().getFactory()
                .enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER)
                .enable(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);
    }

    /** Reads its settings from the deployment config ({@link DashboardConfig#fromJson}); nothing persisted. */
    public DashboardVerticle() {
        this(null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SubscriptionJournal.none());
    }

    /** Its own metrics registry; subscriptions and acknowledgements are not persisted. */
    public DashboardVerticle(DashboardConfig config) {
        this(Objects.requireNonNull(config, "config"), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                SubscriptionJournal.none());
    }

    /**
     * @param registry served at {@code /metrics}; the dashboard adds its {@code topowatch.dashboard.*} meters
     * @param journal  where subscriptions, acknowledgements and Kafka deliveries are written
     */
    public DashboardVerticle(DashboardConfig config, PrometheusMeterRegistry registry, SubscriptionJournal journal) {
        this(config, registry, journal, null);
    }

    /**
     * @param trajectories where the trajectory routes answer from (the stream's store, see
     *                     {@link StreamTrajectorySource}); null: the dashboard's own memory of the topic
     */
    public DashboardVerticle(DashboardConfig config, PrometheusMeterRegistry registry, SubscriptionJournal journal,
                             TrajectorySource trajectories) {
        this.given = config;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.trajectorySource = trajectories;
    }

    @Override
    public Future<?> start() {
        config = given != null ? given : DashboardConfig.fromJson(config());
        DashboardConfig.Limits limits = config.limits();
        metrics = new DashboardMetrics(registry);
        state = new DashboardState(config.historyPerSample(), limits.maxExperiments());
        log = new EventLog(limits.replayBuffer());
        hub = new WebSocketHub(vertx, limits, log, metrics);
        spectrumEvents = new SpectrumEvents(vertx, SPECTRUM_EVENT_INTERVAL_MS);
        board = new AlarmBoard(config.alertHoldOff(), limits.maxAlarms());
        subscriptions = new SubscriptionBook();
        webhooks = new WebhookSender(vertx, config.webhookRetry());
        dispatcher = new SubscriptionDispatcher(subscriptions, webhooks, journal, hub::notify, registry);
        DashboardState memory = state;
        TrajectorySource trajectories = trajectorySource != null ? trajectorySource : new TrajectorySource() {
            @Override
            public io.vertx.core.json.JsonArray trajectories(String experiment) {
                return memory.trajectories(experiment);
            }

            @Override
            public boolean blocking() {
                return false;
            }
        };
        ApiRouter api = new ApiRouter(config, state, board, subscriptions, journal, log, hub, registry, trajectories,
                alarm -> {
                    publish("alert-state", alarm.getString("experiment"), alarm);
                    countUnacknowledged();
                });

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // Vert.x cuts anything above these on its own; the hub closes a message above the configured
                // limit with 1009 itself, so the protocol limit is a little looser and only bounds memory.
                .setMaxWebSocketFrameSize(Math.max(65536, limits.maxMessageBytes()))
                .setMaxWebSocketMessageSize(Math.max(65536, 4 * limits.maxMessageBytes()));
        if (config.tls() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tls().certPath()).setKeyPath(config.tls().keyPath()));
        }
        consumer = vertx.eventBus().consumer(FEED_ADDRESS, this::onRecord);
        server = vertx.createHttpServer(options).requestHandler(api.router(vertx));
        return consumer.completion()
                .compose(registered -> server.listen())
                .onSuccess(listening -> {
                    actualPort = listening.actualPort();
                    LOG.info("Dashboard listening on {}://{}:{}", config.tls() == null ? "http" : "https",
                            config.host(), actualPort);
                });
    }

    @Override
    public Future<?> stop() {
        hub.closeAll();
        return Future.join(consumer.unregister(), server.close(), webhooks.close());
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

    /** The registry {@code /metrics} serves. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    // ---- input ---------------------------------------------------------------------------------------------

    private void onRecord(Message<Object> message) {
        MultiMap headers = message.headers();
        String topic = headers.get("topic");
        String key = headers.get("key");
        boolean replay = "true".equals(headers.get("replay"));
        Object body = message.body();
        try {
            if (body != null && !(body instanceof String)) {
                throw new IllegalArgumentException("body is " + body.getClass().getName() + ", expected a JSON String");
            }
            apply(topic == null ? FeedTopics.TRAJECTORIES : topic, key, (String) body, replay);
            metrics.record(String.valueOf(topic));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            malformed++;
            metrics.rejected(String.valueOf(topic));
            if (malformed <= 10 || malformed % 1000 == 0) { // a poisoned topic must not flood the log
                LOG.warn("Ignoring malformed record #{} from {} ({}): {}", malformed, topic,
                        abbreviate(String.valueOf(e.getMessage()).lines().findFirst().orElse("")), abbreviate(body));
            }
        } finally {
            message.reply(null);
        }
    }

    private void apply(String topic, String key, String value, boolean replay) {
        switch (topic) {
            case "topowatch.subscriptions" -> subscriptions.apply(key, value);
            default -> {
                if (value == null) {
                    return; // tombstones mean nothing on the other topics
                }
                applyValue(topic, key, value, replay);
            }
        }
    }

    private void applyValue(String topic, String key, String value, boolean replay) {
        if (topic.equals(FeedTopics.TRAJECTORIES)) {
            TrajectoryPoint p = TrajectoryPoint.parse(value);
            state.trajectory(p);
            publish("trajectory", p.experiment(), p.json());
        } else if (topic.equals(FeedTopics.SPECTRA)) {
            SpectrumRecord record = SpectrumRecord.parse(value);
            DashboardState.SpectrumView view = state.spectrum(record);
            String experiment = record.experiment();
            spectrumEvents.offer(experiment + "\u0000" + record.sample() + "\u0000" + record.element(),
                    // built when a client first needs it: a shallow copy, the entry's arrays never change once parsed
                    () -> hub.publish(log.append("spectrum", experiment,
                            () -> new JsonObject(new LinkedHashMap<>(view.entry().getMap())).put("experiment", experiment))));
        } else if (topic.equals(FeedTopics.SUGGESTIONS)) {
            JsonObject s = new JsonObject(value);
            state.suggestion(s);
            publish("suggestion", s.getString("experiment"), s);
        } else if (topic.equals(FeedTopics.ALERTS)) {
            JsonObject alert = new JsonObject(value);
            AlarmBoard.Raised raised = board.raise(alert, Instant.now());
            state.alert(alert);
            publish("alert", alert.getString("experiment"), raised.alarm());
            countUnacknowledged();
            if (raised.outcome() == AlarmBoard.Outcome.NEW && !replay) {
                dispatcher.dispatch(raised.alarm());
            }
        } else if (topic.equals(FeedTopics.ACKS)) {
            JsonObject changed = board.restoreAcknowledgement(new JsonObject(value));
            if (changed != null) {
                publish("alert-state", changed.getString("experiment"), changed);
                countUnacknowledged();
            }
        } else if (topic.equals(FeedTopics.MODELS)) {
            JsonObject record = new JsonObject(value);
            state.promotion(record);
            publish("model", null, record);
        } else {
            throw new IllegalArgumentException("unknown topic " + topic);
        }
    }

    private void publish(String type, String experiment, JsonObject data) {
        hub.publish(log.append(type, experiment, data));
    }

    private void countUnacknowledged() {
        metrics.unacknowledged(board.unacknowledged());
    }

    private static String abbreviate(Object body) {
        String s = String.valueOf(body);
        return s.length() <= LOGGED_BODY_CHARS ? s : s.substring(0, LOGGED_BODY_CHARS) + "...";
    }
}
