package io.topowatch.ingest;

import io.topowatch.stream.Topics;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends scan records to {@code topowatch.scans.raw}, keyed {@code <experiment>/<sample>}, one at a time and
 * waiting for the broker's acknowledgement, so a caller knows each file it publishes is on the topic.
 */
public final class RawScanProducer implements AutoCloseable, XdiFolderWatcher.Sink {

    private static final long ACK_TIMEOUT_S = 60;

    private final KafkaProducer<String, byte[]> producer;
    private final ScanFormat format;

    /** A producer publishing JSON records. */
    public RawScanProducer(String bootstrapServers, Map<String, String> clientProperties) {
        this(bootstrapServers, clientProperties, ScanFormat.JSON);
    }

    /** A producer publishing records in {@code format} (the stream reads either). */
    public RawScanProducer(String bootstrapServers, Map<String, String> clientProperties, ScanFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "45000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The Kafka record of a scan as every producer of raw scans sends it: JSON, keyed {@code <experiment>/<sample>}
     * so that a sample's scans share a partition (the stream assembles them without repartitioning).
     */
    public static ProducerRecord<String, byte[]> record(ScanRecord scan) {
        return record(scan, ScanFormat.JSON);
    }

    /** As {@link #record(ScanRecord)}, with the record's timestamp set (epoch ms). */
    public static ProducerRecord<String, byte[]> record(ScanRecord scan, long timestamp) {
        return record(scan, timestamp, ScanFormat.JSON);
    }

    /** As {@link #record(ScanRecord)}, in the given encoding; the broker sets the timestamp. */
    public static ProducerRecord<String, byte[]> record(ScanRecord scan, ScanFormat format) {
        return new ProducerRecord<>(Topics.RAW_SCANS.name(), key(scan), format.encode(scan));
    }

    /** As {@link #record(ScanRecord, long)}, in the given encoding. */
    public static ProducerRecord<String, byte[]> record(ScanRecord scan, long timestamp, ScanFormat format) {
        return new ProducerRecord<>(Topics.RAW_SCANS.name(), null, timestamp, key(scan), format.encode(scan));
    }

    private static String key(ScanRecord scan) {
        return Topics.sampleKey(scan.experiment(), scan.sample());
    }

    /**
     * Sends one scan and waits until the broker has it.
     *
     * @throws IllegalStateException naming the reason when the broker does not take it in time
     */
    @Override
    public RecordMetadata publish(ScanRecord scan) throws InterruptedException {
        try {
            return producer.send(record(scan, format)).get(ACK_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("could not publish scan " + scan.scanId() + " to "
                    + Topics.RAW_SCANS.name() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not publish scan " + scan.scanId() + ": no acknowledgement from "
                    + "the broker within " + ACK_TIMEOUT_S + " s", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
