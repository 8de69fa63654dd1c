package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.broker.PromotionPublisher;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.RegistryFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models promote} and {@code models rollback} against a real broker: the compacted topic tracks the promoted model. */
class ModelsTopicIT {

    @TempDir
    Path dir;

    @Test
    void promoteThenRollbackLeaveTheRolledBackVersionAsTheLatestPromotedRecord() throws Exception {
        ModelArtifact one = RegistryFixtures.untrained("tn-1", 31);
        ModelArtifact two = RegistryFixtures.untrained("tn-2", 32);
        String registry = dir.resolve("registry").toString();
        ModelRegistry reg = new ModelRegistry(Path.of(registry));
        reg.register(one);
        reg.register(two);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, Duration.ofSeconds(60))) {
            String bootstrap = kafka.bootstrapServers();
            for (String[] args : List.of(
                    new String[] {"models", "promote", "tn-1", "--registry", registry, "--bootstrap-servers", bootstrap},
                    new String[] {"models", "promote", "tn-2", "--registry", registry, "--bootstrap-servers", bootstrap},
                    new String[] {"models", "rollback", "--registry", registry, "--bootstrap-servers", bootstrap})) {
                CliRun r = CliRun.of(args);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.out()).contains("recorded on " + PromotionPublisher.TOPIC + " at " + bootstrap);
            }

            List<ConsumerRecord<String, String>> records = readAll(bootstrap, 3);
            assertThat(records).extracting(ConsumerRecord::key).containsOnly(ModelRegistry.PROMOTED_KEY);
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> values = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                values.add(json.readTree(r.value()));
            }
            assertThat(values).extracting(v -> v.get("version").asText() + " " + v.get("action").asText())
                    .containsExactly("tn-1 promote", "tn-2 promote", "tn-1 rollback");
            JsonNode latest = values.get(2);
            assertThat(latest.get("parametersSha256").asText()).isEqualTo(one.parametersSha256());
            assertThat(latest.get("previous").asText()).isEqualTo("tn-2");
            assertThat(latest.get("promotedAt").asText()).isNotBlank();
            assertThat(values.get(0).get("previous").isNull()).isTrue();
            assertThat(latest.fieldNames()).toIterable()
                    .containsExactly("version", "parametersSha256", "action", "promotedAt", "previous");
            // The disk registry agrees with the topic.
            assertThat(reg.promoted()).map(ModelRegistry.Entry::version).contains("tn-1");
            assertThat(reg.history()).extracting(PromotionPublisher::value)
                    .containsExactlyElementsOf(records.stream().map(ConsumerRecord::value).toList());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, PromotionPublisher.TOPIC);
                Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(admin.describeTopics(List.of(PromotionPublisher.TOPIC)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(PromotionPublisher.TOPIC).partitions()).hasSize(1);
            }

            // Without a cluster only the folder changes, and the topic is left as it was.
            CliRun local = CliRun.of("models", "promote", "tn-2", "--registry", registry);
            assertThat(local.out()).contains("registry folder updated only");
            assertThat(readAll(bootstrap, 3)).hasSize(3);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(PromotionPublisher.TOPIC, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while ((got.size() < expected || c.position(tp) < end) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            return got;
        }
    }
}
