package io.topowatch.stream;

import io.topowatch.model.Prediction;
import io.topowatch.spectrum.SampleTensor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Assembled samples → the classifier's probabilities, scored in micro-batches: a sample waits in the
 * changelogged store {@value #BATCH_STORE} until {@link PipelineOptions#batchSize()} samples are waiting
 * (then the batch is scored at once), the oldest has waited {@link PipelineOptions#batchMaxWait()}, or, while
 * the stream keeps up, the input is drained for now (a wall-clock punctuator looks every millisecond; then
 * whatever waits is scored). Timing the flush from the oldest sample, not from the last flush, lets batches
 * fill while the stream catches up on a backlog, which is when batching pays; at a trickle a sample waits
 * about one idle poll ({@code poll.ms}, 5 ms), not the whole batchMaxWait.
 *
 * <p><b>Exactly-once.</b> Buffering in memory would lose samples whose input offsets were committed before
 * a crash. Here the buffer is a state store, so buffering a sample, the input offset that brought it, and
 * later the batch's deletion from the store together with its scores, are each part of one Kafka
 * transaction: a crash before a commit rolls back both the store (restored from its changelog) and the
 * output, and the input is processed again, so every sample is scored exactly once. Scores are
 * deterministic (MC-dropout masks are seeded by the sample), so a replayed batch gives the same numbers.
 *
 * <p>After a batch is forwarded the stage may ask for an early commit ({@link CommitPacing}): at once while
 * the stream keeps up, so scores become visible within a few tens of milliseconds, and only at
 * {@code commit.interval.ms} while it works off a backlog.
 *
 * <p>Each batch is scored by one model ({@link LiveScorer}), so a hot swap happens between batches. If the
 * batch call fails, the samples are scored one by one and only the failing ones become dead letters.
 */
final class ScoreStage implements Processor<String, SampleAssembly, String, Outcome<SampleScore>> {

    static final String NAME = "score";
    static final String BATCH_STORE = "score-batch";

    private final LiveScorer scorer;
    private final Clock clock;
    private final PipelineOptions options;
    private final StreamMetrics metrics;
    private ProcessorContext<String, Outcome<SampleScore>> context;
    private KeyValueStore<String, SampleAssembly> batch;
    private long nextSeq;
    private int waiting;
    /** Wall-clock time the oldest waiting sample was buffered (not stored: after a restart, the restart). */
    private long oldestBufferedAtMs;
    /**
     * When any scoring task last asked for a commit: under exactly-once v2 a commit covers every task of the stream
     * thread, so the pacing interval is shared, not per task (per task, three tasks asked three times as often).
     */
    private final AtomicLong lastCommitRequestMs;
    /** A batch was scored while the stream keeps up and its commit has not been asked for yet. */
    private boolean commitWanted;
    /**
     * The last batch showed the stream behind (commit pacing's measure). Batches then wait to fill for up to the
     * pacing's behind-after lag rather than {@code batchMaxWait}: its samples are late already and lose little
     * by waiting, while a full batch costs the model far less per sample (at 5,000 scans/s offered the
     * time-outs had cut the batches to 20 samples on average).
     */
    private boolean behind;
    /**
     * A sample was buffered since the punctuator last looked. While the stream keeps up, a look that finds none
     * means the input is drained for now: the batch is scored then rather than after {@code batchMaxWait}, since
     * waiting would only add latency. Under load samples keep arriving between looks and batches still fill.
     */
    private boolean arrivedSinceLastLook;

    ScoreStage(LiveScorer scorer, Clock clock, PipelineOptions options, StreamMetrics metrics,
            AtomicLong lastCommitRequestMs) {
        this.lastCommitRequestMs = lastCommitRequestMs;
        this.scorer = scorer;
        this.clock = clock;
        this.options = options;
        this.metrics = metrics;
    }

    static ProcessorSupplier<String, SampleAssembly, String, Outcome<SampleScore>> supplier(
            LiveScorer scorer, Clock clock, PipelineOptions options, StreamMetrics metrics) {
        AtomicLong lastCommitRequestMs = new AtomicLong(Long.MIN_VALUE);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, SampleAssembly, String, Outcome<SampleScore>> get() {
                return new ScoreStage(scorer, clock, options, metrics, lastCommitRequestMs);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BATCH_STORE),
                        Serdes.String(), new SampleAssemblySerde()).withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Outcome<SampleScore>> context) {
        this.context = context;
        this.batch = context.getStateStore(BATCH_STORE);
        // After a restart the store holds the batch that was waiting at the last commit.
        try (KeyValueIterator<String, SampleAssembly> it = batch.all()) {
            while (it.hasNext()) {
                nextSeq = Long.parseLong(it.next().key) + 1;
                waiting++;
            }
        }
        oldestBufferedAtMs = context.currentSystemTimeMs();
        long maxWaitMs = options.batchMaxWait().toMillis();
        long behindMaxWaitMs = Math.max(maxWaitMs, options.commitPacing().behindAfter().toMillis());
        // Every millisecond: Kafka Streams runs wall-clock punctuators between chunks of processing, so this also
        // sees whether the records at hand brought a sample since the last look.
        context.schedule(java.time.Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            boolean drained = !arrivedSinceLastLook;
            arrivedSinceLastLook = false;
            long wait = behind ? behindMaxWaitMs : maxWaitMs;
            if (now - oldestBufferedAtMs >= wait || (drained && !behind)) {
                flush();
            }
            commitIfDue(clock.millis());
        });
    }

    @Override
    public void process(Record<String, SampleAssembly> record) {
        if (options.batchSize() == 1 && waiting == 0) {
            score(List.of(KeyValue.pair(record.key(), record.value())));
            return;
        }
        if (waiting == 0) {
            oldestBufferedAtMs = context.currentSystemTimeMs();
        }
        batch.put(slot(nextSeq++), record.value());
        arrivedSinceLastLook = true;
        if (++waiting >= options.batchSize()) {
            flush();
        }
    }

    /** The store key of the n-th waiting sample: 19 digits, so that key order is arrival order. */
    static String slot(long n) {
        return StoreKeys.zeroPadded(Long.toString(n), 19);
    }

    /** Scores and forwards every waiting sample, in arrival order, and empties the store. */
    private void flush() {
        if (waiting == 0) {
            return;
        }
        List<KeyValue<String, SampleAssembly>> samples = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        try (KeyValueIterator<String, SampleAssembly> it = batch.all()) {
            while (it.hasNext()) {
                KeyValue<String, SampleAssembly> kv = it.next();
                slots.add(kv.key);
                samples.add(KeyValue.pair(kv.value.key(), kv.value));
            }
        }
        slots.forEach(batch::delete);
        waiting = 0;
        nextSeq = 0;
        score(samples);
    }

    private void score(List<KeyValue<String, SampleAssembly>> samples) {
        metrics.batch(samples.size());
        List<Outcome<SampleScore>> outcomes;
        try {
            List<Prediction> predictions = scorer.scoreAll(samples.stream().map(kv -> kv.value.tensor()).toList());
            outcomes = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                outcomes.add(Outcome.ok(scoreOf(samples.get(i).value, predictions.get(i))));
            }
        } catch (RuntimeException batchFailure) {
            outcomes = samples.stream().map(kv -> one(kv.key, kv.value)).toList();
        }
        long now = clock.millis();
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < samples.size(); i++) {
            SampleAssembly assembly = samples.get(i).value;
            if (outcomes.get(i).isOk()) {
                metrics.latency(now - assembly.recordTimestamp());
            }
            newest = Math.max(newest, assembly.recordTimestamp());
            context.forward(new Record<>(samples.get(i).key, outcomes.get(i), assembly.recordTimestamp()));
        }
        boolean keepingUp = options.commitPacing().keepingUp(newest, now);
        behind = !keepingUp;
        commitWanted |= keepingUp;
        commitIfDue(now);
    }

    /** Asks for the early commit a scored batch wants, once the pacing interval since the last one is up. */
    private void commitIfDue(long now) {
        if (commitWanted && options.commitPacing().due(now, lastCommitRequestMs.get())) {
            lastCommitRequestMs.set(now);
            commitWanted = false;
            context.commit();
        }
    }

    private Outcome<SampleScore> one(String key, SampleAssembly assembly) {
        try {
            SampleTensor tensor = assembly.tensor();
            return Outcome.ok(scoreOf(assembly, scorer.scoreAll(List.of(tensor)).get(0)));
        } catch (RuntimeException e) {
            return Outcome.failed(DeadLetters.of(NAME, e, key, assembly));
        }
    }

    private SampleScore scoreOf(SampleAssembly a, Prediction p) {
        return new SampleScore(a.experiment(), a.sample(), a.setpoint(), a.control(), a.spaceGroup(), a.elements(),
                a.scanIds(), p.probability(), p.uncertainty(), p.modelVersion(), clock.instant(), !a.isComplete(),
                a.missingElements());
    }
}
