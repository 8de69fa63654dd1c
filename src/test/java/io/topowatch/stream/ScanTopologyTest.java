package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.Prediction;
import io.topowatch.model.Scorer;
import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.Experiment;
import io.topowatch.spectrum.SampleTensor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScanTopologyTest {

    /** Scores by the mean normalised value of the present channels: enough to see the tensor arrive. */
    static final class MeanScorer implements Scorer {
        final AtomicInteger calls = new AtomicInteger();
        @Override
        public Prediction score(SampleTensor sample) {
            calls.incrementAndGet();
            double sum = 0;
            int n = 0;
            for (int c = 0; c < sample.present().length; c++) {
                if (sample.present()[c]) {
                    for (float v : sample.channel(c)) {
                        sum += v;
                        n++;
                    }
                }
            }
            return new Prediction(Math.min(1, Math.max(0, sum / n / 2)), 0.0, "mean-test");
        }
        @Override
        public String modelVersion() {
            return "mean-test";
        }
        @Override
        public void close() {}
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    private TopologyTestDriver driver;
    private MeanScorer scorer;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, SampleScore> scores;
    private TestOutputTopic<String, TrajectoryPoint> trajectories;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, NormalizedScan> spectra;

    @BeforeEach
    void setUp() {
        scorer = new MeanScorer();
        Properties props = StreamSettings.of("unused:9092", stateDir,
                java.util.Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test"));
        driver = new TopologyTestDriver(
                ScanTopology.build(scorer, Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC)), props);
        raw = driver.createInputTopic(Topics.RAW_SCANS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        scores = driver.createOutputTopic(Topics.SCORES.name(), Serdes.String().deserializer(),
                Topics.SCORES.valueSerde().deserializer());
        trajectories = driver.createOutputTopic(Topics.TRAJECTORIES.name(), Serdes.String().deserializer(),
                Topics.TRAJECTORIES.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
        spectra = driver.createOutputTopic(Topics.NORMALIZED_SPECTRA.name(), Serdes.String().deserializer(),
                Topics.NORMALIZED_SPECTRA.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static List<ScanRecord> demoScans() {
        Experiment experiment = DemoScenario.experiment("exp-t", 3);
        return experiment.scans(Instant.parse("2026-11-21T00:00:00Z"));
    }

    private void send(ScanRecord scan) {
        raw.pipeInput(Topics.sampleKey(scan.experiment(), scan.sample()), Json.write(scan).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachSampleIsScoredOnceItsElementsAreAllInAndBecomesATrajectoryPoint() {
        List<ScanRecord> setpointZero = demoScans().stream().filter(s -> s.setpoint() == 0).toList();
        // MgO, Bi2Se3, GeTe: two elements each, six scans.
        assertThat(setpointZero).hasSize(6);
        setpointZero.forEach(this::send);

        assertThat(spectra.readValuesToList()).hasSize(6)
                .allSatisfy(s -> assertThat(s.values()).hasSize(200));
        List<SampleScore> scored = scores.readValuesToList();
        assertThat(scored).extracting(SampleScore::sample).containsExactly("MgO-1", "Bi2Se3-1", "GeTe-1");
        assertThat(scored).allSatisfy(s -> {
            assertThat(s.elements()).hasSize(2);
            assertThat(s.scanIds()).hasSize(2);
            assertThat(s.modelVersion()).isEqualTo("mean-test");
            assertThat(s.control()).containsEntry("field_T", 0.0);
        });
        List<org.apache.kafka.streams.test.TestRecord<String, TrajectoryPoint>> points = trajectories.readRecordsToList();
        assertThat(points).hasSize(3);
        assertThat(points.get(0).key()).isEqualTo("exp-t/MgO-1");
        assertThat(points.get(0).value().type()).isEqualTo("trajectory");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSampleWaitsForItsLastElementAndADuplicateScanIsNotScoredTwice() {
        List<ScanRecord> geTe = demoScans().stream()
                .filter(s -> s.setpoint() == 1 && s.sample().equals("GeTe-1")).toList();
        send(geTe.get(0));
        assertThat(scores.isEmpty()).isTrue();
        send(geTe.get(1));
        send(geTe.get(1));
        send(geTe.get(0));
        assertThat(scores.readValuesToList()).hasSize(1);
        assertThat(scorer.calls).hasValue(1);
    }

    @Test
    void corruptAndInvalidRecordsGoToDeadLettersWithTheirReasonAndTheStreamGoesOn() {
        raw.pipeInput("bad/1", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x42});
        raw.pipeInput("bad/2", "{\"schema\":\"topowatch.scan/1\", \"experiment\": ".getBytes(StandardCharsets.UTF_8));
        ScanRecord good = demoScans().get(0);
        ScanRecord wrongElement = new ScanRecord(good.schema(), good.scanId(), good.experiment(), good.sample(),
                good.setpoint(), "Xx", good.edge(), good.control(), good.spaceGroup(), good.sampleElements(),
                good.energy(), null, good.i0(), good.it(), null, good.timestamp());
        send(wrongElement);
        demoScans().stream().filter(s -> s.setpoint() == 0).forEach(this::send);

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).stage()).isEqualTo("decode");
        assertThat(dead.get(0).encoding()).isEqualTo("base64");
        assertThat(dead.get(0).sourceTopic()).isEqualTo(Topics.RAW_SCANS.name());
        assertThat(dead.get(0).offset()).isZero();
        assertThat(dead.get(1).reason()).contains("not valid JSON").contains("line 1");
        assertThat(dead.get(1).originalValue()).startsWith("{\"schema\"");
        assertThat(dead.get(2).field()).isEqualTo("element");
        assertThat(dead.get(2).reason()).contains("\"Xx\"");
        assertThat(scores.readValuesToList()).hasSize(3);
    }
}
