package io.topowatch.stream;

import io.topowatch.ingest.ScanDecoder;
import io.topowatch.ingest.ScanRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes and validates raw scan bytes. A processor rather than a mapValues so that a rejected record's
 * dead letter can name its topic, partition and offset.
 */
final class DecodeStage implements FixedKeyProcessor<String, byte[], Outcome<ScanRecord>> {

    static final String NAME = "decode";

    private FixedKeyProcessorContext<String, Outcome<ScanRecord>> context;

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome<ScanRecord>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Outcome<ScanRecord> outcome;
        try {
            outcome = Outcome.ok(ScanDecoder.decode(record.value()));
        } catch (RuntimeException e) {
            outcome = Outcome.failed(DeadLetters.of(NAME, e, context.recordMetadata().orElse(null),
                    record.key(), record.value()));
        }
        context.forward(record.withValue(outcome));
    }
}
