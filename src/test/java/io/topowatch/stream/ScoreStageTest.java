package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micro-batched scoring, its changelogged buffer, and model hot swap between batches. */
class ScoreStageTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(50);

    @TempDir
    Path stateDir;

    private PipelineDriver p;

    @AfterEach
    void tearDown() {
        if (p != null) {
            p.close();
        }
    }

    private void start(int batchSize) {
        p = new PipelineDriver(stateDir, PipelineOptions.defaults().withBatch(batchSize, MAX_WAIT));
    }

    /** Sends every scan of the given setpoints: three complete samples each. */
    private void sendSetpoints(int... setpoints) {
        for (int setpoint : setpoints) {
            PipelineDriver.demoScans().stream().filter(s -> s.setpoint() == setpoint).forEach(p::send);
        }
    }

    @Test
    void samplesWaitInTheStoreUntilTheBatchIsFullOrTheMaxWaitHasPassed() {
        start(4);
        sendSetpoints(0);
        assertThat(p.scores.isEmpty()).isTrue();
        KeyValueStore<String, SampleAssembly> buffer = p.driver.getKeyValueStore(ScanTopology.BATCH_STORE);
        assertThat(buffer.approximateNumEntries()).isEqualTo(3);

        p.advance(MAX_WAIT);
        assertThat(p.scores.readValuesToList()).extracting(SampleScore::sample)
                .containsExactly("MgO-1", "Bi2Se3-1", "GeTe-1");
        assertThat(p.scorer.batches).containsExactly(3);
        assertThat(buffer.approximateNumEntries()).isZero();

        sendSetpoints(1, 2); // six samples: one full batch of four at once, two wait for the punctuator
        assertThat(p.scores.readValuesToList()).hasSize(4);
        p.advance(MAX_WAIT);
        assertThat(p.scores.readValuesToList()).hasSize(2);
        assertThat(p.scorer.batches).containsExactly(3, 4, 2);
        assertThat(p.registry.find(StreamMetrics.BATCH_SIZE).summary().count()).isEqualTo(3);
        assertThat(p.registry.find(StreamMetrics.BATCH_SIZE).summary().totalAmount()).isEqualTo(9);
    }

    @Test
    void theMaxWaitRunsFromTheOldestWaitingSampleSoABacklogFillsItsBatch() {
        start(16);
        sendSetpoints(0);
        p.advance(MAX_WAIT.dividedBy(2));
        sendSetpoints(1); // arrives while the first three wait: joins their batch
        assertThat(p.scores.isEmpty()).isTrue();
        p.advance(MAX_WAIT.dividedBy(2));
        assertThat(p.scores.readValuesToList()).hasSize(6);
        assertThat(p.scorer.batches).containsExactly(6);
    }

    @Test
    void whileTheStreamKeepsUpABatchIsScoredAtTheFirstLookThatFindsNoNewSample() {
        start(16);
        Duration look = Duration.ofMillis(1);
        sendSetpoints(0);
        p.advance(look); // the look right after the records that brought the samples: more may be on the way
        assertThat(p.scores.isEmpty()).isTrue();
        sendSetpoints(1); // more arrived before the next look: they join the batch
        p.advance(look);
        assertThat(p.scores.isEmpty()).isTrue();
        p.advance(look); // nothing new since the last look: the input is drained, waiting only adds latency
        assertThat(p.scores.readValuesToList()).hasSize(6);
        assertThat(p.scorer.batches).containsExactly(6);
    }

    @Test
    void whileTheStreamIsBehindAPartialBatchWaitsLongerToFill() {
        // the scoring clock is 10 s past the scans' timestamps: each scored batch shows the stream behind
        p = new PipelineDriver(stateDir, PipelineOptions.defaults().withBatch(16, MAX_WAIT),
                java.time.Clock.fixed(PipelineDriver.START.plusSeconds(10), java.time.ZoneOffset.UTC));
        sendSetpoints(0);
        p.advance(MAX_WAIT);
        assertThat(p.scores.readValuesToList()).hasSize(3); // not yet known to be behind: the usual max wait
        sendSetpoints(1);
        p.advance(MAX_WAIT);
        p.advance(Duration.ofMillis(1)); // a look that finds nothing new does not score it either
        assertThat(p.scores.isEmpty()).isTrue(); // behind: the batch may fill for up to the behind-after lag
        p.advance(CommitPacing.DEFAULT_BEHIND_AFTER);
        assertThat(p.scores.readValuesToList()).hasSize(3);
        assertThat(p.scorer.batches).containsExactly(3, 3);
    }

    @Test
    void aSampleTheModelCannotScoreBecomesADeadLetterAndTheRestOfItsBatchIsScored() {
        start(8);
        p.scorer.failOnSample = "Mg";
        sendSetpoints(0);
        p.advance(MAX_WAIT);
        assertThat(p.scores.readValuesToList()).extracting(SampleScore::sample).containsExactly("Bi2Se3-1", "GeTe-1");
        List<DeadLetter> dead = p.deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).stage()).isEqualTo("score");
        assertThat(dead.get(0).key()).isEqualTo("exp-t/MgO-1/0");
        assertThat(p.counter(StreamMetrics.DEAD_LETTERS, "stage", "score", "reason", "scoring-failed")).isEqualTo(1);
    }

    @Test
    void aModelSwappedInDuringABatchScoresFromTheNextBatchAndTheOldOneIsClosedAfterItsBatch() {
        start(16);
        PipelineDriver.MeanScorer v2 = new PipelineDriver.MeanScorer("mean-v2");
        AtomicBoolean oldClosedDuringItsBatch = new AtomicBoolean();
        p.scorer.duringBatch = () -> {
            if (!v2.closed.get() && p.live.modelVersion().equals("mean-v1")) {
                p.live.swap(v2); // a promotion lands while this batch is being scored
                oldClosedDuringItsBatch.set(p.scorer.closed.get());
            }
        };
        sendSetpoints(0);
        p.advance(MAX_WAIT);
        List<SampleScore> first = p.scores.readValuesToList();
        assertThat(first).hasSize(3).allSatisfy(s -> assertThat(s.modelVersion()).isEqualTo("mean-v1"));
        assertThat(oldClosedDuringItsBatch).isFalse();
        assertThat(p.scorer.closed).isTrue();

        sendSetpoints(1);
        p.advance(MAX_WAIT);
        assertThat(p.scores.readValuesToList()).hasSize(3)
                .allSatisfy(s -> assertThat(s.modelVersion()).isEqualTo("mean-v2"));
        assertThat(p.trajectories.readValuesToList()).extracting(TrajectoryPoint::modelVersion)
                .containsExactly("mean-v1", "mean-v1", "mean-v1", "mean-v2", "mean-v2", "mean-v2");
        assertThat(p.registry.find(LiveScorer.MODEL_GAUGE).tag("version", "mean-v2").gauge().value()).isEqualTo(1.0);
        assertThat(p.registry.find(LiveScorer.MODEL_GAUGE).tag("version", "mean-v1").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void batchedScoresEqualScoresOneByOne() {
        start(1);
        sendSetpoints(0, 1);
        List<Double> single = p.scores.readValuesToList().stream().map(SampleScore::probability).toList();
        p.close();
        p = new PipelineDriver(stateDir.resolve("batched"), PipelineOptions.defaults().withBatch(6, MAX_WAIT));
        sendSetpoints(0, 1);
        assertThat(p.scores.readValuesToList().stream().map(SampleScore::probability).toList())
                .containsExactlyElementsOf(single);
        assertThat(p.scorer.batches).containsExactly(6);
    }

}
