package io.topowatch.stream;

import io.topowatch.alert.DetectorSettings;
import io.topowatch.alert.Observation;
import io.topowatch.alert.Suggestion;
import io.topowatch.alert.TransitionAlert;
import io.topowatch.alert.TransitionDetector;
import io.topowatch.alert.TransitionState;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transition detection on the trajectory points: per {@code <experiment>/<sample>} key a
 * {@link TransitionDetector} whose whole state lives in the persistent store {@value #STORE} (changelogged, so a
 * restarted or moved task carries on where it stopped); alerts go to {@code topowatch.alerts} and steering
 * suggestions to {@code topowatch.suggestions}, both keyed like the input.
 *
 * <p>Wiring, after the trajectory-point stream: {@code TransitionStage.addTo(trajectoryPoints);}
 *
 * <p>No repartition: the points are keyed {@code <experiment>/<sample>}, the key the raw scans already carry,
 * so every setpoint of a sample reaches the same task, in order, without another Kafka hop (and, under
 * exactly-once, another commit to wait for).
 *
 * <p>A point the detector cannot use (no control values, a probability outside [0, 1]) is logged and skipped;
 * the trajectory itself was already validated upstream. A point marked {@code "partial": true} (scored with
 * elements missing) is skipped too: the detector waits for the setpoint's complete score.
 */
public final class TransitionStage {

    public static final String NAME = "transition";
    public static final String STORE = "transition-detector";

    private static final Logger LOG = LoggerFactory.getLogger(TransitionStage.class);

    /** One output of the processor: an alert or a suggestion. */
    public record Emission(TransitionAlert alert, Suggestion suggestion) {}

    private TransitionStage() {}

    /** Adds detection with {@link DetectorSettings#defaults()}. */
    public static void addTo(KStream<String, TrajectoryPoint> trajectories) {
        addTo(trajectories, DetectorSettings.defaults());
    }

    public static void addTo(KStream<String, TrajectoryPoint> trajectories, DetectorSettings settings) {
        KStream<String, Emission> emitted = trajectories.processValues(supplier(settings), Named.as(NAME));
        emitted.filter((key, e) -> e.alert() != null, Named.as(NAME + "-alerts"))
                .mapValues(Emission::alert, Named.as(NAME + "-alert"))
                .to(Topics.ALERTS.name(), Topics.ALERTS.produced().withName(NAME + "-alerts-out"));
        emitted.filter((key, e) -> e.suggestion() != null, Named.as(NAME + "-suggestions"))
                .mapValues(Emission::suggestion, Named.as(NAME + "-suggestion"))
                .to(Topics.SUGGESTIONS.name(), Topics.SUGGESTIONS.produced().withName(NAME + "-suggestions-out"));
    }

    /** The detector state store: persistent, logged, values as msgpack ({@link TransitionStateSerde}). */
    public static StoreBuilder<KeyValueStore<String, TransitionState>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                new TransitionStateSerde());
    }

    /** The processor with its store attached (the DSL adds the store to the topology). */
    static FixedKeyProcessorSupplier<String, TrajectoryPoint, Emission> supplier(DetectorSettings settings) {
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, TrajectoryPoint, Emission> get() {
                return new Detect(new TransitionDetector(settings));
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(storeBuilder());
            }
        };
    }

    /** The detector's view of a trajectory point. */
    public static Observation observation(TrajectoryPoint p) {
        return new Observation(p.setpoint(), p.control(), p.probability(), p.uncertainty(), p.modelVersion(),
                p.scanIds() == null ? List.of() : p.scanIds(), p.timestamp());
    }

    private static final class Detect implements FixedKeyProcessor<String, TrajectoryPoint, Emission> {

        private final TransitionDetector detector;
        private FixedKeyProcessorContext<String, Emission> context;
        private KeyValueStore<String, TransitionState> store;

        Detect(TransitionDetector detector) {
            this.detector = detector;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Emission> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, TrajectoryPoint> record) {
            TrajectoryPoint point = record.value();
            if (point == null) {
                return;
            }
            String key = Topics.sampleKey(point.experiment(), point.sample());
            if (point.partial()) {
                return;
            }
            TransitionDetector.Update update;
            try {
                TransitionState state = store.get(key);
                update = detector.update(state != null ? state : TransitionState.empty(point.experiment(),
                        point.sample()), observation(point));
            } catch (IllegalArgumentException e) {
                LOG.warn("trajectory point {} setpoint {} skipped by transition detection: {}", key, point.setpoint(),
                        e.getMessage());
                return;
            }
            store.put(key, update.state());
            if (update.alert() != null) {
                context.forward(record.withValue(new Emission(update.alert(), null)));
            }
            if (update.suggestion() != null) {
                context.forward(record.withValue(new Emission(null, update.suggestion())));
            }
        }
    }
}
