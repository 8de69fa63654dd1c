package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.broker.TopicDefinition;
import io.topowatch.broker.TopicDefinitions;
import io.topowatch.broker.TopicProvisioner;
import io.topowatch.ingest.ScanDecoder;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.bluesky.BlueskyRuns;
import io.topowatch.sim.ScanPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bluesky sub-topology on a real broker, under exactly-once with its persistent stores: the simulator's
 * msgpack documents (as {@code simulate --bluesky} sends them) come out as the same scan records.
 */
class BlueskyTopologyIT {

    @TempDir
    Path dir;

    @Test
    void simulatedBlueskyRunsBecomeRawScans() throws Exception {
        List<ScanRecord> scans = List.of(BlueskyRuns.scan(0), BlueskyRuns.scan(1), BlueskyRuns.scan(2));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, Duration.ofSeconds(60))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                List<TopicDefinition> topics = new ArrayList<>(TopicDefinitions.bundled());
                topics.add(new TopicDefinition(BlueskyTopology.topic(BlueskyRuns.BEAMLINE), "test", 1, (short) 1,
                        Map.of(), null, null));
                TopicProvisioner.ensure(admin, topics);
            }
            StreamsBuilder builder = new StreamsBuilder();
            BlueskyTopology.addTo(builder);
            Properties settings = StreamSettings.of(bootstrap, dir.resolve("streams"),
                    Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "bluesky-it"));
            try (KafkaStreams streams = new KafkaStreams(builder.build(), settings)) {
                streams.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                try (ScanPublisher publisher = new ScanPublisher(bootstrap, Map.of(), 100)) {
                    scans.forEach(s -> publisher.sendBluesky(s, BlueskyRuns.BEAMLINE));
                }
                List<ScanRecord> out = consume(bootstrap, scans.size());
                assertThat(out).extracting(ScanRecord::scanId)
                        .containsExactlyInAnyOrderElementsOf(scans.stream().map(ScanRecord::scanId).toList());
                for (ScanRecord got : out) {
                    ScanRecord want = scans.stream().filter(s -> s.scanId().equals(got.scanId())).findFirst().get();
                    assertThat(got.energy()).containsExactly(want.energy());
                    assertThat(got.it()).containsExactly(want.it());
                    assertThat(got.control()).isEqualTo(want.control());
                }
            }
        }
    }

    private static List<ScanRecord> consume(String bootstrap, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bluesky-it-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ScanRecord> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RAW_SCANS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(ScanDecoder.decode(r.value())));
            }
        }
        return out;
    }
}
