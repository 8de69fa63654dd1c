package io.topowatch.dashboard;

import io.topowatch.alert.WebhookSender;
import io.topowatch.config.TopoWatchConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of the dashboard web server.
 *
 * <p>The verticle takes this either directly ({@link DashboardVerticle#DashboardVerticle(DashboardConfig)}) or
 * as the deployment config ({@link #fromJson(JsonObject)} / {@link #toJson()}), so tests and deployments inject
 * their own.
 *
 * @param host             interface to bind; {@value #DEFAULT_HOST} for all
 * @param port             TCP port; 0 binds an ephemeral port (read it back with
 *                         {@link DashboardVerticle#actualPort()})
 * @param tokens           the tokens and the experiments each may see
 * @param historyPerSample most trajectory points kept in memory per (experiment, sample); older ones are dropped
 * @param allowedOrigins   browser origins allowed to open the websocket; empty = same origin only
 * @param tls              PEM certificate and key for HTTPS/WSS, or null for plain HTTP
 * @param alertHoldOff     repeats of an alarm within this time fold into it
 * @param limits           sizes and rates that keep memory and clients bounded
 * @param webhookRetry     webhook delivery attempts and back-off
 */
public record DashboardConfig(String host, int port, TokenScopes tokens, int historyPerSample,
                              List<String> allowedOrigins, Tls tls, Duration alertHoldOff, Limits limits,
                              WebhookSender.Retry webhookRetry) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_HISTORY_PER_SAMPLE = 2000;
    public static final Duration DEFAULT_ALERT_HOLD_OFF = Duration.ofMinutes(10);

    /** PEM file paths of the server certificate (chain) and its private key. */
    public record Tls(String certPath, String keyPath) {
        public Tls {
            if (certPath == null || certPath.isBlank() || keyPath == null || keyPath.isBlank()) {
                throw new IllegalArgumentException("TLS needs both a certificate and a key path");
            }
        }
    }

    /**
     * @param maxMessageBytes   largest websocket message a client may send; bigger ones close it (1009)
     * @param messagesPerSecond sustained websocket messages per second a client may send
     * @param messageBurst      messages a client may send at once above that rate
     * @param writeQueueBytes   bytes queued for a client before it counts as too slow and is closed (1013)
     * @param replayBuffer      websocket events kept for resuming with {@code since}
     * @param maxAlarms         alarms kept in memory
     * @param maxExperiments    experiments kept in memory; the least recently updated goes first
     */
    public record Limits(int maxMessageBytes, double messagesPerSecond, int messageBurst, int writeQueueBytes,
                         int replayBuffer, int maxAlarms, int maxExperiments) {

        public static final Limits DEFAULT = new Limits(4096, 10.0, 20, 1 << 20, 10_000, 10_000, 500);

        public Limits {
            if (maxMessageBytes < 64 || messagesPerSecond <= 0 || messageBurst < 1 || writeQueueBytes < 1024
                    || replayBuffer < 1 || maxAlarms < 1 || maxExperiments < 1) {
                throw new IllegalArgumentException("dashboard limits out of range: maxMessageBytes >= 64, "
                        + "messagesPerSecond > 0, messageBurst >= 1, writeQueueBytes >= 1024, others >= 1");
            }
        }

        JsonObject toJson() {
            return new JsonObject().put("maxMessageBytes", maxMessageBytes).put("messagesPerSecond", messagesPerSecond)
                    .put("messageBurst", messageBurst).put("writeQueueBytes", writeQueueBytes)
                    .put("replayBuffer", replayBuffer).put("maxAlarms", maxAlarms).put("maxExperiments", maxExperiments);
        }

        static Limits fromJson(JsonObject j) {
            if (j == null) {
                return DEFAULT;
            }
            Limits d = DEFAULT;
            return new Limits(j.getInteger("maxMessageBytes", d.maxMessageBytes),
                    j.getDouble("messagesPerSecond", d.messagesPerSecond), j.getInteger("messageBurst", d.messageBurst),
                    j.getInteger("writeQueueBytes", d.writeQueueBytes), j.getInteger("replayBuffer", d.replayBuffer),
                    j.getInteger("maxAlarms", d.maxAlarms), j.getInteger("maxExperiments", d.maxExperiments));
        }
    }

    public DashboardConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        Objects.requireNonNull(tokens, "tokens are required");
        if (historyPerSample < 1) {
            throw new IllegalArgumentException("historyPerSample must be positive, got " + historyPerSample);
        }
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        alertHoldOff = alertHoldOff == null ? DEFAULT_ALERT_HOLD_OFF : alertHoldOff;
        if (alertHoldOff.isNegative()) {
            throw new IllegalArgumentException("alertHoldOff must not be negative");
        }
        limits = limits == null ? Limits.DEFAULT : limits;
        webhookRetry = webhookRetry == null ? WebhookSender.Retry.DEFAULT : webhookRetry;
    }

    /** One all-experiments token, defaults for the rest. */
    public DashboardConfig(String host, int port, String token, int historyPerSample) {
        this(host, port, TokenScopes.single(requireToken(token)), historyPerSample, List.of(), null,
                DEFAULT_ALERT_HOLD_OFF, Limits.DEFAULT, WebhookSender.Retry.DEFAULT);
    }

    /** Default host and history size. */
    public DashboardConfig(int port, String token) {
        this(DEFAULT_HOST, port, token, DEFAULT_HISTORY_PER_SAMPLE);
    }

    /**
     * The dashboard settings of TopoWatch's configuration: {@code dashboard.tokens} plus {@code dashboard.token}
     * (scope {@code *}); when both are empty, {@code newToken} supplies an all-experiments token.
     *
     * @throws IllegalArgumentException on a malformed token spec, or only one of the TLS paths
     */
    public static DashboardConfig of(TopoWatchConfig.Dashboard d, Supplier<String> newToken) {
        boolean none = d.token().isBlank() && d.tokens().isBlank();
        TokenScopes tokens = TokenScopes.parse(d.tokens(), none ? newToken.get() : d.token());
        List<String> origins = Arrays.stream(d.allowedOrigins().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        boolean cert = !d.tlsCertPath().isBlank();
        boolean key = !d.tlsKeyPath().isBlank();
        if (cert != key) {
            throw new IllegalArgumentException("dashboard.tlsCertPath and dashboard.tlsKeyPath must be set together");
        }
        return new DashboardConfig(d.host(), d.port(), tokens, DEFAULT_HISTORY_PER_SAMPLE, origins,
                cert ? new Tls(d.tlsCertPath(), d.tlsKeyPath()) : null, Duration.ofSeconds(d.alertHoldOffSeconds()),
                Limits.DEFAULT, WebhookSender.Retry.DEFAULT);
    }

    private static String requireToken(String token) {
        Objects.requireNonNull(token, "token is required");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        return token;
    }

    public DashboardConfig withTokens(TokenScopes t) {
        return new DashboardConfig(host, port, t, historyPerSample, allowedOrigins, tls, alertHoldOff, limits,
                webhookRetry);
    }

    public DashboardConfig withAllowedOrigins(List<String> origins) {
        return new DashboardConfig(host, port, tokens, historyPerSample, origins, tls, alertHoldOff, limits,
                webhookRetry);
    }

    public DashboardConfig withTls(Tls t) {
        return new DashboardConfig(host, port, tokens, historyPerSample, allowedOrigins, t, alertHoldOff, limits,
                webhookRetry);
    }

    public DashboardConfig withAlertHoldOff(Duration d) {
        return new DashboardConfig(host, port, tokens, historyPerSample, allowedOrigins, tls, d, limits, webhookRetry);
    }

    public DashboardConfig withLimits(Limits l) {
        return new DashboardConfig(host, port, tokens, historyPerSample, allowedOrigins, tls, alertHoldOff, l,
                webhookRetry);
    }

    public DashboardConfig withWebhookRetry(WebhookSender.Retry r) {
        return new DashboardConfig(host, port, tokens, historyPerSample, allowedOrigins, tls, alertHoldOff, limits, r);
    }

    /**
     * Reads {@code host}, {@code port}, {@code token} and/or {@code tokens} (spec, see {@link TokenScopes#parse}),
     * {@code historyPerSample}, {@code allowedOrigins} (array), {@code tlsCertPath}/{@code tlsKeyPath},
     * {@code alertHoldOffSeconds}, {@code limits} (object) from a deployment config; absent keys take the
     * defaults (port 0), and no token at all fails.
     */
    public static DashboardConfig fromJson(JsonObject json) {
        JsonObject j = json == null ? new JsonObject() : json;
        String token = j.getString("token");
        String spec = j.getString("tokens");
        if ((token == null || token.isBlank()) && (spec == null || spec.isBlank())) {
            Objects.requireNonNull(token, "token is required");
        }
        JsonArray origins = j.getJsonArray("allowedOrigins", new JsonArray());
        String cert = j.getString("tlsCertPath");
        Tls tls = cert == null || cert.isBlank() ? null : new Tls(cert, j.getString("tlsKeyPath"));
        return new DashboardConfig(
                j.getString("host", DEFAULT_HOST),
                j.getInteger("port", 0),
                TokenScopes.parse(spec, token),
                j.getInteger("historyPerSample", DEFAULT_HISTORY_PER_SAMPLE),
                origins.stream().map(String::valueOf).toList(),
                tls,
                Duration.ofSeconds(j.getLong("alertHoldOffSeconds", DEFAULT_ALERT_HOLD_OFF.toSeconds())),
                Limits.fromJson(j.getJsonObject("limits")),
                WebhookSender.Retry.DEFAULT);
    }

    /** The inverse of {@link #fromJson(JsonObject)}, for {@code DeploymentOptions.setConfig}. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject()
                .put("host", host)
                .put("port", port)
                .put("tokens", tokens.spec())
                .put("historyPerSample", historyPerSample)
                .put("allowedOrigins", new JsonArray(allowedOrigins))
                .put("alertHoldOffSeconds", alertHoldOff.toSeconds())
                .put("limits", limits.toJson());
        if (tls != null) {
            j.put("tlsCertPath", tls.certPath()).put("tlsKeyPath", tls.keyPath());
        }
        return j;
    }

    /** Keeps the secrets out of logs. */
    @Override
    public String toString() {
        return "DashboardConfig[host=" + host + ", port=" + port + ", tokens=" + tokens + ", historyPerSample="
                + historyPerSample + ", allowedOrigins=" + allowedOrigins + ", tls=" + (tls != null)
                + ", alertHoldOff=" + alertHoldOff + ", limits=" + limits + "]";
    }
}
