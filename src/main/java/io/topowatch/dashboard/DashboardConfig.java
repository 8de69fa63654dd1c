package io.topowatch.dashboard;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

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
 * @param token            shared secret every data endpoint requires; never blank
 * @param historyPerSample most trajectory points kept in memory per (experiment, sample); older ones are dropped
 */
public record DashboardConfig(String host, int port, String token, int historyPerSample) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_HISTORY_PER_SAMPLE = 2000;

    public DashboardConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        Objects.requireNonNull(token, "token is required");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (historyPerSample < 1) {
            throw new IllegalArgumentException("historyPerSample must be positive, got " + historyPerSample);
        }
    }

    /** Default host and history size. */
    public DashboardConfig(int port, String token) {
        this(DEFAULT_HOST, port, token, DEFAULT_HISTORY_PER_SAMPLE);
    }

    /**
     * Reads {@code host}, {@code port}, {@code token}, {@code historyPerSample} from a deployment config; absent
     * keys take the defaults (port 0), and a missing token fails.
     */
    public static DashboardConfig fromJson(JsonObject json) {
        JsonObject j = json == null ? new JsonObject() : json;
        return new DashboardConfig(
                j.getString("host", DEFAULT_HOST),
                j.getInteger("port", 0),
                j.getString("token"),
                j.getInteger("historyPerSample", DEFAULT_HISTORY_PER_SAMPLE));
    }

    /** The inverse of {@link #fromJson(JsonObject)}, for {@code DeploymentOptions.setConfig}. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("host", host)
                .put("port", port)
                .put("token", token)
                .put("historyPerSample", historyPerSample);
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "DashboardConfig[host=" + host + ", port=" + port + ", token=***, historyPerSample="
                + historyPerSample + "]";
    }
}
