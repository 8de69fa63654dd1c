package io.topowatch.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @TempDir
    Path workDir;

    @Test
    void brokerCarriesRecordsAndTopicsComeFromTheDefinitions() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir, 0, Duration.ofSeconds(60));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<TopicDefinition> definitions = TopicDefinitions.bundled();
            TopicProvisioner.Report first = TopicProvisioner.ensure(admin, definitions);
            assertThat(first.created()).hasSize(definitions.size()).contains("topowatch.scans.raw", "topowatch.deadletters");
            TopicProvisioner.Report second = TopicProvisioner.ensure(admin, definitions);
            assertThat(second.created()).isEmpty();
            assertThat(second.existing()).hasSize(definitions.size());

            TopicDescription raw = admin.describeTopics(List.of("topowatch.scans.raw")).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get("topowatch.scans.raw");
            assertThat(raw.partitions()).hasSize(3);
            assertThat(raw.partitions().get(0).replicas()).hasSize(1);

            Properties producer = new Properties();
            producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("topowatch.alerts", "k", "hello")).get(10, TimeUnit.SECONDS);
            }
            Properties consumer = new Properties();
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("topowatch.alerts", 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                List<ConsumerRecord<String, String>> got = new java.util.ArrayList<>();
                long deadline = System.currentTimeMillis() + 10_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    c.poll(Duration.ofMillis(200)).forEach(got::add);
                }
                assertThat(got).extracting(ConsumerRecord::value).containsExactly("hello");
            }
        }
    }
}
