package io.topowatch.alert;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link SubscriptionJournal} on a Kafka producer: acks=all and idempotent, so a subscription or an
 * acknowledgement the API confirmed is held by the cluster. Completion is handed back to the calling
 * Vert.x context, so callers may touch their event-loop state in the continuation.
 */
public final class KafkaSubscriptionJournal implements SubscriptionJournal {

    private final Vertx vertx;
    private final KafkaProducer<String, String> producer;

    public KafkaSubscriptionJournal(Vertx vertx, String bootstrapServers, Map<String, String> clientProperties) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "topowatch-dashboard-journal");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @Override
    public Future<Void> write(String topic, String key, String value) {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // send() may block up to max.block.ms on metadata: keep that off the event loop.
        return vertx.executeBlocking(() -> {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
            return null;
        }, false).compose(sent -> Future.fromCompletionStage(done, context));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
