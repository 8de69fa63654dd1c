package io.topowatch.cli;

import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.config.TopoWatchConfig;
import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.ScanPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run everything embedded: Kafka broker, topics, stream, dashboard and a simulated field sweep.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--http-port", paramLabel = "N", description = "Dashboard port (default 8080; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "N",
            description = "Embedded broker's client port (default: any free port).")
    int kafkaPort;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    Long durationSeconds;

    @Option(names = "--rate", paramLabel = "SCANS_PER_S", description = "Simulated scans per second (default 10).")
    Double rate;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep broker and stream data here (default: a temporary folder, deleted on exit).")
    Path workDir;

    @Option(names = "--watch", paramLabel = "DIR",
            description = "Also publish scan files (XDI) dropped into DIR; see replay --watch.")
    Path watch;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds != null && durationSeconds <= 0) {
            throw new IllegalArgumentException("--duration must be a positive number of seconds, got " + durationSeconds);
        }
        TopoWatchConfig base = configOptions.load();
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("topowatch-demo") : Files.createDirectories(workDir);
        // The signal closes last, so a SIGTERM's exit waits until the broker is down and its data deleted.
        try (ShutdownSignal signal = ShutdownSignal.install()) {
            try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, Duration.ofSeconds(60))) {
                TopoWatchConfig config = base.withBootstrapServers(kafka.bootstrapServers());
                if (httpPort != null) {
                    config = config.withDashboardPort(httpPort);
                }
                if (rate != null) {
                    config = config.withScansPerSecond(rate);
                }
                try (Services services = Services.start(config, dir)) {
                    Thread simulator = startSimulator(config, services);
                    if (watch != null) {
                        services.closeFirst(ReplayCommand.watch(watch, kafka.bootstrapServers(),
                                config.kafka().properties()));
                    }
                    System.out.println("kafka: " + kafka.bootstrapServers());
                    System.out.println("dashboard: http://localhost:" + services.dashboardPort() + "/?token="
                            + services.token());
                    System.out.flush();
                    boolean timedOut =
                            !signal.await(durationSeconds == null ? null : Duration.ofSeconds(durationSeconds));
                    LOG.info(timedOut ? "duration reached; shutting down" : "interrupted; shutting down");
                    simulator.interrupt();
                    simulator.join(10_000);
                }
            } finally {
                if (temporary) {
                    deleteQuietly(dir);
                }
            }
        }
        System.out.println("stopped");
        return 0;
    }

    /** Runs demo experiments one after another until interrupted. */
    private static Thread startSimulator(TopoWatchConfig config, Services services) {
        ScanPublisher publisher = new ScanPublisher(config.kafka().bootstrapServers(), config.kafka().properties(),
                config.simulator().scansPerSecond());
        services.closeFirst(publisher);
        Thread t = new Thread(() -> {
            try {
                for (int i = 1; !Thread.currentThread().isInterrupted(); i++) {
                    publisher.publish(DemoScenario.experiment(String.format("demo-%03d", i), config.simulator().seed() + i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("simulator stopped: {}", e.toString());
            }
        }, "simulator");
        t.setDaemon(true);
        t.start();
        return t;
    }



    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
