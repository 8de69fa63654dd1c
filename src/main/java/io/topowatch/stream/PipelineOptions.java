package io.topowatch.stream;

import io.topowatch.alert.DetectorSettings;
import java.time.Duration;

/**
 * How the stages behave (as opposed to {@link StreamSettings}, the Kafka Streams client settings).
 *
 * @param assemblyTimeout  how long a sample at one setpoint waits for its missing elements before it is
 *                         scored as a partial sample ({@code stream.assemblyTimeoutMs})
 * @param emittedRetention how long a scored setpoint is remembered, so that a late scan for it becomes a
 *                         dead letter rather than a second, partial score ({@code stream.emittedRetentionMs})
 * @param batchSize        most samples scored in one model call ({@code stream.batchSize}); 1 scores each
 *                         sample as it completes
 * @param batchMaxWait     longest a sample waits in a batch that is not full while the stream keeps up
 *                         ({@code stream.batchMaxWaitMs}; while it is behind, the commit pacing's behind-after lag)
 * @param detector         the transition stage's detector settings ({@code detector.*})
 * @param commitPacing     when the scoring stage asks for an early commit ({@link CommitPacing})
 * @param measuredSpectrumInterval how often, at most, a (sample, element)'s normalised-spectrum record also
 *                         carries the measured energy and mu arrays ({@code stream.measuredSpectrumIntervalMs};
 *                         zero: on every record)
 */
public record PipelineOptions(Duration assemblyTimeout, Duration emittedRetention, int batchSize,
        Duration batchMaxWait, DetectorSettings detector, CommitPacing commitPacing,
        Duration measuredSpectrumInterval) {

    public static final Duration DEFAULT_MEASURED_SPECTRUM_INTERVAL = Duration.ofMillis(250);

    /** These options with the default commit pacing and measured-spectrum interval. */
    public PipelineOptions(Duration assemblyTimeout, Duration emittedRetention, int batchSize, Duration batchMaxWait,
            DetectorSettings detector) {
        this(assemblyTimeout, emittedRetention, batchSize, batchMaxWait, detector, CommitPacing.defaults(),
                DEFAULT_MEASURED_SPECTRUM_INTERVAL);
    }

    /** These options with the default detector settings ({@link DetectorSettings#defaults()}). */
    public PipelineOptions(Duration assemblyTimeout, Duration emittedRetention, int batchSize, Duration batchMaxWait) {
        this(assemblyTimeout, emittedRetention, batchSize, batchMaxWait, DetectorSettings.defaults());
    }

    public static final Duration DEFAULT_ASSEMBLY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_EMITTED_RETENTION = Duration.ofHours(1);
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final Duration DEFAULT_BATCH_MAX_WAIT = Duration.ofMillis(10);

    public PipelineOptions {
        if (assemblyTimeout.isNegative() || assemblyTimeout.isZero()) {
            throw new IllegalArgumentException("assembly timeout must be positive, got " + assemblyTimeout);
        }
        if (emittedRetention.isNegative()) {
            throw new IllegalArgumentException("emitted retention must not be negative, got " + emittedRetention);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (batchMaxWait.isNegative() || batchMaxWait.isZero()) {
            throw new IllegalArgumentException("batch max wait must be positive, got " + batchMaxWait);
        }
        if (detector == null) {
            throw new IllegalArgumentException("detector settings are required");
        }
        if (commitPacing == null) {
            throw new IllegalArgumentException("commit pacing is required");
        }
        if (measuredSpectrumInterval == null || measuredSpectrumInterval.isNegative()) {
            throw new IllegalArgumentException("measured spectrum interval must not be negative, got "
                    + measuredSpectrumInterval);
        }
    }

    public static PipelineOptions defaults() {
        return new PipelineOptions(DEFAULT_ASSEMBLY_TIMEOUT, DEFAULT_EMITTED_RETENTION, DEFAULT_BATCH_SIZE,
                DEFAULT_BATCH_MAX_WAIT);
    }

    public PipelineOptions withBatch(int size, Duration maxWait) {
        return new PipelineOptions(assemblyTimeout, emittedRetention, size, maxWait, detector, commitPacing,
                measuredSpectrumInterval);
    }

    public PipelineOptions withAssemblyTimeout(Duration timeout) {
        return new PipelineOptions(timeout, emittedRetention, batchSize, batchMaxWait, detector, commitPacing,
                measuredSpectrumInterval);
    }

    public PipelineOptions withDetector(DetectorSettings settings) {
        return new PipelineOptions(assemblyTimeout, emittedRetention, batchSize, batchMaxWait, settings, commitPacing,
                measuredSpectrumInterval);
    }

    public PipelineOptions withCommitPacing(CommitPacing pacing) {
        return new PipelineOptions(assemblyTimeout, emittedRetention, batchSize, batchMaxWait, detector, pacing,
                measuredSpectrumInterval);
    }

    public PipelineOptions withMeasuredSpectrumInterval(Duration interval) {
        return new PipelineOptions(assemblyTimeout, emittedRetention, batchSize, batchMaxWait, detector, commitPacing,
                interval);
    }
}
