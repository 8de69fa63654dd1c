package io.topowatch.stream;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.Scorer;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The scan pipeline, wired stage by stage: raw scan → decode → normalise → assemble a sample's elements
 * → score → trajectory point. Each stage's rejects go to the dead-letter topic; the rest flows on.
 */
public final class ScanTopology {

    public static final String ASSEMBLY_STORE = "sample-assembly";

    private ScanTopology() {}

    public static Topology build(Scorer scorer, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        ScoreStage score = new ScoreStage(scorer, clock);

        KStream<String, byte[]> raw = builder.stream(Topics.RAW_SCANS.name(),
                Topics.RAW_SCANS.consumed().withName("raw-scans"));

        KStream<String, ScanRecord> scans =
                passOrDeadLetter(raw.processValues(DecodeStage::new, Named.as(DecodeStage.NAME)), DecodeStage.NAME);

        KStream<String, NormalizedScan> spectra =
                passOrDeadLetter(scans.mapValues(NormalizeStage::apply, Named.as(NormalizeStage.NAME)),
                        NormalizeStage.NAME);
        spectra.to(Topics.NORMALIZED_SPECTRA.name(),
                Topics.NORMALIZED_SPECTRA.produced().withName("normalised-spectra"));

        KStream<String, SampleAssembly> completeSamples = spectra
                .selectKey((key, scan) -> SampleAssembly.key(scan), Named.as("key-by-setpoint"))
                .groupByKey(Grouped.with("by-setpoint", Serdes.String(), Topics.NORMALIZED_SPECTRA.valueSerde()))
                .aggregate(SampleAssembly::empty, (key, scan, assembly) -> assembly.add(scan),
                        Named.as("assemble"), assemblyStore())
                .toStream(Named.as("assemblies"))
                .filter((key, assembly) -> assembly.completedNow(), Named.as("complete-samples"));

        KStream<String, SampleScore> scores =
                passOrDeadLetter(completeSamples.mapValues(score::apply, Named.as(ScoreStage.NAME)), ScoreStage.NAME);
        scores.to(Topics.SCORES.name(), Topics.SCORES.produced().withName("scores"));

        scores.map((key, s) -> KeyValue.pair(Topics.sampleKey(s.experiment(), s.sample()), TrajectoryPoint.of(s)),
                        Named.as("trajectory-point"))
                .to(Topics.TRAJECTORIES.name(), Topics.TRAJECTORIES.produced().withName("trajectories"));

        return builder.build();
    }

    /** Caching off: a cached store would fold the completing update into a later one and lose it. */
    private static Materialized<String, SampleAssembly, KeyValueStore<Bytes, byte[]>> assemblyStore() {
        return Materialized.<String, SampleAssembly, KeyValueStore<Bytes, byte[]>>as(ASSEMBLY_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Json.serde(SampleAssembly.class))
                .withCachingDisabled();
    }

    /** Sends a stage's failures to the dead-letter topic and returns the stream of its successes. */
    private static <T> KStream<String, T> passOrDeadLetter(KStream<String, Outcome<T>> outcomes, String stage) {
        Map<String, KStream<String, Outcome<T>>> branches = outcomes
                .split(Named.as(stage + "-"))
                .branch((key, outcome) -> outcome.isOk(), Branched.as("ok"))
                .defaultBranch(Branched.as("rejected"));
        branches.get(stage + "-rejected")
                .mapValues(Outcome::deadLetter, Named.as(stage + "-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.produced().withName(stage + "-dead-letters"));
        return branches.get(stage + "-ok").mapValues(Outcome::value, Named.as(stage + "-passed"));
    }
}
