package io.topowatch.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that are missing from a cluster. Existing topics are left as they are. On a
 * cluster with fewer brokers than a definition's replication factor (the embedded single broker), the
 * factor and {@code min.insync.replicas} are lowered to what the cluster can hold.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** What happened to each definition. */
    public record Report(List<String> created, List<String> existing) {}

    private TopicProvisioner() {}

    public static Report ensure(Admin admin, List<TopicDefinition> definitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        Set<String> present = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (TopicDefinition d : definitions) {
            if (present.contains(d.name())) {
                existing.add(d.name());
                continue;
            }
            try {
                admin.createTopics(List.of(newTopic(d, brokers))).all().get(30, TimeUnit.SECONDS);
                created.add(d.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existing.add(d.name());
            }
        }
        if (!created.isEmpty() && brokers < definitions.stream().mapToInt(TopicDefinition::replicationFactor).max().orElse(1)) {
            LOG.info("cluster has {} broker(s): replication factors capped at {}", brokers, brokers);
        }
        return new Report(created, existing);
    }

    static NewTopic newTopic(TopicDefinition d, int brokers) {
        short replication = (short) Math.min(d.replicationFactor(), Math.max(1, brokers));
        Map<String, String> config = new HashMap<>(d.config() == null ? Map.of() : d.config());
        if (replication < d.replicationFactor()) {
            LOG.debug("topic {}: {} broker(s) available, replication factor lowered from {} to {}",
                    d.name(), brokers, d.replicationFactor(), replication);
            config.computeIfPresent("min.insync.replicas",
                    (k, v) -> String.valueOf(Math.min(Integer.parseInt(v), replication)));
        }
        return new NewTopic(d.name(), d.partitions(), replication).configs(config);
    }
}
