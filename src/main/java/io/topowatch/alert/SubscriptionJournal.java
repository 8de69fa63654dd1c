package io.topowatch.alert;

import io.vertx.core.Future;

/**
 * Where the dashboard writes what must outlive it: subscriptions, acknowledgements, and alerts for
 * Kafka-delivered subscriptions. {@link KafkaSubscriptionJournal} is the real one; tests use their own.
 */
public interface SubscriptionJournal extends AutoCloseable {

    /**
     * Writes one record.
     *
     * @param value the record value; null writes a tombstone
     * @return completes once the cluster has acknowledged it, on the caller's Vert.x context
     */
    Future<Void> write(String topic, String key, String value);

    @Override
    default void close() {}

    /** A journal that keeps nothing: every write succeeds at once (tests, and a dashboard without Kafka). */
    static SubscriptionJournal none() {
        return (topic, key, value) -> Future.succeededFuture();
    }
}
