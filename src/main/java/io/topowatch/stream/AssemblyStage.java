package io.topowatch.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * Gathers a sample's element scans at one setpoint into a {@link SampleAssembly} and sends it on to
 * scoring once every expected element is in, or, incomplete and flagged partial, once
 * {@link PipelineOptions#assemblyTimeout()} has passed since its first scan (a wall-clock punctuator, so a
 * beamline that stops still gets its last samples scored). Output key: {@code <experiment>/<sample>/<setpoint>}.
 *
 * <p>No repartition: the raw topic is keyed {@code <experiment>/<sample>}, so all scans of a sample meet in
 * one task. Two changelogged stores: {@value #OPEN_STORE} (assemblies waiting for elements) and
 * {@value #EMITTED_STORE} (setpoints already sent on, kept {@link PipelineOptions#emittedRetention()}).
 * Under exactly-once the store updates, the forwarded assembly and the input offsets commit together.
 *
 * <p><b>Duplicates and late scans</b>, decided so that a replay gives the same output:
 * <ul>
 *   <li>same {@code scanId} as a scan already held, or already scored: a <b>duplicate</b> (a redelivery),
 *       dropped and counted ({@code topowatch.stream.assembly{event="duplicate"}});</li>
 *   <li>a second scan of an element for an <b>open</b> setpoint: the one measured later (scan time, ties by
 *       scanId) is kept, whatever the arrival order (events "replaced" / "superseded");</li>
 *   <li>a new scan for a setpoint <b>already scored</b> (complete, or partial after the timeout): a dead
 *       letter with stage "assemble", field "setpoint" and a reason starting "late"; it is not re-scored,
 *       so each setpoint has exactly one score. After the retention a late scan opens a new assembly.</li>
 * </ul>
 */
final class AssemblyStage implements Processor<String, NormalizedScan, String, Outcome<SampleAssembly>> {

    static final String NAME = "assemble";
    static final String LATE = "late";
    static final String OPEN_STORE = "sample-assembly";
    static final String EMITTED_STORE = "sample-emitted";

    private final PipelineOptions options;
    private final StreamMetrics metrics;
    private ProcessorContext<String, Outcome<SampleAssembly>> context;
    private KeyValueStore<String, SampleAssembly> open;
    private KeyValueStore<String, EmittedSetpoint> emitted;

    AssemblyStage(PipelineOptions options, StreamMetrics metrics) {
        this.options = options;
        this.metrics = metrics;
    }

    static ProcessorSupplier<String, NormalizedScan, String, Outcome<SampleAssembly>> supplier(
            PipelineOptions options, StreamMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, NormalizedScan, String, Outcome<SampleAssembly>> get() {
                return new AssemblyStage(options, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STORE), Serdes.String(),
                                new SampleAssemblySerde()).withCachingDisabled(),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED_STORE), Serdes.String(),
                                Json.serde(EmittedSetpoint.class)).withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Outcome<SampleAssembly>> context) {
        this.context = context;
        this.open = context.getStateStore(OPEN_STORE);
        this.emitted = context.getStateStore(EMITTED_STORE);
        Duration tick = options.assemblyTimeout().compareTo(Duration.ofSeconds(1)) < 0
                ? options.assemblyTimeout() : Duration.ofSeconds(1);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::emitTimedOut);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::forgetExpired);
    }

    @Override
    public void process(Record<String, NormalizedScan> record) {
        NormalizedScan scan = record.value();
        String key = SampleAssembly.key(scan);
        EmittedSetpoint done = emitted.get(key);
        if (done != null) {
            if (done.scanIds().contains(scan.scanId())) {
                metrics.assembly("duplicate");
            } else {
                metrics.assembly(LATE);
                IllegalArgumentException late = new IllegalArgumentException(LATE + ": setpoint " + scan.setpoint()
                        + " of " + scan.experiment() + "/" + scan.sample() + " was already scored"
                        + (done.partial() ? " (partial, after the assembly timeout)" : "") + " from scans "
                        + done.scanIds() + "; scan " + scan.scanId() + " (" + scan.element() + ") is not used");
                // the record metadata is the raw scan's: one sub-topology, so the dead letter names its offset
                DeadLetter l = DeadLetters.of(NAME, late, context.recordMetadata().orElse(null), key,
                        Json.write(scan).getBytes(StandardCharsets.UTF_8));
                DeadLetter letter = new DeadLetter(l.stage(), "setpoint", l.reason(), l.sourceTopic(), l.partition(),
                        l.offset(), l.key(), l.originalValue(), l.encoding(), l.rejectedAt());
                context.forward(new Record<>(key, Outcome.failed(letter), record.timestamp()));
                return;
            }
            return;
        }
        SampleAssembly held = open.get(key);
        SampleAssembly next;
        if (held == null) {
            next = SampleAssembly.open(scan, context.currentSystemTimeMs(), record.timestamp());
        } else {
            SampleAssembly.Step step = held.add(scan, record.timestamp());
            switch (step.change()) {
                case DUPLICATE -> metrics.assembly("duplicate");
                case SUPERSEDED -> metrics.assembly("superseded");
                case REPLACED -> metrics.assembly("replaced");
                case ADDED -> { }
            }
            if (step.change() == SampleAssembly.Change.DUPLICATE || step.change() == SampleAssembly.Change.SUPERSEDED) {
                return;
            }
            next = step.assembly();
        }
        if (next.isComplete()) {
            emit(key, next, false);
        } else {
            open.put(key, next);
        }
    }

    private void emit(String key, SampleAssembly assembly, boolean partial) {
        open.delete(key);
        emitted.put(key, new EmittedSetpoint(assembly.scanIds(), partial, context.currentSystemTimeMs()));
        metrics.passed(NAME);
        context.forward(new Record<>(key, Outcome.ok(assembly), assembly.recordTimestamp()));
    }

    /** Sends on, as partial samples, the assemblies whose timeout has passed; in key order. */
    private void emitTimedOut(long now) {
        List<KeyValue<String, SampleAssembly>> due = new ArrayList<>();
        try (KeyValueIterator<String, SampleAssembly> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, SampleAssembly> kv = it.next();
                if (now - kv.value.openedAtMs() >= options.assemblyTimeout().toMillis()) {
                    due.add(kv);
                }
            }
        }
        for (KeyValue<String, SampleAssembly> kv : due) {
            metrics.assembly("partial");
            emit(kv.key, kv.value, true);
        }
    }

    private void forgetExpired(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, EmittedSetpoint> it = emitted.all()) {
            while (it.hasNext()) {
                KeyValue<String, EmittedSetpoint> kv = it.next();
                if (now - kv.value.emittedAtMs() >= options.emittedRetention().toMillis()) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(emitted::delete);
    }
}
