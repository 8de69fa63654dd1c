package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.ingest.ScanDecoder;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.stream.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} against a real broker: the files arrive on topowatch.scans.raw as valid scan records. */
class ReplayCommandIT {

    @TempDir
    Path dir;

    @Test
    void xdiFilesArePublishedAsScanRecordsKeyedBySample() throws Exception {
        Path cu = dir.resolve("cu_metal_rt.xdi");
        Path cu10K = dir.resolve("cu_metal_10K.xdi");
        for (Path p : List.of(cu, cu10K)) {
            try (var in = getClass().getResourceAsStream("/xdi/" + p.getFileName())) {
                Files.write(p, in.readAllBytes());
            }
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, Duration.ofSeconds(60))) {
            CliRun missingTopic = CliRun.of("replay", cu.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--experiment", "e", "--setpoint", "0", "--field-T", "0", "--space-group", "225");
            assertThat(missingTopic.exitCode()).isEqualTo(1);
            assertThat(missingTopic.err()).contains("topic topowatch.scans.raw does not exist")
                    .contains("topowatch topics --bootstrap-servers");

            Services.ensureTopics(kafka.bootstrapServers(), Map.of());
            CliRun run = CliRun.of("replay", cu.toString(), cu10K.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--experiment", "foil-sweep", "--sample", "Cu-foil",
                    "--setpoint", "2", "--field-T", "1.5", "--space-group", "225");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("published scan foil-sweep/Cu-foil/2/Cu/cu_metal_rt.xdi");

            List<ConsumerRecord<String, byte[]>> records = consume(kafka.bootstrapServers(), 2);
            assertThat(records).extracting(ConsumerRecord::key).containsOnly("foil-sweep/Cu-foil");
            List<ScanRecord> scans = records.stream().map(r -> ScanDecoder.decode(r.value())).toList();
            assertThat(scans).extracting(ScanRecord::scanId).containsExactly(
                    "foil-sweep/Cu-foil/2/Cu/cu_metal_rt.xdi", "foil-sweep/Cu-foil/2/Cu/cu_metal_10K.xdi");
            assertThat(scans.get(0).control()).containsEntry("field_T", 1.5);
            assertThat(scans.get(0).mu()).isNotEmpty();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String bootstrap, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "replay-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RAW_SCANS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
