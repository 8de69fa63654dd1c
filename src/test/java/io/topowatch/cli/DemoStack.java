package io.topowatch.cli;

import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.config.TopoWatchConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's running stack for tests outside this package: an embedded KRaft broker and {@link Services} (topics,
 * stream with the bundled model, dashboard and its relays), started exactly as {@code demo} starts them, on an
 * ephemeral dashboard port bound to loopback with a fixed token. Close it to stop everything in reverse order.
 */
public final class DemoStack implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final Services services;

    private DemoStack(EmbeddedKafka kafka, Services services) {
        this.kafka = kafka;
        this.services = services;
    }

    /**
     * @param workDir broker data, stream state and an empty model registry (so the bundled model scores,
     *                whatever the machine's own registry holds)
     * @param token   the dashboard's access token
     */
    public static DemoStack start(Path workDir, String token) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0, Duration.ofSeconds(60));
        try {
            TopoWatchConfig defaults = TopoWatchConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
            TopoWatchConfig config = new TopoWatchConfig(defaults.kafka(), defaults.stream(),
                    new TopoWatchConfig.Dashboard("127.0.0.1", 0, token),
                    new TopoWatchConfig.Model("", workDir.resolve("registry").toString()), defaults.simulator());
            return new DemoStack(kafka, Services.start(config, workDir));
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int dashboardPort() {
        return services.dashboardPort();
    }

    @Override
    public void close() {
        try {
            services.close();
        } finally {
            kafka.close();
        }
    }
}
