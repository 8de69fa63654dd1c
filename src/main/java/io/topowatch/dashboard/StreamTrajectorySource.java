package io.topowatch.dashboard;

import io.topowatch.stream.Json;
import io.topowatch.stream.TrajectoryPoint;
import io.topowatch.stream.TrajectoryQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Trajectories from the stream's trajectory store ({@link TrajectoryQueries}, interactive queries), in the REST
 * API's shape and order, as the in-memory source answers: per sample, the newest {@code historyPerSample} points
 * by timestamp, oldest first (the page takes the last one as the current value), each serialised exactly as on
 * the trajectories topic. Reads block (RocksDB), so the
 * dashboard calls it on a worker thread; while the stream rebalances or restores the store is not queryable and
 * {@link Unavailable} is thrown.
 */
public final class StreamTrajectorySource implements TrajectorySource {

    private final TrajectoryQueries queries;
    private final int historyPerSample;

    public StreamTrajectorySource(TrajectoryQueries queries, int historyPerSample) {
        this.queries = Objects.requireNonNull(queries, "queries");
        if (historyPerSample < 1) {
            throw new IllegalArgumentException("historyPerSample must be >= 1, got " + historyPerSample);
        }
        this.historyPerSample = historyPerSample;
    }

    @Override
    public JsonArray trajectories(String experiment) {
        List<TrajectoryQueries.SampleTrajectory> samples;
        try {
            samples = queries.experiment(experiment);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the trajectory store is not queryable now: " + e.getMessage(), e);
        }
        JsonArray out = new JsonArray();
        for (TrajectoryQueries.SampleTrajectory t : samples) {
            JsonArray points = new JsonArray();
            for (TrajectoryPoint p : newest(t.points(), historyPerSample)) {
                points.add(new JsonObject(Json.write(p)));
            }
            out.add(new JsonObject().put("experiment", t.experiment()).put("sample", t.sample()).put("points", points));
        }
        return out;
    }

    /** The {@code n} newest points by timestamp, oldest first (ties keep the store's control-variable order). */
    static List<TrajectoryPoint> newest(List<TrajectoryPoint> points, int n) {
        Comparator<TrajectoryPoint> byTime = Comparator.comparing(TrajectoryPoint::timestamp,
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
        List<TrajectoryPoint> sorted = points.stream().sorted(byTime).toList(); // stable
        return sorted.size() <= n ? sorted : sorted.subList(sorted.size() - n, sorted.size());
    }
}
