package io.topowatch.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decides which normalised-spectrum records also carry the measured energy and mu arrays: the first of each
 * (experiment, sample, element), then at most one every {@link PipelineOptions#measuredSpectrumInterval()}.
 *
 * <p>The measured arrays are for display (the dashboard's raw-μ plot): at a beamline's pace, a scan per
 * element every few seconds, every record carries them; at thousands of scans a second they were most of
 * the bytes the stream wrote and the dashboard parsed, for plots no one can read that fast. The window
 * values, e0 and edge step are on every record. The choice is made on the stream thread's wall clock and
 * kept in memory only: after a restart the next scan of each element carries its arrays again.
 */
final class MeasuredSpectrumSampler implements FixedKeyProcessor<String, NormalizedScan, NormalizedScan> {

    static final String NAME = "measured-spectrum-sampling";

    private final long intervalMs;
    private final Map<String, Long> lastCarriedMs = new HashMap<>();
    private FixedKeyProcessorContext<String, NormalizedScan> context;

    MeasuredSpectrumSampler(Duration interval) {
        this.intervalMs = interval.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, NormalizedScan> context) {
        this.context = context;
        if (intervalMs > 0) {
            // forget elements not seen for a while, so the map stays the size of what is being measured
            Duration sweep = Duration.ofMillis(Math.max(1_000, 10 * intervalMs));
            context.schedule(sweep, PunctuationType.WALL_CLOCK_TIME,
                    now -> lastCarriedMs.values().removeIf(t -> now - t >= intervalMs));
        }
    }

    @Override
    public void process(FixedKeyRecord<String, NormalizedScan> record) {
        NormalizedScan scan = record.value();
        if (intervalMs == 0 || scan.energy() == null) {
            context.forward(record);
            return;
        }
        long now = context.currentSystemTimeMs();
        String element = scan.experiment() + "/" + scan.sample() + "/" + scan.element();
        Long last = lastCarriedMs.get(element);
        if (last == null || now - last >= intervalMs) {
            lastCarriedMs.put(element, now);
            context.forward(record);
        } else {
            context.forward(record.withValue(scan.withoutMeasured()));
        }
    }
}
