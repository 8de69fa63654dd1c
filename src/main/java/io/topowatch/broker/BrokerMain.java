package io.topowatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the embedded broker's child JVM: formats the KRaft storage on first start, then runs
 * the real Apache Kafka server ({@code kafka.Kafka}). It exits when its standard input closes, so the
 * broker never outlives the TopoWatch process that started it, even one killed with SIGKILL.
 */
public final class BrokerMain {

    private BrokerMain() {}

    /** Arguments: the server.properties path and the cluster id. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain SERVER_PROPERTIES CLUSTER_ID");
            System.exit(2);
        }
        Path properties = Path.of(args[0]);
        String clusterId = args[1];
        watchParent();
        format(properties, clusterId);
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    private static void format(Path properties, String clusterId) throws IOException {
        Path marker = properties.resolveSibling("data").resolve("meta.properties");
        if (Files.exists(marker)) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", properties.toString(), "--ignore-formatted"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (code != 0) {
            System.err.println("formatting KRaft storage failed: " + out.toString(StandardCharsets.UTF_8));
            System.exit(code);
        }
    }

    private static void watchParent() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; any byte is ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the parent is gone, same as end of stream
            }
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
