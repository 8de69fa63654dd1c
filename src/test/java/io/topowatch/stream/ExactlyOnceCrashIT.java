package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.RawScanProducer;
import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.broker.TopicDefinitions;
import io.topowatch.broker.TopicProvisioner;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.DemoScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once on a real broker: the stream runs in a child JVM, is killed with SIGKILL in the middle of
 * the run (no shutdown hook, no commit, an open transaction and a half-filled batch store), is started
 * again, and every scan still yields exactly one normalised spectrum and every sample exactly one score
 * and one trajectory point, as a read_committed consumer sees them.
 */
class ExactlyOnceCrashIT {

    private static final long MILLIS_PER_SAMPLE = 25;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path workDir;

    @Test
    void aStreamKilledMidRunAndRestartedScoresEverySampleExactlyOnce() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0, Duration.ofSeconds(60))) {
            createTopics(kafka.bootstrapServers());
            List<ScanRecord> scans = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                scans.addAll(DemoScenario.experiment("crash-" + e, 100 + e).scans(Instant.parse("2026-11-21T00:00:00Z")));
            }
            long samples = scans.stream().map(s -> s.experiment() + "/" + s.sample() + "/" + s.setpoint())
                    .distinct().count();
            produce(kafka.bootstrapServers(), scans);

            try (Outputs out = new Outputs(kafka.bootstrapServers())) {
                Path stateDir = workDir.resolve("state");
                Process first = startStream(kafka.bootstrapServers(), stateDir, workDir.resolve("stream-1.log"));
                await(() -> out.poll().scores.size() >= samples / 4, "a quarter of the scores before the kill",
                        workDir.resolve("stream-1.log"));
                first.destroyForcibly(); // SIGKILL
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                int atKill = out.poll().scores.size();
                System.out.printf("killed the stream with %d of %d samples scored (committed)%n", atKill, samples);
                assertThat(atKill).as("the kill must land mid-run").isLessThan((int) samples);

                Process second = startStream(kafka.bootstrapServers(), stateDir, workDir.resolve("stream-2.log"));
                try {
                    await(() -> out.poll().scores.size() >= samples, "every score after the restart",
                            workDir.resolve("stream-2.log"));
                    // let anything that would be a duplicate arrive
                    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (System.nanoTime() < until) {
                        out.poll();
                    }
                } finally {
                    second.destroy();
                    second.waitFor(30, TimeUnit.SECONDS);
                }

                assertThat(out.scores).as("one score per sample").hasSize((int) samples)
                        .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
                assertThat(out.trajectories).as("one trajectory point per sample").hasSize((int) samples)
                        .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
                assertThat(out.spectra).as("one normalised spectrum per scan").hasSize(scans.size())
                        .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
                assertThat(out.deadLetters).isZero();
            }
        }
    }

    private static void createTopics(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicProvisioner.ensure(admin, TopicDefinitions.bundled());
        }
    }

    private static void produce(String bootstrap, List<ScanRecord> scans) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (ScanRecord s : scans) {
                producer.send(RawScanProducer.record(s));
            }
            producer.flush();
        }
    }

    private static Process startStream(String bootstrap, Path stateDir, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CrashTestStream.class.getName(),
                bootstrap, stateDir.toString(), String.valueOf(MILLIS_PER_SAMPLE))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("stream JVM exited with " + process.exitValue());
            }
            try {
                return Files.exists(log) && Files.readString(log).contains(CrashTestStream.READY);
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the stream JVM to start", log);
        return process;
    }

    private static void await(BooleanSupplier condition, String what, Path log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String tail = Files.exists(log) ? tail(Files.readString(log), 4000) : "(no log)";
                throw new AssertionError("timed out waiting for " + what + "; " + log + " ends:\n" + tail);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    /** Counts, by key, what a read_committed consumer sees on the output topics. */
    private static final class Outputs implements AutoCloseable {
        final Map<String, Integer> scores = new TreeMap<>();
        final Map<String, Integer> trajectories = new TreeMap<>();
        final Map<String, Integer> spectra = new HashMap<>();
        int deadLetters;
        private final KafkaConsumer<String, String> consumer;

        Outputs(String bootstrap) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.SCORES.name(), Topics.TRAJECTORIES.name(),
                    Topics.NORMALIZED_SPECTRA.name(), Topics.DEAD_LETTERS.name())) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Outputs poll() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    if (r.topic().equals(Topics.SCORES.name())) {
                        scores.merge(r.key(), 1, Integer::sum);
                    } else if (r.topic().equals(Topics.TRAJECTORIES.name())) {
                        TrajectoryPoint p = Json.MAPPER.readValue(r.value(), TrajectoryPoint.class);
                        trajectories.merge(r.key() + "/" + p.setpoint(), 1, Integer::sum);
                    } else if (r.topic().equals(Topics.NORMALIZED_SPECTRA.name())) {
                        NormalizedScan s = Json.MAPPER.readValue(r.value(), NormalizedScan.class);
                        spectra.merge(s.scanId(), 1, Integer::sum);
                    } else {
                        deadLetters++;
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return this;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

}
