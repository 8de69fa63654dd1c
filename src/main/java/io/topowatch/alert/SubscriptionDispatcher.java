package io.topowatch.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each new alarm to the subscriptions that want it: webhook ({@link WebhookSender}), a Kafka topic
 * (through the {@link SubscriptionJournal}), or the dashboard's websocket clients (a callback). Each delivery
 * is counted in {@code topowatch.alert.deliveries{type, outcome}}.
 */
public final class SubscriptionDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDispatcher.class);

    private final SubscriptionBook book;
    private final WebhookSender webhooks;
    private final SubscriptionJournal journal;
    private final BiConsumer<Subscription, JsonObject> websocket;
    private final MeterRegistry registry;

    /**
     * @param websocket called with (subscription, alarm JSON) for websocket deliveries
     */
    public SubscriptionDispatcher(SubscriptionBook book, WebhookSender webhooks, SubscriptionJournal journal,
                                  BiConsumer<Subscription, JsonObject> websocket, MeterRegistry registry) {
        this.book = Objects.requireNonNull(book);
        this.webhooks = Objects.requireNonNull(webhooks);
        this.journal = Objects.requireNonNull(journal);
        this.websocket = Objects.requireNonNull(websocket);
        this.registry = Objects.requireNonNull(registry);
    }

    /** The body a webhook or Kafka subscription receives for an alarm. */
    public static String body(Subscription s, String deliveryId, JsonObject alarm) {
        return new JsonObject().put("subscription", s.id()).put("deliveryId", deliveryId).put("alert", alarm).encode();
    }

    /** Delivers one new alarm to every subscription that wants it. */
    public void dispatch(JsonObject alarm) {
        for (Subscription s : book.matching(alarm)) {
            String deliveryId = UUID.randomUUID().toString();
            switch (s.delivery().type()) {
                case WEBHOOK -> webhooks.send(s.delivery().url(), s.delivery().secret(), deliveryId,
                                body(s, deliveryId, alarm))
                        .onSuccess(attempt -> count(s, "delivered"))
                        .onFailure(e -> count(s, "failed"));
                case KAFKA -> journal.write(s.delivery().topic(), alarm.getString("id"), body(s, deliveryId, alarm))
                        .onSuccess(v -> count(s, "delivered"))
                        .onFailure(e -> {
                            LOG.warn("Subscription {}: cannot write to topic {}: {}", s.id(), s.delivery().topic(),
                                    e.toString());
                            count(s, "failed");
                        });
                case WEBSOCKET -> {
                    websocket.accept(s, alarm);
                    count(s, "delivered");
                }
            }
        }
    }

    private void count(Subscription s, String outcome) {
        Counter.builder("topowatch.alert.deliveries")
                .description("Alarm deliveries to subscriptions")
                .tag("type", s.delivery().type().name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
