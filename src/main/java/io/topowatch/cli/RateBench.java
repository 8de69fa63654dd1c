package io.topowatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.topowatch.ingest.RawScanProducer;
import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.config.TopoWatchConfig;
import io.topowatch.ingest.ScanFormat;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.sim.Beamline;
import io.topowatch.sim.ExperimentGenerator;
import io.topowatch.stream.Json;
import io.topowatch.stream.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end load test behind {@code bench --rate}: an embedded broker and the whole pipeline started as
 * {@code demo} starts them ({@link Services}), simulated scans ({@link ExperimentGenerator}, ideal beamline, so
 * every sample's elements all arrive) published at a fixed rate, and a consumer on {@code topowatch.scores}.
 *
 * <p>Latency of one score = when the broker appended the score record − when the last of the scans it rests on
 * (its {@code scanIds}) was produced. The produce time is the bench's clock at send, which is also the raw
 * record's timestamp; the append time is the score record's timestamp, because the bench sets the scores topic
 * of its own broker to {@code message.timestamp.type=LogAppendTime} (the stream is not touched). "Visible"
 * latency is measured to when the bench's read_committed consumer receives the score, so it adds the
 * stream's exactly-once commit interval and the consumer's fetch. Both clocks are this machine's.
 */
final class RateBench {

    private static final Logger LOG = LoggerFactory.getLogger(RateBench.class);
    /** After the last send, wait at most this long for the remaining scores. */
    private static final Duration DRAIN = Duration.ofSeconds(60);
    /** ... and stop waiting when no score came for this long. */
    private static final Duration STALL = Duration.ofSeconds(15);
    /** After the warm-up, wait at most this long for the stream to work off its backlog. */
    private static final Duration SETTLE = Duration.ofSeconds(120);
    /** Sustained: every scan scored, the last within this long of the last send, and p99 under the bound. */
    static final double MAX_DRAIN_S = 2.0;
    /** Most distinct simulated scans a run holds (≈ 12 kB of spectra each). */
    static final int POOL_SCANS = 20_000;

    /** One run's figures, printed as one JSON object by {@code bench --rate … --json}. */
    record Result(double targetScansPerSecond, double durationSeconds, double warmupSeconds, double settleSeconds,
            long scansSent,
            double producedScansPerSecond, long scores, long scansScored, long scansExpected,
            double scoredScansPerSecond, double drainSeconds, boolean sustained, double maxP99Ms, double latencyP50Ms,
            double latencyP99Ms, double latencyMaxMs, double visibleP50Ms, double visibleP99Ms, String latency,
            String format, String modelVersion, int cpus, double loadAverageStart, double loadAverageEnd,
            Instant startedAt) {}

    private record Sent(long millis, boolean measured) {}

    /**
     * A measured score: how many scans it rests on, when the last of them was produced, when the stream scored it
     * ({@code scoredAt}), the score record's timestamp (the broker's append time when {@code appendTime}) and when the
     * bench's consumer received it, all epoch ms of this machine's clock.
     */
    private record Scored(long scans, long producedMs, long scoredAtMs, long timestampMs, boolean appendTime,
            long receivedMs) {

        /** Scan produced → score appended; -1 when the record's timestamp is not the append time. */
        long appendLatencyMs() {
            return appendTime ? timestampMs - producedMs : -1;
        }

        /** Scan produced → score received by a read_committed consumer. */
        long visibleLatencyMs() {
            return receivedMs - producedMs;
        }
    }

    private RateBench() {}

    static Result run(TopoWatchConfig base, Path workDir, double rate, Duration duration, Duration warmup, long seed,
            double maxP99Ms, ScanFormat format, Path scoresCsv)
            throws Exception {
        double loadStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant startedAt = Instant.now();
        int total = (int) Math.ceil(rate * (duration.toMillis() + warmup.toMillis()) / 1000.0);
        List<ScanRecord> scans = scans(total, seed);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0, Duration.ofSeconds(90))) {
            TopoWatchConfig config = base.withBootstrapServers(kafka.bootstrapServers()).withDashboardPort(0);
            try (Services services = Services.start(config, workDir)) {
                appendTimeOnScores(kafka.bootstrapServers());
                Map<String, Sent> sent = new ConcurrentHashMap<>();
                List<Scored> latencies = new CopyOnWriteArrayList<>(); // measured scores
                AtomicLong scansScored = new AtomicLong();
                AtomicLong scores = new AtomicLong();
                AtomicLong lastScoreNanos = new AtomicLong(System.nanoTime());
                AtomicBoolean stop = new AtomicBoolean();
                AtomicBoolean assigned = new AtomicBoolean();
                Thread consumer = new Thread(() -> consume(kafka.bootstrapServers(), sent, latencies, scansScored,
                        scores, lastScoreNanos, stop, assigned), "bench-scores");
                consumer.setDaemon(true);
                consumer.start();
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!assigned.get() && System.nanoTime() < wait) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }

                int warmupScans = (int) Math.min(scans.size(), Math.round(rate * warmup.toMillis() / 1000.0));
                long warmupScored = expectedScored(scans.subList(0, warmupScans));
                long[] settle = new long[1];
                long[] window = publish(kafka.bootstrapServers(), scans, rate, warmupScans, sent, format,
                        () -> settle[0] = settle(scansScored, warmupScored));
                long expected = expectedScored(scans);
                long endSend = System.nanoTime();
                long drainDeadline = endSend + DRAIN.toNanos();
                while (scansScored.get() < expected && System.nanoTime() < drainDeadline
                        && System.nanoTime() - lastScoreNanos.get() < STALL.toNanos()) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                double drainSeconds = Math.max(0, lastScoreNanos.get() - endSend) / 1e9;
                stop.set(true);
                consumer.join(10_000);

                if (scoresCsv != null) {
                    writeScores(scoresCsv, latencies);
                }
                long measuredSent = sent.values().stream().filter(Sent::measured).count();
                double sendSeconds = (window[1] - window[0]) / 1e9;
                List<Long> appended = new ArrayList<>();
                List<Long> visible = new ArrayList<>();
                for (Scored l : latencies) {
                    if (l.appendLatencyMs() >= 0) {
                        appended.add(l.appendLatencyMs());
                    }
                    visible.add(l.visibleLatencyMs());
                }
                double scoredSeconds = Math.max(1e-9, (Math.max(lastScoreNanos.get(), window[1]) - window[0]) / 1e9);
                double p99 = percentile(appended.isEmpty() ? visible : appended, 99);
                boolean sustained = scansScored.get() >= expected && drainSeconds <= MAX_DRAIN_S && p99 <= maxP99Ms;
                return new Result(rate, duration.toMillis() / 1000.0, warmup.toMillis() / 1000.0, settle[0] / 1e9,
                        scans.size(),
                        measuredSent / sendSeconds, scores.get(), scansScored.get(), expected,
                        measuredScored(latencies) / scoredSeconds, drainSeconds, sustained, maxP99Ms,
                        percentile(appended, 50), percentile(appended, 99), percentile(appended, 100),
                        percentile(visible, 50), percentile(visible, 99),
                        appended.isEmpty() ? "visible only: the scores topic kept CreateTime"
                                : "score record LogAppendTime - produce time of the last scan it rests on",
                        format.toString(), services.modelVersion(), Runtime.getRuntime().availableProcessors(), loadStart,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), startedAt);
            }
        }
    }

    /** One line per measured score ({@link Scored}), in arrival order, for looking into the latency tail. */
    private static void writeScores(Path file, List<Scored> latencies) throws java.io.IOException {
        List<String> lines = new ArrayList<>(latencies.size() + 1);
        lines.add("scans,producedMs,scoredAtMs,appendedMs,receivedMs");
        for (Scored l : latencies) {
            lines.add(l.scans() + "," + l.producedMs() + "," + l.scoredAtMs() + "," + l.timestampMs() + ","
                    + l.receivedMs());
        }
        java.nio.file.Files.write(file, lines);
    }

    private static double measuredScored(List<Scored> latencies) {
        long n = 0;
        for (Scored l : latencies) {
            n += l.scans();
        }
        return n;
    }

    /**
     * {@code total} scans: simulated experiments (ideal beamline: nothing missing, nothing out of order), at most
     * {@link #POOL_SCANS} of them distinct; past the pool they repeat under new experiment names and scan ids
     * ({@code …-r1}, {@code -r2}, …), which the stream treats as new experiments. A run at thousands of scans a
     * second would otherwise hold gigabytes of spectra, or spend a core simulating them while it measures.
     */
    static List<ScanRecord> scans(int total, long seed) {
        return scans(total, seed, POOL_SCANS);
    }

    static List<ScanRecord> scans(int total, long seed, int poolScans) {
        ExperimentGenerator.Options options = ExperimentGenerator.Options.defaults().withBeamline(Beamline.IDEAL);
        List<ScanRecord> pool = new ArrayList<>(Math.min(total, poolScans));
        Instant now = Instant.now();
        for (int i = 1; pool.size() < Math.min(total, poolScans); i++) {
            List<ScanRecord> batch = ExperimentGenerator.generate(String.format("bench-%04d", i), seed + i, options)
                    .scans(now);
            pool.addAll(batch.subList(0, Math.min(batch.size(), Math.min(total, poolScans) - pool.size())));
        }
        return new AbstractList<>() {
            @Override
            public ScanRecord get(int index) {
                ScanRecord s = pool.get(index % pool.size());
                int round = index / pool.size();
                if (round == 0) {
                    return s;
                }
                return new ScanRecord(s.schema(), s.scanId() + "-r" + round, s.experiment() + "-r" + round, s.sample(),
                        s.setpoint(), s.element(), s.edge(), s.control(), s.spaceGroup(), s.sampleElements(),
                        s.energy(), s.mu(), s.i0(), s.it(), s.ifluor(), s.timestamp());
            }

            @Override
            public int size() {
                return total;
            }
        };
    }

    /** The scans of complete (experiment, sample, setpoint) groups: those a score can rest on. */
    static long expectedScored(List<ScanRecord> scans) {
        Map<String, List<ScanRecord>> groups = new HashMap<>();
        for (ScanRecord s : scans) {
            groups.computeIfAbsent(s.experiment() + "/" + s.sample() + "/" + s.setpoint(), k -> new ArrayList<>()).add(s);
        }
        return groups.values().stream()
                .filter(g -> g.stream().map(ScanRecord::element).distinct().count() == g.get(0).sampleElements().size())
                .mapToLong(Collection::size).sum();
    }

    /** The bench's own broker stamps score records when it appends them. */
    private static void appendTimeOnScores(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SCORES.name());
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits, after the warm-up's sends, until the stream has scored every scan of the warm-up it can score, so that
     * the measurement starts without a backlog: on two busy cores the JIT is still compiling well after a 20 s
     * warm-up (C2 took a third of a core then), the stream falls behind the offered rate meanwhile, and its backlog
     * would otherwise be counted against the measured rate. Returns the nanoseconds waited.
     */
    private static long settle(AtomicLong scansScored, long warmupScored) {
        long start = System.nanoTime();
        long deadline = start + SETTLE.toNanos();
        try {
            while (scansScored.get() < warmupScored && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("warm-up backlog {} in {} ms: {} of {} warm-up scans scored",
                scansScored.get() >= warmupScored ? "worked off" : "NOT worked off",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), scansScored.get(), warmupScored);
        return System.nanoTime() - start;
    }

    /**
     * Sends every scan at the rate, calling {@code afterWarmup} between the warm-up's last send and the first
     * measured one; returns the nanoTime window of the measured sends.
     */
    private static long[] publish(String bootstrap, List<ScanRecord> scans, double rate, int warmupScans,
            Map<String, Sent> sent, ScanFormat format, Runnable afterWarmup) throws InterruptedException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1024 * 1024)); // scans are ~10 kB: many per request
        long intervalNanos = (long) (1e9 / rate);
        long measuredStart = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            long next = System.nanoTime();
            for (int i = 0; i < scans.size(); i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += intervalNanos;
                if (i == warmupScans) {
                    producer.flush();
                    afterWarmup.run();
                    measuredStart = System.nanoTime();
                    next = measuredStart + intervalNanos;
                    LOG.info("warm-up done: {} scans; measuring", warmupScans);
                }
                ScanRecord scan = scans.get(i);
                long now = System.currentTimeMillis();
                sent.put(scan.scanId(), new Sent(now, i >= warmupScans));
                producer.send(RawScanProducer.record(scan, now, format));
            }
            producer.flush();
        }
        return new long[] {measuredStart, System.nanoTime()};
    }

    private static void consume(String bootstrap, Map<String, Sent> sent, List<Scored> latencies,
            AtomicLong scansScored, AtomicLong scores, AtomicLong lastScoreNanos, AtomicBoolean stop,
            AtomicBoolean assigned) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "topowatch-bench");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SCORES.name()));
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    lastScoreNanos.set(System.nanoTime());
                    scores.incrementAndGet();
                    long produced = -1;
                    boolean measured = true;
                    int n = 0;
                    long scoredAt = -1;
                    try {
                        JsonNode score = Json.MAPPER.readTree(r.value());
                        if (score.path("scoredAt").isTextual()) {
                            scoredAt = Instant.parse(score.path("scoredAt").asText()).toEpochMilli();
                        }
                        for (JsonNode id : score.path("scanIds")) {
                            Sent s = sent.get(id.asText());
                            if (s != null) {
                                produced = Math.max(produced, s.millis());
                                measured &= s.measured();
                                n++;
                            }
                        }
                    } catch (java.io.IOException e) {
                        LOG.warn("unreadable score: {}", e.getMessage());
                        continue;
                    }
                    scansScored.addAndGet(n);
                    if (n > 0 && measured) {
                        latencies.add(new Scored(n, produced, scoredAt, r.timestamp(),
                                r.timestampType() == TimestampType.LOG_APPEND_TIME, received));
                    }
                }
                if (!assigned.get() && !consumer.assignment().isEmpty()) {
                    assigned.set(true);
                }
            }
        }
    }

    /** Nearest-rank percentile, in ms; NaN when there is nothing to rank. */
    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
