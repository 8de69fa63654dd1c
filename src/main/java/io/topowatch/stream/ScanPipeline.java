package io.topowatch.stream;

import io.topowatch.model.Scorer;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running scan pipeline: a KafkaStreams instance over {@link ScanTopology}. */
public final class ScanPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScanPipeline.class);

    private final KafkaStreams streams;

    private ScanPipeline(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Starts the pipeline and waits until it is processing. */
    public static ScanPipeline start(Properties settings, Scorer scorer, Duration timeout)
            throws TimeoutException, InterruptedException {
        KafkaStreams streams = new KafkaStreams(ScanTopology.build(scorer, Clock.systemUTC()), settings);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
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
        return new ScanPipeline(streams);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
