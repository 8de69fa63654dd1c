package io.topowatch.bench;

import io.topowatch.dashboard.DashboardVerticle;
import io.topowatch.stream.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Hands trajectory points to a running {@link DashboardVerticle} the way the Kafka relay does, without Kafka:
 * one event-bus message per record, the topic's JSON value as a String body, and the record's topic and key as
 * headers ({@link DashboardVerticle#FEED_ADDRESS}, as {@code dashboard.FeedRelay} sends them).
 */
public final class DashboardFeed {

    private final Vertx vertx;

    public DashboardFeed(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Publishes one value of the trajectories topic.
     *
     * @param key  the record key, {@code <experiment>/<sample>}
     * @param json the record value, a trajectory point's JSON text
     */
    public void trajectory(String key, String json) {
        vertx.eventBus().publish(DashboardVerticle.FEED_ADDRESS, json, new DeliveryOptions()
                .addHeader("topic", Topics.TRAJECTORIES.name())
                .addHeader("key", key)
                .addHeader("replay", "false"));
    }
}
