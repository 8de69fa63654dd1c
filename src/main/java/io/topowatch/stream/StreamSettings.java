package io.topowatch.stream;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings for the scan pipeline: TopoWatch's defaults, then the user's overrides
 * (any Kafka Streams, consumer or producer property, e.g. SASL/TLS settings), which win.
 */
public final class StreamSettings {

    public static final String DEFAULT_APPLICATION_ID = "topowatch-stream";
    /** The interval while the stream is behind; while it keeps up the scoring stage commits sooner ({@link CommitPacing}). */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 250;

    private StreamSettings() {}

    public static Properties of(String bootstrapServers, Path stateDir, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly-once a score is visible to read_committed consumers only once its transaction commits
        // (one sub-topology, so one commit per scan→score). This interval applies under load; while the stream
        // keeps up, the scoring stage asks for a commit after each batch (CommitPacing).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(DEFAULT_COMMIT_INTERVAL_MS));
        // An idle poll must not hold back the batch and assembly punctuators (wall clock) for the default 100 ms.
        p.put(StreamsConfig.POLL_MS_CONFIG, "5");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        // Raw scans and changelogged assemblies are kilobytes each: with the 16 kB default most batches hold one
        // record, and at thousands of scans a second the broker's cost is per request.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), String.valueOf(256 * 1024));
        // Streams' own default linger is 100 ms: a score forwarded by a punctuator (a batch that waited its
        // batchMaxWaitMs) then sat in the producer until the next commit or the linger, the 100+ ms tail at 200
        // scans/s. Under load the batches fill long before 5 ms.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        // A commit that follows the previous one closely finds the coordinator still writing that one's markers
        // (CONCURRENT_TRANSACTIONS) and is retried after retry.backoff.ms: at the default 100 ms these retries were
        // the ≈ 100 ms stalls of the whole pipeline in the latency tail (JFR: sendOffsetsToTransaction parked
        // 103 ms at each stall).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), "10");
        // ... and with the 1 MB per-partition fetch default a fetch brings ~100 raw scans per partition: the stream
        // thread sat idle between fetches at 3,000 scans/s
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), String.valueOf(8 << 20));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), String.valueOf(64 << 20));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "2000");
        p.put("processing.exception.handler.global.enabled", "true");
        p.putAll(overrides);
        return p;
    }
}
