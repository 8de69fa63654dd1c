package io.topowatch.dashboard;

import io.topowatch.stream.Json;
import io.topowatch.stream.TrajectoryPoint;
import io.topowatch.stream.TrajectoryQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Trajectories from the stream's trajectory store ({@link TrajectoryQueries}, interactive queries), in the REST
 * API's shape: per sample, its points ordered by control variable, at most {@code historyPerSample} of them (the
 * newest by timestamp), each serialised exactly as on the trajectories topic. Reads block (RocksDB), so the
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

    /** The {@code n} newest points by timestamp, in their given (control-variable) order. */
    static List<TrajectoryPoint> newest(List<TrajectoryPoint> points, int n) {
        if (points.size() <= n) {
            return points;
        }
        Comparator<TrajectoryPoint> byTime = Comparator.comparing(TrajectoryPoint::timestamp,
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
        Set<TrajectoryPoint> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        points.stream().sorted(byTime.reversed()).limit(n).forEach(keep::add);
        return points.stream().filter(keep::contains).toList();
    }
}
