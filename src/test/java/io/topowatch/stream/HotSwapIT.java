package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.topowatch.ingest.RawScanProducer;
import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.broker.PromotionPublisher;
import io.topowatch.broker.TopicDefinitions;
import io.topowatch.broker.TopicProvisioner;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.RegistryFixtures;
import io.topowatch.sim.DemoScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model hot swap on a real broker: a running stream scores with one model; {@code models promote} records
 * another on {@code topowatch.models}; the watcher verifies and loads it from the registry, and the
 * following scores name the new version, with no restart and no sample lost.
 */
class HotSwapIT {

    @TempDir
    Path workDir;

    @Test
    void aPromotionOnTheModelsTopicSwitchesTheRunningStreamToTheNewVersion() throws Exception {
        ModelRegistry registry = new ModelRegistry(workDir.resolve("registry"));
        registry.register(RegistryFixtures.untrained("tn-a", 1));
        registry.register(RegistryFixtures.untrained("tn-b", 2));
        List<ScanRecord> scans = DemoScenario.experiment("swap", 3).scans(Instant.parse("2026-11-21T00:00:00Z"));
        List<ScanRecord> before = scans.stream().filter(s -> s.setpoint() < 3).toList();
        List<ScanRecord> after = scans.stream().filter(s -> s.setpoint() >= 3 && s.setpoint() < 6).toList();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0, Duration.ofSeconds(60))) {
            String bootstrap = kafka.bootstrapServers();
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin a = Admin.create(admin)) {
                TopicProvisioner.ensure(a, TopicDefinitions.bundled());
            }
            LiveScorer live = new LiveScorer(ModelWatcher.fromRegistry(registry)
                    .load(new ModelRegistry.Promotion("tn-a", null, ModelRegistry.Action.PROMOTE, null, null)),
                    new SimpleMeterRegistry());
            Properties settings = StreamSettings.of(bootstrap, workDir.resolve("state"),
                    Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "hot-swap-it"));
            try (live;
                 ScanPipeline pipeline = ScanPipeline.start(settings, live, PipelineOptions.defaults(),
                         new SimpleMeterRegistry(), Duration.ofSeconds(120));
                 ModelWatcher watcher = ModelWatcher.start(bootstrap, Map.of(), live,
                         ModelWatcher.fromRegistry(registry));
                 KafkaConsumer<String, String> scores = scoresConsumer(bootstrap)) {
                send(bootstrap, before);
                List<String> first = versions(scores, before.size() / 2);
                assertThat(first).hasSize(before.size() / 2).containsOnly("tn-a");

                try (PromotionPublisher publisher = PromotionPublisher.connect(bootstrap, Map.of())) {
                    registry.promote("tn-b", publisher);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!live.modelVersion().equals("tn-b") && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                assertThat(live.modelVersion()).isEqualTo("tn-b");

                send(bootstrap, after);
                List<String> second = versions(scores, after.size() / 2);
                assertThat(second).hasSize(after.size() / 2).containsOnly("tn-b");
                assertThat(pipeline.trajectories().experiment("swap")).hasSize(3)
                        .allSatisfy(t -> assertThat(t.points()).hasSize(6));
            }
        }
    }

    private static void send(String bootstrap, List<ScanRecord> scans) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ScanRecord s : scans) {
                producer.send(RawScanProducer.record(s));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> scoresConsumer(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.SCORES.name())) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The model versions of the next {@code n} scores. */
    private static List<String> versions(KafkaConsumer<String, String> consumer, int n) throws Exception {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(Json.MAPPER.readValue(r.value(), SampleScore.class).modelVersion());
            }
        }
        return out;
    }
}
