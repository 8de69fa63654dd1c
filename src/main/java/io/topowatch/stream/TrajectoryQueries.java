package io.topowatch.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the trajectory store (interactive queries) for the dashboard's REST API: each experiment's
 * samples with their points ordered by control variable.
 *
 * <p>Answers from this instance's own partitions: with one stream instance (TopoWatch's deployment) that is
 * everything. While the stream rebalances or restores, the store is not queryable and the methods throw
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException}; callers answer 503 and retry.
 */
public final class TrajectoryQueries {

    /** One sample's trajectory. */
    public record SampleTrajectory(String experiment, String sample, List<TrajectoryPoint> points) {}

    private final Supplier<ReadOnlyKeyValueStore<String, TrajectoryPoint>> store;

    /** Queries a running stream's store. */
    public TrajectoryQueries(KafkaStreams streams) {
        this(() -> streams.store(StoreQueryParameters.fromNameAndType(TrajectoryRecorder.STORE,
                QueryableStoreTypes.keyValueStore())));
    }

    /** Queries the store the supplier gives (tests: {@code TopologyTestDriver.getKeyValueStore}). */
    public TrajectoryQueries(Supplier<ReadOnlyKeyValueStore<String, TrajectoryPoint>> store) {
        this.store = store;
    }

    public static String storeName() {
        return TrajectoryRecorder.STORE;
    }

    /** The experiments with at least one point, by name. */
    public List<String> experiments() {
        TreeSet<String> names = new TreeSet<>();
        try (KeyValueIterator<String, TrajectoryPoint> it = store.get().all()) {
            while (it.hasNext()) {
                names.add(it.next().value.experiment());
            }
        }
        return List.copyOf(names);
    }

    /** An experiment's trajectories: samples by name, each sample's points by control value. */
    public List<SampleTrajectory> experiment(String experiment) {
        Map<String, List<TrajectoryPoint>> bySample = new LinkedHashMap<>();
        try (KeyValueIterator<String, TrajectoryPoint> it =
                     store.get().prefixScan(experiment + "/", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, TrajectoryPoint> kv = it.next();
                if (experiment.equals(kv.value.experiment())) {
                    bySample.computeIfAbsent(kv.value.sample(), s -> new ArrayList<>()).add(kv.value);
                }
            }
        }
        List<SampleTrajectory> out = new ArrayList<>();
        bySample.forEach((sample, points) -> out.add(new SampleTrajectory(experiment, sample, List.copyOf(points))));
        return out;
    }

    /** One sample's points by control value; empty when it has none. */
    public List<TrajectoryPoint> sample(String experiment, String sample) {
        return experiment(experiment).stream().filter(t -> t.sample().equals(sample)).findFirst()
                .map(SampleTrajectory::points).orElse(List.of());
    }
}
