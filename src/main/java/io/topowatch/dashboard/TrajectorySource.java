package io.topowatch.dashboard;

import io.vertx.core.json.JsonArray;

/**
 * Where {@code GET /api/experiments/{exp}/trajectories} (and {@code /api/trajectories}) answer from. The default is
 * the dashboard's own memory, fed by the trajectories topic; when the stream runs in the same process,
 * {@link StreamTrajectorySource} answers from its state store (Kafka Streams interactive queries).
 */
public interface TrajectorySource {

    /**
     * One experiment's trajectories as the REST API returns them: {@code [{experiment, sample, points:[point…]}]},
     * each point the trajectory topic's JSON value; empty when the experiment has none.
     *
     * @throws Unavailable when the source cannot answer now (a Kafka Streams rebalance or restore); the API
     *                     answers 503 {@code {"error":"unavailable"}} and the caller retries
     */
    JsonArray trajectories(String experiment);

    /** Whether {@link #trajectories} may block: the dashboard then calls it on a worker thread, never its event loop. */
    default boolean blocking() {
        return true;
    }

    /** The source cannot answer right now; asking again later may work. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
