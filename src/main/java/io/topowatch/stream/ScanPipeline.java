package io.topowatch.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.topowatch.model.Scorer;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running scan pipeline: a KafkaStreams instance over {@link ScanTopology}. */
public final class ScanPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScanPipeline.class);

    private final KafkaStreams streams;
    private final LiveScorer scorer;

    private ScanPipeline(KafkaStreams streams, LiveScorer scorer) {
        this.streams = streams;
        this.scorer = scorer;
    }

    /** Starts the pipeline with default stage options and no metrics, and waits until it is processing. */
    public static ScanPipeline start(Properties settings, Scorer scorer, Duration timeout)
            throws TimeoutException, InterruptedException {
        return start(settings, scorer, PipelineOptions.defaults(), new SimpleMeterRegistry(), timeout);
    }

    /**
     * Starts the pipeline and waits until it is processing.
     *
     * @param scorer   the model to score with; pass a {@link LiveScorer} to swap models while it runs
     * @param registry   where the stream's meters go ({@link StreamMetrics})
     * @param extensions more stages in the same application (see {@link ScanTopology.Extension})
     */
    public static ScanPipeline start(Properties settings, Scorer scorer, PipelineOptions options,
            MeterRegistry registry, Duration timeout, ScanTopology.Extension... extensions)
            throws TimeoutException, InterruptedException {
        LiveScorer live = LiveScorer.of(scorer, registry);
        KafkaStreams streams = new KafkaStreams(
                ScanTopology.build(live, Clock.systemUTC(), options, registry, extensions), settings);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new TimeoutException("stream did not reach RUNNING within " + timeout + " (state " + state + ")");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return new ScanPipeline(streams, live);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The trajectory store, for the dashboard's REST API. */
    public TrajectoryQueries trajectories() {
        return new TrajectoryQueries(streams);
    }

    /** The scorer in use, to swap models ({@link ModelWatcher}). */
    public LiveScorer scorer() {
        return scorer;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
