package io.topowatch.stream;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps every trajectory point in the queryable store {@value #STORE} and passes it on unchanged.
 *
 * <p>Store key {@code <experiment>/<sample>/<control>/<setpoint>}, where {@code <control>} is the point's
 * control value as 16 hex digits that sort like the number ({@link #sortable}), so a prefix scan of
 * {@code <experiment>/} yields each sample's points ordered by control variable, samples by name. The
 * control variable is the point's only one, or the first by name when it has several (none: the setpoint).
 * A point scored again (the same setpoint) replaces the earlier one.
 */
final class TrajectoryRecorder implements FixedKeyProcessor<String, TrajectoryPoint, TrajectoryPoint> {

    static final String NAME = "trajectory";
    public static final String STORE = "trajectories";

    private FixedKeyProcessorContext<String, TrajectoryPoint> context;
    private KeyValueStore<String, TrajectoryPoint> store;

    static FixedKeyProcessorSupplier<String, TrajectoryPoint, TrajectoryPoint> supplier() {
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, TrajectoryPoint, TrajectoryPoint> get() {
                return new TrajectoryRecorder();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Json.serde(TrajectoryPoint.class)));
            }
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, TrajectoryPoint> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, TrajectoryPoint> record) {
        store.put(storeKey(record.value()), record.value());
        context.forward(record);
    }

    static String storeKey(TrajectoryPoint p) {
        return p.experiment() + "/" + p.sample() + "/" + sortable(controlValue(p)) + "/"
                + StoreKeys.zeroPadded(Integer.toString(p.setpoint()), 10);
    }

    /** The value the trajectory is ordered by. */
    static double controlValue(TrajectoryPoint p) {
        Map<String, Double> control = p.control() == null ? Map.of() : new TreeMap<>(p.control());
        return control.isEmpty() ? p.setpoint() : control.values().iterator().next();
    }

    /** A double as 16 hex digits whose string order is the numbers' order (negative values included). */
    static String sortable(double value) {
        long bits = Double.doubleToLongBits(value);
        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        return StoreKeys.zeroPadded(Long.toHexString(bits), 16);
    }
}
