package io.topowatch.cli;

import io.topowatch.config.TopoWatchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the stream and the dashboard against an existing Kafka cluster.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka cluster (overrides kafka.bootstrapServers of the config).")
    String bootstrapServers;

    @Option(names = "--http-port", paramLabel = "N", description = "Dashboard port (overrides dashboard.port).")
    Integer httpPort;

    @Option(names = "--watch", paramLabel = "DIR",
            description = "Also publish scan files (XDI) dropped into DIR; see replay --watch.")
    Path watch;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        TopoWatchConfig config = configOptions.load();
        if (bootstrapServers != null) {
            config = config.withBootstrapServers(bootstrapServers);
        }
        if (httpPort != null) {
            config = config.withDashboardPort(httpPort);
        }
        Path workDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "topowatch-run"));
        try (ShutdownSignal signal = ShutdownSignal.install();
                Services services = Services.start(config, workDir)) {
            if (watch != null) {
                services.closeFirst(ReplayCommand.watch(watch, config.kafka().bootstrapServers(),
                        config.kafka().properties()));
            }
            System.out.println("kafka: " + config.kafka().bootstrapServers());
            System.out.println("dashboard: http://localhost:" + services.dashboardPort() + "/?token=" + services.token());
            System.out.flush();
            signal.await(null);
        }
        return 0;
    }
}
