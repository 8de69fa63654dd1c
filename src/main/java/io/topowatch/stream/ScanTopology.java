package io.topowatch.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.Scorer;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The scan pipeline, wired stage by stage: raw scan → decode → normalise → assemble a sample's elements
 * (complete, or partial after a timeout) → score in micro-batches → trajectory point (kept in a queryable
 * store) → transition detection (alerts, steering suggestions). Bluesky runs are assembled into raw scans
 * beside it ({@link BlueskyTopology}). Each stage's rejects go to the dead-letter topic; the rest flows on.
 *
 * <p>One sub-topology, no repartition topic: the raw topic's key {@code <experiment>/<sample>} already puts
 * a sample's scans in one task, so under exactly-once a scan reaches its score within one transaction
 * (one commit interval), not one per hop.
 */
public final class ScanTopology {

    /** The stores, for interactive queries and tests. */
    public static final String ASSEMBLY_STORE = AssemblyStage.OPEN_STORE;
    public static final String EMITTED_STORE = AssemblyStage.EMITTED_STORE;
    public static final String BATCH_STORE = ScoreStage.BATCH_STORE;
    public static final String TRAJECTORY_STORE = TrajectoryRecorder.STORE;

    /**
     * More stages in the same application, wired by the caller and fed by the trajectory points (the crash
     * test adds a recorder this way).
     */
    @FunctionalInterface
    public interface Extension {
        void addTo(StreamsBuilder builder, KStream<String, TrajectoryPoint> trajectories);
    }

    private ScanTopology() {}

    /** The pipeline with default options and meters that go nowhere. */
    public static Topology build(Scorer scorer, Clock clock) {
        return build(scorer, clock, PipelineOptions.defaults(), new SimpleMeterRegistry());
    }

    public static Topology build(Scorer scorer, Clock clock, PipelineOptions options, MeterRegistry registry,
            Extension... extensions) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, TrajectoryPoint> points =
                addTo(builder, LiveScorer.of(scorer, registry), clock, options, new StreamMetrics(registry));
        for (Extension extension : extensions) {
            extension.addTo(builder, points);
        }
        return builder.build();
    }

    /**
     * Adds the pipeline to {@code builder} and returns its trajectory points (keyed
     * {@code <experiment>/<sample>}), for further stages such as transition detection.
     */
    public static KStream<String, TrajectoryPoint> addTo(StreamsBuilder builder, LiveScorer scorer, Clock clock,
            PipelineOptions options, StreamMetrics metrics) {
        BlueskyTopology.addTo(builder);
        KStream<String, byte[]> raw = builder.stream(Topics.RAW_SCANS.name(),
                Topics.RAW_SCANS.consumed().withName("raw-scans"));

        KStream<String, ScanRecord> scans = passOrDeadLetter(
                raw.processValues(DecodeStage::new, Named.as(DecodeStage.NAME)), DecodeStage.NAME, metrics);

        KStream<String, NormalizedScan> spectra = passOrDeadLetter(
                scans.mapValues(NormalizeStage::apply, Named.as(NormalizeStage.NAME)), NormalizeStage.NAME, metrics);
        spectra.processValues(() -> new MeasuredSpectrumSampler(options.measuredSpectrumInterval()),
                        Named.as(MeasuredSpectrumSampler.NAME))
                .to(Topics.NORMALIZED_SPECTRA.name(), Topics.NORMALIZED_SPECTRA.produced().withName("normalised-spectra"));

        KStream<String, SampleAssembly> samples = deadLetterOnly(
                spectra.process(AssemblyStage.supplier(options, metrics), Named.as(AssemblyStage.NAME)),
                AssemblyStage.NAME, metrics);

        KStream<String, SampleScore> scores = passOrDeadLetter(
                samples.process(ScoreStage.supplier(scorer, clock, options, metrics), Named.as(ScoreStage.NAME)),
                ScoreStage.NAME, metrics);
        scores.to(Topics.SCORES.name(), Topics.SCORES.produced().withName("scores"));

        KStream<String, TrajectoryPoint> points = scores
                .map((key, s) -> KeyValue.pair(Topics.sampleKey(s.experiment(), s.sample()), TrajectoryPoint.of(s)),
                        Named.as("trajectory-point"))
                .processValues(TrajectoryRecorder.supplier(), Named.as(TrajectoryRecorder.NAME));
        points.to(Topics.TRAJECTORIES.name(), Topics.TRAJECTORIES.produced().withName("trajectories"));

        TransitionStage.addTo(points, options.detector());
        return points;
    }

    /** Sends a stage's failures to the dead-letter topic and returns the stream of its successes, counted. */
    private static <T> KStream<String, T> passOrDeadLetter(KStream<String, Outcome<T>> outcomes, String stage,
            StreamMetrics metrics) {
        return deadLetterOnly(outcomes.peek((key, outcome) -> {
            if (outcome.isOk()) {
                metrics.passed(stage);
            }
        }, Named.as(stage + "-count")), stage, metrics);
    }

    /** As {@link #passOrDeadLetter} for a stage that counts its own passes. */
    private static <T> KStream<String, T> deadLetterOnly(KStream<String, Outcome<T>> outcomes, String stage,
            StreamMetrics metrics) {
        Map<String, KStream<String, Outcome<T>>> branches = outcomes
                .split(Named.as(stage + "-"))
                .branch((key, outcome) -> outcome.isOk(), Branched.as("ok"))
                .defaultBranch(Branched.as("rejected"));
        branches.get(stage + "-rejected")
                .mapValues(Outcome::deadLetter, Named.as(stage + "-dead-letter"))
                .peek((key, letter) -> metrics.deadLetter(stage, letter), Named.as(stage + "-dead-letter-count"))
                .to(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.produced().withName(stage + "-dead-letters"));
        return branches.get(stage + "-ok").mapValues(Outcome::value, Named.as(stage + "-passed"));
    }
}
