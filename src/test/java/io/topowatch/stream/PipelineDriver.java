package io.topowatch.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.model.Prediction;
import io.topowatch.model.Scorer;
import io.topowatch.sim.DemoScenario;
import io.topowatch.spectrum.SampleTensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole scan topology in a TopologyTestDriver, with typed topics and a scorer that records its batches. */
final class PipelineDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-21T00:00:00Z");

    /**
     * Scores by the mean normalised value of the present channels (enough to see the tensor arrive), and
     * records the size of every batch it was given.
     */
    static final class MeanScorer implements Scorer {
        final String version;
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile Runnable duringBatch = () -> {};
        volatile String failOnSample;

        MeanScorer(String version) {
            this.version = version;
        }

        @Override
        public Prediction score(SampleTensor sample) {
            if (closed.get()) {
                throw new IllegalStateException("scorer " + version + " is closed");
            }
            if (failOnSample != null && sample.presentElements().containsKey(failOnSample)) {
                throw new IllegalArgumentException("cannot score a sample with " + failOnSample);
            }
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
            return new Prediction(Math.min(1, Math.max(0, sum / n / 2)), 0.0, version);
        }

        @Override
        public List<Prediction> scoreAll(List<SampleTensor> samples) {
            batches.add(samples.size());
            duringBatch.run();
            return Scorer.super.scoreAll(samples);
        }

        int calls() {
            return batches.stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String modelVersion() {
            return version;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    final TopologyTestDriver driver;
    final MeanScorer scorer;
    final LiveScorer live;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TestInputTopic<String, byte[]> raw;
    final TestOutputTopic<String, SampleScore> scores;
    final TestOutputTopic<String, TrajectoryPoint> trajectories;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    final TestOutputTopic<String, NormalizedScan> spectra;

    PipelineDriver(Path stateDir, PipelineOptions options) {
        this(stateDir, options, Clock.fixed(START, ZoneOffset.UTC));
    }

    /** @param clock the scoring stage's clock (latency, commit pacing), against the scans' timestamps of START */
    PipelineDriver(Path stateDir, PipelineOptions options, Clock clock) {
        scorer = new MeanScorer("mean-v1");
        live = new LiveScorer(scorer, registry);
        Properties props = StreamSettings.of("unused:9092", stateDir,
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test"));
        driver = new TopologyTestDriver(ScanTopology.build(live, clock, options, registry),
                props, START);
        raw = driver.createInputTopic(Topics.RAW_SCANS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), START, Duration.ZERO);
        scores = driver.createOutputTopic(Topics.SCORES.name(), Serdes.String().deserializer(),
                Topics.SCORES.valueSerde().deserializer());
        trajectories = driver.createOutputTopic(Topics.TRAJECTORIES.name(), Serdes.String().deserializer(),
                Topics.TRAJECTORIES.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
        spectra = driver.createOutputTopic(Topics.NORMALIZED_SPECTRA.name(), Serdes.String().deserializer(),
                Topics.NORMALIZED_SPECTRA.valueSerde().deserializer());
    }

    /** Options that score each sample as it completes: no wall-clock advance needed. */
    static PipelineOptions unbatched() {
        return PipelineOptions.defaults().withBatch(1, Duration.ofMillis(10));
    }

    static List<ScanRecord> demoScans() {
        return DemoScenario.experiment("exp-t", 3).scans(START);
    }

    static List<ScanRecord> demoScans(String sample, int setpoint) {
        return demoScans().stream().filter(s -> s.sample().equals(sample) && s.setpoint() == setpoint).toList();
    }

    void send(ScanRecord scan) {
        raw.pipeInput(Topics.sampleKey(scan.experiment(), scan.sample()),
                Json.write(scan).getBytes(StandardCharsets.UTF_8));
    }

    void advance(Duration wallClock) {
        driver.advanceWallClockTime(wallClock);
    }

    double counter(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counter() == null ? 0 : search.counter().count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
