package io.topowatch.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.topowatch.model.Prediction;
import io.topowatch.model.Scorer;
import io.topowatch.spectrum.SampleTensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The scan pipeline alone in a JVM of its own, for {@link ExactlyOnceCrashIT} to kill with SIGKILL.
 * Arguments: bootstrap servers, state dir, milliseconds each sample takes to score (slows the stream so
 * the kill lands mid-run). Prints {@value #READY} once processing.
 */
public final class CrashTestStream {

    static final String READY = "STREAM RUNNING";
    static final String APPLICATION_ID = "crash-it";

    /** Deterministic: the probability is a function of the tensor alone, as with the DJL model. */
    static final class SlowScorer implements Scorer {
        private final long millisPerSample;

        SlowScorer(long millisPerSample) {
            this.millisPerSample = millisPerSample;
        }

        @Override
        public Prediction score(SampleTensor sample) {
            try {
                Thread.sleep(millisPerSample);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double sum = 0;
            for (float v : sample.values()) {
                sum += v;
            }
            return new Prediction(1 / (1 + Math.exp(-sum / 1000)), 0, "slow-test");
        }

        @Override
        public String modelVersion() {
            return "slow-test";
        }

        @Override
        public void close() {}
    }

    private CrashTestStream() {}

    public static void main(String[] args) throws Exception {
        Properties settings = StreamSettings.of(args[0], Path.of(args[1]), Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
                // a restarted instance takes the killed one's place at once (static membership)
                "group.instance.id", APPLICATION_ID + "-instance",
                "session.timeout.ms", "6000",
                "heartbeat.interval.ms", "1000"));
        ScanPipeline pipeline = ScanPipeline.start(settings, new SlowScorer(Long.parseLong(args[2])),
                PipelineOptions.defaults().withBatch(8, Duration.ofMillis(20)), new SimpleMeterRegistry(),
                Duration.ofSeconds(120));
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "crash-test-stream-close"));
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
