package io.topowatch.bench;

import io.topowatch.dashboard.DashboardVerticle;
import io.topowatch.stream.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.lang.reflect.Field;

/**
 * Hands trajectory points to a running {@link DashboardVerticle} the way the Kafka relay does, without Kafka:
 * one event-bus message per record, the topic's JSON value as a String body, and the record's topic and key as
 * headers. This is the one place that knows the dashboard's input, so the load benchmark follows it when the
 * dashboard changes.
 *
 * <p>The dashboard reads either {@code DashboardVerticle.FEED_ADDRESS} (one address for every dashboard topic,
 * told apart by the {@code topic} header) or, on older builds, {@code DashboardVerticle.TRAJECTORY_ADDRESS}
 * (trajectory bodies only, headers ignored); the constant that exists is used.
 */
public final class DashboardFeed {

    private final Vertx vertx;
    private final String address;

    public DashboardFeed(Vertx vertx) {
        this.vertx = vertx;
        this.address = inputAddress();
    }

    /** The event-bus address the dashboard consumes. */
    public String address() {
        return address;
    }

    /**
     * Publishes one value of the trajectories topic.
     *
     * @param key  the record key, {@code <experiment>/<sample>}
     * @param json the record value, a trajectory point's JSON text
     */
    public void trajectory(String key, String json) {
        vertx.eventBus().publish(address, json, new DeliveryOptions()
                .addHeader("topic", Topics.TRAJECTORIES.name())
                .addHeader("key", key)
                .addHeader("replay", "false"));
    }

    private static String inputAddress() {
        for (String name : new String[] {"FEED_ADDRESS", "TRAJECTORY_ADDRESS"}) {
            try {
                Field f = DashboardVerticle.class.getField(name);
                return (String) f.get(null);
            } catch (NoSuchFieldException e) {
                // try the next name
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("DashboardVerticle." + name + " is not readable", e);
            }
        }
        throw new IllegalStateException("DashboardVerticle has neither FEED_ADDRESS nor TRAJECTORY_ADDRESS");
    }
}
