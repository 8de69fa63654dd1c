package io.topowatch.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.topowatch.model.ModelRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Mirrors the model registry's promotions and rollbacks to the compacted topic {@value #TOPIC}: each
 * event is one record under the key {@value ModelRegistry#PROMOTED_KEY}, so after compaction the topic
 * holds exactly the current promotion, and a consumer reading it to the end knows which model to score
 * with. The value is {@link ModelRegistry.Promotion} as JSON (schema in {@code topics/topowatch.models.json}).
 *
 * <p>The topic is created from its bundled definition if missing (an auto-created topic would not be
 * compacted). Each publish waits for the broker's acknowledgement (acks=all, idempotent producer), so the
 * registry records the event only once Kafka holds it.
 */
public final class PromotionPublisher implements ModelRegistry.PromotionSink, AutoCloseable {

    public static final String TOPIC = "topowatch.models";
    private static final long TIMEOUT_S = 30;
    private static final ObjectMapper JSON = JsonMapper.builder().disable(SerializationFeature.INDENT_OUTPUT).build();

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    private PromotionPublisher(String bootstrapServers, KafkaProducer<String, String> producer) {
        this.bootstrapServers = bootstrapServers;
        this.producer = producer;
    }

    /**
     * Connects to a cluster and makes sure {@value #TOPIC} exists.
     *
     * @param clientProperties extra Kafka client settings (SASL, TLS, …); may be empty
     * @throws IllegalStateException if the cluster does not answer within 30 s
     */
    public static PromotionPublisher connect(String bootstrapServers, Map<String, String> clientProperties)
            throws InterruptedException, ExecutionException {
        Properties admin = new Properties();
        admin.putAll(clientProperties);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_S * 1000));
        TopicDefinition definition = TopicDefinitions.bundled().stream().filter(d -> d.name().equals(TOPIC))
                .findFirst().orElseThrow(() -> new IllegalStateException("no bundled definition of topic " + TOPIC));
        try (Admin a = Admin.create(admin)) {
            TopicProvisioner.ensure(a, List.of(definition));
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrapServers + " within " + TIMEOUT_S + " s");
        }
        Properties producer = new Properties();
        producer.putAll(clientProperties);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_S * 1000));
        producer.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT_S * 1000));
        return new PromotionPublisher(bootstrapServers,
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer()));
    }

    /** The record value for an event: one JSON object. */
    public static String value(ModelRegistry.Promotion promotion) {
        try {
            return JSON.writeValueAsString(promotion);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + promotion + " as JSON", e);
        }
    }

    /** Sends the event under {@value ModelRegistry#PROMOTED_KEY} and waits for the acknowledgement. */
    @Override
    public void publish(ModelRegistry.Promotion promotion) throws Exception {
        try {
            producer.send(new ProducerRecord<>(TOPIC, ModelRegistry.PROMOTED_KEY, value(promotion)))
                    .get(TIMEOUT_S + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not take the record on " + TOPIC
                    + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from Kafka at " + bootstrapServers + " within "
                    + (TIMEOUT_S + 5) + " s");
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
