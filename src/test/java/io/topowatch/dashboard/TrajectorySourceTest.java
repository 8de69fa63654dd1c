package io.topowatch.dashboard;

import static io.topowatch.dashboard.DashboardClient.HOST;
import static io.topowatch.dashboard.DashboardClient.feed;
import static io.topowatch.dashboard.DashboardClient.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.SubscriptionJournal;
import io.topowatch.stream.TrajectoryPoint;
import io.topowatch.stream.TrajectoryQueries;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The trajectory routes answer from a pluggable source: the stream's store when it runs in the same process. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TrajectorySourceTest {

    private static final String TOKEN = "trajectory-source-token";

    /** What the fake source does next: answer with this array, or throw this exception. */
    private final AtomicReference<Object> next = new AtomicReference<>();
    private final AtomicReference<String> readOn = new AtomicReference<>();
    private DashboardClient client;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        TrajectorySource fake = experiment -> {
            readOn.set(Thread.currentThread().getName());
            Object n = next.get();
            if (n instanceof RuntimeException e) {
                throw e;
            }
            return ((JsonArray) n).copy();
        };
        DashboardVerticle verticle = new DashboardVerticle(new DashboardConfig(HOST, 0, TOKEN, 100),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SubscriptionJournal.none(), fake);
        vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
            client = new DashboardClient(vertx, verticle.actualPort());
            ctx.completeNow();
        }));
    }

    @Test
    void theRouteAnswersFromTheSourceOnAWorkerThreadNotFromTheFeed(Vertx vertx, VertxTestContext ctx) {
        feed(vertx, FeedTopics.TRAJECTORIES, "exp-a/S1", point("exp-a", "S1", 1)); // not what the route answers
        JsonArray fromStore = new JsonArray().add(new JsonObject().put("experiment", "exp-a").put("sample", "S9")
                .put("points", new JsonArray().add(new JsonObject(point("exp-a", "S9", 3)))));
        next.set(fromStore);
        client.get("/api/experiments/exp-a/trajectories", TOKEN).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.array()).isEqualTo(fromStore);
            assertThat(readOn.get()).contains("worker").doesNotContain("eventloop");
            ctx.completeNow();
        })));
    }

    @Test
    void anUnavailableStoreIsA503UntilItIsBack(VertxTestContext ctx) {
        next.set(new TrajectorySource.Unavailable("rebalancing", null));
        client.get("/api/experiments/exp-a/trajectories", TOKEN)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.status()).isEqualTo(503);
                        assertThat(r.json().getString("error")).isEqualTo("unavailable");
                        assertThat(r.headers().get("Retry-After")).isEqualTo("1");
                    });
                    // a source that lets Kafka's own exception through is answered the same way
                    next.set(new InvalidStateStoreException("the state store may have migrated"));
                    return client.get("/api/experiments/exp-a/trajectories", TOKEN);
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(503));
                    next.set(new JsonArray());
                    return client.get("/api/experiments/exp-a/trajectories", TOKEN);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.array()).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void otherFailuresAreA500AndScopesStillApply(VertxTestContext ctx) {
        next.set(new IllegalStateException("boom"));
        client.get("/api/experiments/exp-a/trajectories", TOKEN)
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.status()).isEqualTo(500));
                    return client.get("/api/experiments/exp-a/trajectories", "wrong-token");
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.status()).isEqualTo(401);
                    ctx.completeNow();
                })));
    }

    // ---- StreamTrajectorySource over a store --------------------------------------------------------------

    @Test
    void theStreamSourceGivesTheRestShapeWithTopicJsonOrderedByControlAndCapped() {
        TreeMap<String, TrajectoryPoint> store = new TreeMap<>();
        // keys sort by control value as the recorder's do; the field was swept down, so setpoint 3 is the oldest
        for (int setpoint = 0; setpoint < 4; setpoint++) {
            store.put("exp-a/GeTe-1/" + setpoint, storePoint("exp-a", "GeTe-1", setpoint, 3 - setpoint));
        }
        store.put("exp-a/MgO-1/0", storePoint("exp-a", "MgO-1", 0, 0));
        store.put("exp-ab/X/0", storePoint("exp-ab", "X", 0, 0));
        StreamTrajectorySource source = new StreamTrajectorySource(new TrajectoryQueries(() -> new MapStore(store)), 3);

        JsonArray out = source.trajectories("exp-a");
        assertThat(out).hasSize(2);
        JsonObject geTe = out.getJsonObject(0);
        assertThat(geTe.fieldNames()).containsExactly("experiment", "sample", "points");
        assertThat(geTe.getString("experiment")).isEqualTo("exp-a");
        assertThat(geTe.getString("sample")).isEqualTo("GeTe-1");
        JsonArray points = geTe.getJsonArray("points");
        assertThat(points.stream().map(p -> ((JsonObject) p).getInteger("setpoint")).toList())
                .containsExactly(2, 1, 0); // the newest 3, oldest first, as the in-memory source answers
        JsonObject p = points.getJsonObject(2);
        assertThat(p.getString("type")).isEqualTo("trajectory");
        assertThat(p.getJsonObject("control").getDouble("field_T")).isEqualTo(0.0);
        assertThat(p.getString("timestamp")).isEqualTo("2026-11-21T10:00:03Z"); // ISO text, as on the topic
        assertThat(p.getDouble("probability")).isEqualTo(0.25);
        assertThat(out.getJsonObject(1).getString("sample")).isEqualTo("MgO-1");
        assertThat(source.trajectories("exp-none")).isEmpty();
    }

    @Test
    void aStoreThatIsNotQueryableIsUnavailable() {
        StreamTrajectorySource source = new StreamTrajectorySource(new TrajectoryQueries(() -> {
            throw new InvalidStateStoreException("rebalancing");
        }), 10);
        assertThatThrownBy(() -> source.trajectories("exp-a")).isInstanceOf(TrajectorySource.Unavailable.class)
                .hasMessageContaining("rebalancing");
        assertThat(source.blocking()).isTrue();
    }

    private static TrajectoryPoint storePoint(String experiment, String sample, int setpoint, int second) {
        return new TrajectoryPoint("trajectory", experiment, sample, setpoint,
                new TreeMap<>(Map.of("field_T", setpoint * 0.5)), 0.25, 0.05, "topownet-test", List.of("Ge", "Te"),
                Instant.parse("2026-11-21T10:00:00Z").plusSeconds(second), false, List.of(), List.of("scan-" + setpoint));
    }

    /** A read-only store over a sorted map, enough for {@link TrajectoryQueries}. */
    private record MapStore(TreeMap<String, TrajectoryPoint> map) implements ReadOnlyKeyValueStore<String, TrajectoryPoint> {

        @Override
        public TrajectoryPoint get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, TrajectoryPoint> range(String from, String to) {
            return iterator(map.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, TrajectoryPoint> all() {
            return iterator(map);
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<String, TrajectoryPoint> prefixScan(P prefix,
                                                                                               PS serializer) {
            String p = (String) prefix;
            return iterator(map.subMap(p, true, p + Character.MAX_VALUE, false));
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static KeyValueIterator<String, TrajectoryPoint> iterator(Map<String, TrajectoryPoint> m) {
            Iterator<Map.Entry<String, TrajectoryPoint>> it = m.entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, TrajectoryPoint> next() {
                    Map.Entry<String, TrajectoryPoint> e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public void close() {
                    // nothing held
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
