package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanTopologyTest {

    @TempDir
    Path stateDir;

    private PipelineDriver p;

    @BeforeEach
    void setUp() {
        p = new PipelineDriver(stateDir, PipelineDriver.unbatched());
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    @Test
    void eachSampleIsScoredOnceItsElementsAreAllInAndBecomesATrajectoryPoint() {
        List<ScanRecord> setpointZero = PipelineDriver.demoScans().stream().filter(s -> s.setpoint() == 0).toList();
        // MgO, Bi2Se3, GeTe: two elements each, six scans.
        assertThat(setpointZero).hasSize(6);
        setpointZero.forEach(p::send);

        List<NormalizedScan> normalised = p.spectra.readValuesToList();
        assertThat(normalised).hasSize(6).allSatisfy(s -> {
            assertThat(s.values()).hasSize(200);
            assertThat(s.energy()).isNotEmpty();
            assertThat(s.mu()).hasSameSizeAs(s.energy());
        });
        assertThat(normalised.get(0).energy()).containsExactly(setpointZero.get(0).energy());
        assertThat(normalised.get(0).mu()).containsExactly(setpointZero.get(0).absorption());
        List<SampleScore> scored = p.scores.readValuesToList();
        assertThat(scored).extracting(SampleScore::sample).containsExactly("MgO-1", "Bi2Se3-1", "GeTe-1");
        assertThat(scored).allSatisfy(s -> {
            assertThat(s.elements()).hasSize(2);
            assertThat(s.scanIds()).hasSize(2);
            assertThat(s.modelVersion()).isEqualTo("mean-v1");
            assertThat(s.control()).containsEntry("field_T", 0.0);
            assertThat(s.partial()).isFalse();
            assertThat(s.missingElements()).isEmpty();
        });
        List<TestRecord<String, TrajectoryPoint>> points = p.trajectories.readRecordsToList();
        assertThat(points).hasSize(3);
        assertThat(points.get(0).key()).isEqualTo("exp-t/MgO-1");
        assertThat(points.get(0).value().type()).isEqualTo("trajectory");
        assertThat(points.get(0).value().partial()).isFalse();
        assertThat(p.deadLetters.isEmpty()).isTrue();
        assertThat(p.counter(StreamMetrics.RECORDS, "stage", "decode")).isEqualTo(6);
        assertThat(p.counter(StreamMetrics.RECORDS, "stage", "normalise")).isEqualTo(6);
        assertThat(p.counter(StreamMetrics.RECORDS, "stage", "assemble")).isEqualTo(3);
        assertThat(p.counter(StreamMetrics.RECORDS, "stage", "score")).isEqualTo(3);
        assertThat(p.registry.find(StreamMetrics.LATENCY).timer().count()).isEqualTo(3);
    }

    @Test
    void corruptAndInvalidRecordsGoToDeadLettersWithTheirReasonAndTheStreamGoesOn() {
        p.raw.pipeInput("bad/1", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x42});
        p.raw.pipeInput("bad/2", "{\"schema\":\"topowatch.scan/1\", \"experiment\": ".getBytes(StandardCharsets.UTF_8));
        ScanRecord good = PipelineDriver.demoScans().get(0);
        ScanRecord wrongElement = new ScanRecord(good.schema(), good.scanId(), good.experiment(), good.sample(),
                good.setpoint(), "Xx", good.edge(), good.control(), good.spaceGroup(), good.sampleElements(),
                good.energy(), null, good.i0(), good.it(), null, good.timestamp());
        p.send(wrongElement);
        PipelineDriver.demoScans().stream().filter(s -> s.setpoint() == 0).forEach(p::send);

        List<DeadLetter> dead = p.deadLetters.readValuesToList();
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).stage()).isEqualTo("decode");
        assertThat(dead.get(0).encoding()).isEqualTo("base64");
        assertThat(dead.get(0).sourceTopic()).isEqualTo(Topics.RAW_SCANS.name());
        assertThat(dead.get(0).offset()).isZero();
        assertThat(dead.get(1).reason()).contains("not valid JSON").contains("line 1");
        assertThat(dead.get(1).originalValue()).startsWith("{\"schema\"");
        assertThat(dead.get(2).field()).isEqualTo("element");
        assertThat(dead.get(2).reason()).contains("\"Xx\"");
        assertThat(p.scores.readValuesToList()).hasSize(3);
        assertThat(p.counter(StreamMetrics.DEAD_LETTERS, "stage", "decode", "reason", "malformed")).isEqualTo(2);
        assertThat(p.counter(StreamMetrics.DEAD_LETTERS, "stage", "decode", "reason", "invalid")).isEqualTo(1);
    }

    @Test
    void extensionsAreWiredIntoTheSameTopologyAndSeeTheTrajectoryPoints() {
        var topology = ScanTopology.build(p.live, java.time.Clock.systemUTC(), PipelineDriver.unbatched(),
                p.registry, (builder, points) -> points.to("extension-test",
                        Topics.TRAJECTORIES.produced().withName("extension-sink")));
        assertThat(topology.describe().toString()).contains("extension-sink").contains("topic: extension-test");
        assertThat(topology.describe().toString()).as("no repartition hop").doesNotContain("repartition");
    }
}
