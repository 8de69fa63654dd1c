package io.topowatch.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream's Micrometer meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@value #RECORDS} {stage} — records each stage passed on ({@code topowatch_stream_records_total});
 *       per-stage records/s is its rate;</li>
 *   <li>{@value #DEAD_LETTERS} {stage, reason} — records sent to the dead-letter topic;</li>
 *   <li>{@value #ASSEMBLY} {event} — assembly events: duplicate, replaced, superseded, partial, late;</li>
 *   <li>{@value #LATENCY} — scan record timestamp → score, with a percentile histogram
 *       ({@code topowatch_stream_latency_seconds_bucket});</li>
 *   <li>{@value #BATCH_SIZE} — samples per model call;</li>
 *   <li>{@code topowatch.model.in.use} {version} — 1 for the version scoring now (see {@link LiveScorer}).</li>
 * </ul>
 */
public final class StreamMetrics {

    public static final String RECORDS = "topowatch.stream.records";
    public static final String DEAD_LETTERS = "topowatch.stream.deadletters";
    public static final String ASSEMBLY = "topowatch.stream.assembly";
    public static final String LATENCY = "topowatch.stream.latency";
    public static final String BATCH_SIZE = "topowatch.stream.batch.size";

    private final MeterRegistry registry;
    private final Timer latency;
    private final DistributionSummary batchSize;
    private final Map<String, Counter> passedCounters = new ConcurrentHashMap<>();

    public StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder(LATENCY)
                .description("scan record timestamp to score")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("samples per model call")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1024.0)
                .register(registry);
    }

    /** Meters that go nowhere: for tests and callers without a registry. */
    public static StreamMetrics discarding() {
        return new StreamMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void passed(String stage) {
        // once per record per stage: look the counter up by stage, not through the registry's id map
        passedCounters.computeIfAbsent(stage, s -> Counter.builder(RECORDS).tag("stage", s).register(registry))
                .increment();
    }

    void deadLetter(String stage, DeadLetter letter) {
        Counter.builder(DEAD_LETTERS).tag("stage", stage).tag("reason", reasonCode(stage, letter))
                .register(registry).increment();
    }

    void assembly(String event) {
        Counter.builder(ASSEMBLY).tag("event", event).register(registry).increment();
    }

    void latency(long millis) {
        latency.record(Duration.ofMillis(Math.max(0, millis)));
    }

    void batch(int size) {
        batchSize.record(size);
    }

    /** A short, low-cardinality reason: the dead letter's free text stays on the topic. */
    static String reasonCode(String stage, DeadLetter letter) {
        if (letter.reason() != null && letter.reason().startsWith(AssemblyStage.LATE)) {
            return AssemblyStage.LATE;
        }
        return switch (stage) {
            case DecodeStage.NAME -> "$".equals(letter.field()) ? "malformed" : "invalid";
            case NormalizeStage.NAME -> "unusable-spectrum";
            case ScoreStage.NAME -> "scoring-failed";
            default -> "rejected";
        };
    }
}
