package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembly stage's timeout, duplicate, replacement and late-scan rules, through the whole topology. */
class AssemblyStageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path stateDir;

    private PipelineDriver p;
    private List<ScanRecord> geTe;

    @BeforeEach
    void setUp() {
        p = new PipelineDriver(stateDir, PipelineDriver.unbatched().withAssemblyTimeout(TIMEOUT));
        geTe = PipelineDriver.demoScans("GeTe-1", 1);
        assertThat(geTe).hasSize(2);
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    @Test
    void aSampleWaitsForItsLastElementAndADuplicateScanIsNotScoredTwice() {
        p.send(geTe.get(0));
        assertThat(p.scores.isEmpty()).isTrue();
        p.send(geTe.get(0));
        p.send(geTe.get(1));
        p.send(geTe.get(1));
        p.send(geTe.get(0));
        assertThat(p.scores.readValuesToList()).hasSize(1);
        assertThat(p.scorer.calls()).isEqualTo(1);
        assertThat(p.deadLetters.isEmpty()).isTrue();
        assertThat(p.counter(StreamMetrics.ASSEMBLY, "event", "duplicate")).isEqualTo(3);
    }

    @Test
    void anIncompleteSampleIsScoredAsPartialOnceTheTimeoutHasPassed() {
        p.send(geTe.get(0));
        p.advance(TIMEOUT.minusMillis(1001));
        assertThat(p.scores.isEmpty()).isTrue();
        p.advance(Duration.ofMillis(1001));

        SampleScore score = p.scores.readValue();
        assertThat(score.partial()).isTrue();
        assertThat(score.elements()).containsExactly(geTe.get(0).element());
        assertThat(score.missingElements()).containsExactly(geTe.get(1).element());
        TrajectoryPoint point = p.trajectories.readValue();
        assertThat(point.partial()).isTrue();
        assertThat(point.missingElements()).containsExactly(geTe.get(1).element());
        assertThat(p.scores.isEmpty()).isTrue();
        assertThat(p.counter(StreamMetrics.ASSEMBLY, "event", "partial")).isEqualTo(1);
    }

    @Test
    void aScanForASetpointAlreadyScoredIsALateDeadLetterAndNotScoredAgain() {
        p.send(geTe.get(0));
        p.advance(TIMEOUT);
        assertThat(p.scores.readValuesToList()).hasSize(1);

        p.send(geTe.get(1));
        p.send(geTe.get(0)); // a redelivery of a scan already used: a duplicate, silently dropped

        assertThat(p.scores.isEmpty()).isTrue();
        List<DeadLetter> dead = p.deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).stage()).isEqualTo("assemble");
        assertThat(dead.get(0).reason()).startsWith("late: setpoint 1 of exp-t/GeTe-1 was already scored (partial")
                .contains(geTe.get(1).scanId());
        assertThat(dead.get(0).key()).isEqualTo("exp-t/GeTe-1/1");
        assertThat(dead.get(0).field()).isEqualTo("setpoint");
        assertThat(dead.get(0).sourceTopic()).isEqualTo(Topics.RAW_SCANS.name());
        assertThat(dead.get(0).offset()).isEqualTo(1);
        assertThat(p.counter(StreamMetrics.DEAD_LETTERS, "stage", "assemble", "reason", "late")).isEqualTo(1);
        assertThat(p.counter(StreamMetrics.ASSEMBLY, "event", "duplicate")).isEqualTo(1);
    }

    @Test
    void aSecondScanOfAnElementReplacesTheFirstWhenMeasuredLaterWhateverTheArrivalOrder() {
        ScanRecord first = geTe.get(0);
        ScanRecord remeasured = withIdAndTime(first, first.scanId() + "-again", first.timestamp().plusSeconds(30));
        // the re-measurement arrives before the original: the later measurement still wins
        p.send(remeasured);
        p.send(first);
        p.send(geTe.get(1));

        SampleScore score = p.scores.readValue();
        assertThat(score.scanIds()).contains(remeasured.scanId()).doesNotContain(first.scanId());
        assertThat(score.partial()).isFalse();
        assertThat(p.counter(StreamMetrics.ASSEMBLY, "event", "superseded")).isEqualTo(1);
    }

    private static ScanRecord withIdAndTime(ScanRecord s, String scanId, java.time.Instant time) {
        return new ScanRecord(s.schema(), scanId, s.experiment(), s.sample(), s.setpoint(), s.element(), s.edge(),
                s.control(), s.spaceGroup(), s.sampleElements(), s.energy(), s.mu(), s.i0(), s.it(), s.ifluor(), time);
    }
}
