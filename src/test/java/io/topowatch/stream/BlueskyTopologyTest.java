package io.topowatch.stream;

import static io.topowatch.ingest.bluesky.BlueskyRuns.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanDecoder;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.bluesky.BlueskyCodec;
import io.topowatch.ingest.bluesky.BlueskyDocument;
import io.topowatch.ingest.bluesky.BlueskyRuns;
import io.topowatch.ingest.bluesky.RunState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueskyTopologyTest {

    private static final String TOPIC = BlueskyTopology.topic(BlueskyRuns.BEAMLINE);
    private static final ScanRecord SCAN = BlueskyRuns.scan();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> documents;
    private TestOutputTopic<String, byte[]> rawScans;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        BlueskyTopology.addTo(builder);
        Properties props = StreamSettings.of("unused:9092", stateDir,
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "bluesky-test"));
        driver = new TopologyTestDriver(builder.build(), props);
        documents = driver.createInputTopic(TOPIC, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        rawScans = driver.createOutputTopic(Topics.RAW_SCANS.name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(List<BlueskyDocument> docs, String key, Function<BlueskyDocument, byte[]> encoding) {
        docs.forEach(d -> documents.pipeInput(key, encoding.apply(d)));
    }

    private static byte[] json(BlueskyDocument d) {
        return Json.write(List.of(d.name(), d.document())).getBytes(StandardCharsets.UTF_8);
    }

    /** The normalised spectrum the pipeline makes of raw scan bytes: decode as DecodeStage does, normalise. */
    private static NormalizedScan normalise(byte[] raw) {
        return NormalizeStage.normalize(ScanDecoder.decode(raw));
    }

    private void assertSameSpectrumAsTheJsonScanRecord(TestRecord<String, byte[]> out) {
        assertThat(out.key()).isEqualTo(SCAN.experiment() + "/" + SCAN.sample());
        NormalizedScan fromBluesky = normalise(out.value());
        NormalizedScan fromJson = normalise(Json.write(SCAN).getBytes(StandardCharsets.UTF_8));
        assertThat(fromBluesky.values()).containsExactly(fromJson.values());
        assertThat(fromBluesky.e0()).isEqualTo(fromJson.e0());
        assertThat(fromBluesky.edgeStep()).isEqualTo(fromJson.edgeStep());
        assertThat(fromBluesky).usingRecursiveComparison().isEqualTo(fromJson);
    }

    @Test
    void aMsgpackBlueskyScanGivesTheSameNormalisedSpectrumAsTheJsonScanRecord() {
        send(BlueskyRuns.pointPerEvent(SCAN), null, BlueskyCodec::encode);
        List<TestRecord<String, byte[]>> out = rawScans.readRecordsToList();
        assertThat(out).hasSize(1);
        assertSameSpectrumAsTheJsonScanRecord(out.get(0));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(count(driver.getKeyValueStore(BlueskyTopology.RUN_STORE))).isZero();
        assertThat(count(driver.getKeyValueStore(BlueskyTopology.DESCRIPTOR_STORE))).isZero();
    }

    @Test
    void jsonEncodedDocumentsGiveTheSameNormalisedSpectrum() {
        send(BlueskyRuns.pointPerEvent(SCAN), "", BlueskyTopologyTest::json);
        List<TestRecord<String, byte[]>> out = rawScans.readRecordsToList();
        assertThat(out).hasSize(1);
        assertSameSpectrumAsTheJsonScanRecord(out.get(0));
    }

    @Test
    void wholeArraysPerEventAndEventPagesGiveTheSameSpectrumToo() {
        send(BlueskyRuns.arraysInOneEvent(SCAN), null, BlueskyCodec::encode);
        send(BlueskyRuns.eventPages(SCAN, 64), null, BlueskyTopologyTest::json);
        List<TestRecord<String, byte[]>> out = rawScans.readRecordsToList();
        assertThat(out).hasSize(2);
        out.forEach(this::assertSameSpectrumAsTheJsonScanRecord);
    }

    @Test
    void interleavedRunsOfTwoBeamlinesAreAssembledApart() {
        TestInputTopic<String, byte[]> other = driver.createInputTopic(BlueskyTopology.topic("other-bl"),
                Serdes.String().serializer(), Serdes.ByteArray().serializer());
        List<BlueskyDocument> a = BlueskyRuns.pointPerEvent(SCAN);
        List<BlueskyDocument> b = BlueskyRuns.pointPerEvent(BlueskyRuns.scan(1));
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                documents.pipeInput(null, BlueskyCodec.encode(a.get(i)));
            }
            if (i < b.size()) {
                other.pipeInput(null, BlueskyCodec.encode(b.get(i)));
            }
        }
        assertThat(rawScans.readValuesToList()).extracting(v -> ScanDecoder.decode(v).scanId())
                .containsExactlyInAnyOrder(SCAN.scanId(), BlueskyRuns.scan(1).scanId());
    }

    @Test
    void anAbortedRunAndUndecodableMessagesGoToDeadLettersWithTheirBytes() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.set(docs.size() - 1, with(docs.get(docs.size() - 1), "exit_status", "fail", "reason", "motor stalled"));
        send(docs, "run-key", BlueskyCodec::encode);
        documents.pipeInput("junk", new byte[] {(byte) 0xc1, 0x00});
        documents.pipeInput("junk", "[\"stop\", {\"uid\": ".getBytes(StandardCharsets.UTF_8));
        send(BlueskyRuns.pointPerEvent(BlueskyRuns.scan(2)), null, BlueskyCodec::encode);

        List<TestRecord<String, DeadLetter>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        DeadLetter aborted = dead.get(0).value();
        assertThat(dead.get(0).key()).isEqualTo("run-key");
        assertThat(aborted.stage()).isEqualTo(BlueskyTopology.STAGE);
        assertThat(aborted.field()).isEqualTo("stop.exit_status");
        assertThat(aborted.reason()).contains("fail").contains("motor stalled");
        assertThat(aborted.sourceTopic()).isEqualTo(TOPIC);
        assertThat(aborted.encoding()).isEqualTo("base64");
        assertThat(BlueskyCodec.decode(Base64.getDecoder().decode(aborted.originalValue())).name()).isEqualTo("stop");
        assertThat(dead.get(1).value().reason()).contains("msgpack");
        assertThat(dead.get(2).value().reason()).contains("not valid JSON");
        assertThat(dead.get(2).value().originalValue()).startsWith("[\"stop\"");
        // the stream went on: the next run is a scan
        assertThat(rawScans.readValuesToList()).hasSize(1);
    }

    @Test
    void aStartWithoutMetadataIsOneDeadLetterAndItsRunLeavesNoState() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.set(0, with(docs.get(0), "space_group", null));
        send(docs, null, BlueskyCodec::encode);
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).field()).isEqualTo("start.space_group");
        assertThat(rawScans.isEmpty()).isTrue();
        assertThat(count(driver.getKeyValueStore(BlueskyTopology.RUN_STORE))).isZero();
    }

    @Test
    void runStateSurvivesTheStoreSerde() {
        List<BlueskyDocument> docs = BlueskyRuns.pointPerEvent(SCAN);
        send(docs.subList(0, 20), null, BlueskyCodec::encode);
        KeyValueStore<String, RunState> runs = driver.getKeyValueStore(BlueskyTopology.RUN_STORE);
        RunState state = runs.get((String) docs.get(0).document().get("uid"));
        assertThat(state.chunks()).hasSize(18);
        assertThat(state.metadata().sample()).isEqualTo(SCAN.sample());
        send(docs.subList(20, docs.size()), null, BlueskyCodec::encode);
        assertThat(rawScans.readValuesToList()).hasSize(1);
    }

    @Test
    void aRunThatNeverStopsIsDroppedToTheDeadLettersAfterADay() {
        List<BlueskyDocument> docs = BlueskyRuns.pointPerEvent(SCAN);
        send(docs.subList(0, 30), null, BlueskyCodec::encode);
        driver.advanceWallClockTime(java.time.Duration.ofHours(23));
        assertThat(deadLetters.isEmpty()).isTrue();
        driver.advanceWallClockTime(java.time.Duration.ofHours(2));
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).contains("no stop document within 24 h").contains("28 events");
        assertThat(dead.get(0).originalValue()).contains(SCAN.sample());
        assertThat(count(driver.getKeyValueStore(BlueskyTopology.RUN_STORE))).isZero();
        assertThat(count(driver.getKeyValueStore(BlueskyTopology.DESCRIPTOR_STORE))).isZero();
    }

    private static long count(KeyValueStore<?, ?> store) {
        long n = 0;
        try (KeyValueIterator<?, ?> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
