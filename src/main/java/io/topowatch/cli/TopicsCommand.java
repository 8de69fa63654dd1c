package io.topowatch.cli;

import io.topowatch.broker.TopicDefinition;
import io.topowatch.broker.TopicDefinitions;
import io.topowatch.broker.TopicProvisioner;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create the topics TopoWatch needs (from topics/) that are missing on a cluster.")
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka cluster.")
    String bootstrapServers;

    @Option(names = "--definitions", paramLabel = "DIR",
            description = "Folder of topic definition files (default: the ones bundled in the jar).")
    Path definitions;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, …) for the admin client.")
    Path commandConfig;

    @Override
    public Integer call() throws Exception {
        List<TopicDefinition> defs = definitions == null ? TopicDefinitions.bundled()
                : TopicDefinitions.fromFolder(definitions);
        Properties props = clientProperties(commandConfig);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            TopicProvisioner.Report report = TopicProvisioner.ensure(admin, defs);
            report.created().forEach(t -> System.out.println("created  " + t));
            report.existing().forEach(t -> System.out.println("exists   " + t));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrapServers + " within 30 s");
        }
        return 0;
    }

    static Properties clientProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("command config file not found: " + file);
            }
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }
}
