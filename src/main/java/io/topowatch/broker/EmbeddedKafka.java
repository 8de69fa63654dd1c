package io.topowatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker in KRaft mode (combined broker and controller), run from the Maven
 * Central jars in a child JVM on this process's classpath. Data lives in the given work directory;
 * {@link #close()} shuts the broker down cleanly (SIGTERM, then waits).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";

    private final Process process;
    private final int port;
    private final Path workDir;

    private EmbeddedKafka(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /**
     * Starts the broker and waits until it answers.
     *
     * @param workDir where the broker's data and log go (created if missing)
     * @param port    the client port, or 0 for a free one
     */
    public static EmbeddedKafka start(Path workDir, int port, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        Files.createDirectories(workDir);
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path properties = workDir.resolve("server.properties");
        Files.writeString(properties, serverProperties(workDir, clientPort, controllerPort));
        Path clusterIdFile = workDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        Path log = workDir.resolve("broker.log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms256m", "-Xmx768m",
                "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + writeLogConfig(workDir, log),
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                properties.toString(), Files.readString(clusterIdFile).trim()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        EmbeddedKafka kafka = new EmbeddedKafka(process, clientPort, workDir);
        try {
            kafka.awaitReady(timeout, log);
        } catch (TimeoutException | RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("embedded Kafka broker ready at {}", kafka.bootstrapServers());
        return kafka;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady(Duration timeout, Path log) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin client = Admin.create(admin)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                            + "; last lines of " + log + ":\n" + tail(log));
                }
                try {
                    if (!client.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the Kafka broker did not answer within " + timeout
                            + "; last lines of " + log + ":\n" + tail(log));
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("Kafka broker did not stop within 30 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String serverProperties(Path workDir, int clientPort, int controllerPort) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", workDir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.coordinator.rebalance.protocols", "classic,consumer,streams");
        StringBuilder sb = new StringBuilder("# written by TopoWatch for its embedded broker\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static String writeLogConfig(Path workDir, Path log) throws IOException {
        Path config = workDir.resolve("broker-logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return config.toString();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
