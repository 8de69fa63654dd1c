package io.topowatch.stream;

import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.bluesky.BlueskyCodec;
import io.topowatch.ingest.bluesky.BlueskyDocument;
import io.topowatch.ingest.bluesky.RunAssembler;
import io.topowatch.ingest.bluesky.RunState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bluesky beamlines as a source of raw scans: every topic named {@code <beamline>.bluesky.runengine.documents}
 * (bluesky-kafka's naming) is read, each message one msgpack or JSON {@code [name, document]} pair, and each
 * successfully stopped run is written to {@link Topics#RAW_SCANS} as a scan record keyed
 * {@code <experiment>/<sample>}, where the scan pipeline picks it up like any other. Undecodable documents,
 * rejected starts, aborted or failed runs and runs whose record does not validate go to
 * {@link Topics#DEAD_LETTERS} (stage {@value #STAGE}) with the original message.
 *
 * <p>Runs in progress live in two persistent stores: {@value #RUN_STORE} (run start uid → {@link RunState}) and
 * {@value #DESCRIPTOR_STORE} (descriptor uid → run start uid), since events name only their descriptor and
 * bluesky-kafka's message key may be empty. All documents of a run must therefore reach the same partition:
 * give the documents topic one partition (as bluesky-kafka deployments and {@code simulate --bluesky} do) or key
 * the messages by run start uid. A run still open {@link #MAX_RUN_AGE} after its start (no stop document ever
 * came) is dropped to the dead letters, so abandoned runs do not stay in the stores.
 */
public final class BlueskyTopology {

    /** bluesky-kafka's topic naming: {@code <beamline>.bluesky.runengine.documents}. */
    public static final Pattern TOPICS = Pattern.compile(".*\\.bluesky\\.runengine\\.documents");
    public static final String RUN_STORE = "bluesky-runs";
    public static final String DESCRIPTOR_STORE = "bluesky-descriptors";
    public static final String STAGE = "bluesky";
    /** A run still open this long after its start document is dropped to the dead letters. */
    public static final Duration MAX_RUN_AGE = Duration.ofHours(24);
    /** How often (wall clock) open runs are checked against {@link #MAX_RUN_AGE}. */
    static final Duration EXPIRY_CHECK = Duration.ofMinutes(10);

    private BlueskyTopology() {}

    /** Adds the Bluesky sub-topology to a builder (the scan pipeline's, or a test's). */
    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUN_STORE),
                Serdes.String(), Json.serde(RunState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DESCRIPTOR_STORE),
                Serdes.String(), Serdes.String()));

        KStream<String, byte[]> documents = builder.stream(TOPICS,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("bluesky-documents"));
        Map<String, KStream<String, Outcome<ScanRecord>>> outcomes = documents
                .process(AssembleRuns::new, Named.as("bluesky-assemble"), RUN_STORE, DESCRIPTOR_STORE)
                .split(Named.as("bluesky-"))
                .branch((key, outcome) -> outcome.isOk(), Branched.as("scan"))
                .defaultBranch(Branched.as("rejected"));
        outcomes.get("bluesky-scan")
                .mapValues(outcome -> Json.write(outcome.value()).getBytes(StandardCharsets.UTF_8),
                        Named.as("bluesky-scan-json"))
                .to(Topics.RAW_SCANS.name(), Topics.RAW_SCANS.produced().withName("bluesky-raw-scans"));
        outcomes.get("bluesky-rejected")
                .mapValues(Outcome::deadLetter, Named.as("bluesky-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.produced().withName("bluesky-dead-letters"));
    }

    /**
     * Decodes each document and hands it to a {@link RunAssembler} over the state stores; forwards a completed
     * run's scan (keyed by sample) or a rejection (with the message's own key and bytes), nothing otherwise.
     */
    static final class AssembleRuns implements Processor<String, byte[], String, Outcome<ScanRecord>> {

        private static final Logger LOG = LoggerFactory.getLogger(AssembleRuns.class);

        private ProcessorContext<String, Outcome<ScanRecord>> context;
        private RunAssembler assembler;
        private KeyValueStore<String, RunState> runs;

        @Override
        public void init(ProcessorContext<String, Outcome<ScanRecord>> context) {
            this.context = context;
            this.runs = context.getStateStore(RUN_STORE);
            KeyValueStore<String, String> descriptors = context.getStateStore(DESCRIPTOR_STORE);
            this.assembler = new RunAssembler(RunAssembler.Store.of(runs::get, runs::put, runs::delete,
                    descriptors::get, descriptors::put, descriptors::delete));
            context.schedule(EXPIRY_CHECK, PunctuationType.WALL_CLOCK_TIME, this::dropAbandonedRuns);
        }

        /** Runs whose start came more than {@link #MAX_RUN_AGE} ago and that never stopped become dead letters. */
        private void dropAbandonedRuns(long now) {
            List<RunState> old = new ArrayList<>();
            try (KeyValueIterator<String, RunState> it = runs.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null && kv.value.openedAt() > 0
                            && now - kv.value.openedAt() > MAX_RUN_AGE.toMillis()) {
                        old.add(kv.value);
                    }
                });
            }
            for (RunState run : old) {
                RunAssembler.Step.Rejected r = assembler.abandon(run, "within " + MAX_RUN_AGE.toHours() + " h");
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("runStart", run.startUid());
                summary.put("metadata", run.metadata());
                summary.put("rejectedAtStart", run.rejected());
                summary.put("events", run.chunks().size());
                context.forward(new Record<>(run.startUid(), Outcome.failed(
                        DeadLetters.of(STAGE, r.error(), run.startUid(), summary)), now));
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            RunAssembler.Step step;
            try {
                step = assembler.accept(BlueskyCodec.decode(record.value()), record.key(), record.timestamp());
            } catch (RuntimeException e) {
                reject(record, e);
                return;
            }
            if (step instanceof RunAssembler.Step.Completed done) {
                ScanRecord scan = done.scan();
                LOG.debug("run {} complete: scan {}", done.startUid(), scan.scanId());
                context.forward(record.withKey(Topics.sampleKey(scan.experiment(), scan.sample()))
                        .withValue(Outcome.ok(scan)));
            } else if (step instanceof RunAssembler.Step.Rejected rejected) {
                reject(record, rejected.error());
            } else if (step instanceof RunAssembler.Step.Ignored ignored) {
                LOG.debug("document ignored: {}", ignored.why());
            }
        }

        private void reject(Record<String, byte[]> record, RuntimeException error) {
            context.forward(record.withValue(Outcome.failed(DeadLetters.of(STAGE, error,
                    context.recordMetadata().orElse(null), record.key(), record.value()))));
        }
    }

    /** The Kafka topic of a beamline's documents, as bluesky-kafka names it. */
    public static String topic(String beamline) {
        return BlueskyDocument.topic(beamline);
    }
}
