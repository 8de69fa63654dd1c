package io.topowatch.sim;

import io.topowatch.ingest.RawScanProducer;
import io.topowatch.ingest.ScanFormat;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.bluesky.BlueskyCodec;
import io.topowatch.ingest.bluesky.BlueskyDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes simulated scans to the raw-scan topic at a steady rate, keyed by experiment and sample. */
public final class ScanPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScanPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final double scansPerSecond;
    private final ScanFormat format;

    /** A publisher of JSON scan records. */
    public ScanPublisher(String bootstrapServers, Map<String, String> clientProperties, double scansPerSecond) {
        this(bootstrapServers, clientProperties, scansPerSecond, ScanFormat.JSON);
    }

    /** A publisher of scan records in {@code format} (the stream reads either). */
    public ScanPublisher(String bootstrapServers, Map<String, String> clientProperties, double scansPerSecond,
            ScanFormat format) {
        if (!(scansPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 scans/s, got " + scansPerSecond);
        }
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.scansPerSecond = scansPerSecond;
        this.format = format;
    }

    /** Sends every scan of the experiment, paced at the publisher's rate; returns the number sent. */
    public int publish(Experiment experiment) throws InterruptedException {
        return publish(experiment, null);
    }

    /**
     * As {@link #publish(Experiment)}; with a beamline name, each scan also goes out as Bluesky documents on
     * that beamline's RunEngine topic.
     */
    public int publish(Experiment experiment, String blueskyBeamline) throws InterruptedException {
        long intervalNanos = (long) (1e9 / scansPerSecond);
        long next = System.nanoTime();
        int sent = 0;
        for (ScanRecord scan : experiment.scans(Instant.now())) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += intervalNanos;
            send(scan);
            if (blueskyBeamline != null) {
                sendBluesky(scan, blueskyBeamline);
            }
            sent++;
        }
        producer.flush();
        LOG.info("published {} scans of experiment {}", sent, experiment.id());
        return sent;
    }

    public void send(ScanRecord scan) {
        producer.send(RawScanProducer.record(scan, format), (meta, error) -> {
                    if (error != null) {
                        LOG.warn("scan {} not sent: {}", scan.scanId(), error.getMessage());
                    }
                });
    }

    /**
     * Sends a scan as Bluesky documents to {@code <beamline>.bluesky.runengine.documents}, keyed by the run's
     * start uid so that a run's documents stay in order on one partition.
     */
    public void sendBluesky(ScanRecord scan, String beamline) {
        List<BlueskyDocument> documents = BlueskyRun.documents(scan, beamline);
        String key = (String) documents.get(0).document().get("uid");
        for (BlueskyDocument d : documents) {
            producer.send(new ProducerRecord<>(BlueskyDocument.topic(beamline), key, BlueskyCodec.encode(d)),
                    (meta, error) -> {
                        if (error != null) {
                            LOG.warn("{} document of scan {} not sent: {}", d.name(), scan.scanId(), error.getMessage());
                        }
                    });
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
