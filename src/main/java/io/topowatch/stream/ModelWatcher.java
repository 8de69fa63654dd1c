package io.topowatch.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.topowatch.model.DjlScorer;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.Scorer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model hot swap: follows the compacted topic {@code topowatch.models} (the registry's promotions, see
 * {@link io.topowatch.broker.PromotionPublisher}) on a thread of its own and, when the promoted version
 * changes, loads it, verifies it, and {@link LiveScorer#swap swaps} it in: the stream thread never waits for
 * a model to load, and the swap takes effect between two batches.
 *
 * <p>A plain consumer with no group (the one partition assigned, read from the beginning): every instance
 * needs every promotion, and a restart re-reads the topic, so the latest promotion wins. Only the latest
 * record of each poll is applied. A promotion that cannot be applied (version not in this machine's
 * registry, files failing their SHA-256 manifest, parameters not those the promotion names) is logged and
 * the model in use stays.
 */
public final class ModelWatcher implements AutoCloseable {

    public static final String TOPIC = "topowatch.models";
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);
    private static final ObjectReader PROMOTION = Json.MAPPER.readerFor(ModelRegistry.Promotion.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Loads, verified, the model a promotion names. */
    @FunctionalInterface
    public interface Loader {
        Scorer load(ModelRegistry.Promotion promotion) throws Exception;
    }

    private final LiveScorer target;
    private final Loader loader;
    private final KafkaConsumer<String, String> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ModelWatcher(LiveScorer target, Loader loader, KafkaConsumer<String, String> consumer) {
        this.target = target;
        this.loader = loader;
        this.consumer = consumer;
        this.thread = consumer == null ? null : new Thread(this::run, "topowatch-model-watcher");
    }

    /** Starts following {@value #TOPIC}. */
    public static ModelWatcher start(String bootstrapServers, Map<String, String> clientProperties,
            LiveScorer target, Loader loader) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
        consumer.seekToBeginning(List.of(new TopicPartition(TOPIC, 0)));
        ModelWatcher watcher = new ModelWatcher(target, loader, consumer);
        watcher.thread.setDaemon(true);
        watcher.thread.start();
        return watcher;
    }

    /** Loads promoted versions from a registry folder: SHA-256 manifest, registered and promoted parameters. */
    public static Loader fromRegistry(ModelRegistry registry) {
        return promotion -> {
            ModelArtifact artifact = registry.load(promotion.version());
            if (promotion.parametersSha256() != null
                    && !promotion.parametersSha256().equals(artifact.parametersSha256())) {
                throw new IllegalStateException("model " + promotion.version() + " in " + registry.root()
                        + " has parameters SHA-256 " + artifact.parametersSha256() + ", the promotion names "
                        + promotion.parametersSha256());
            }
            return new DjlScorer(artifact);
        };
    }

    private void run() {
        try {
            while (running.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
                String latest = null;
                for (ConsumerRecord<String, String> r : records) {
                    if (ModelRegistry.PROMOTED_KEY.equals(r.key()) && r.value() != null) {
                        latest = r.value();
                    }
                }
                if (latest != null) {
                    apply(latest);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("model watcher stopped; the model in use stays", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Applies one record of the models topic; returns whether the model was swapped. */
    boolean apply(String value) {
        ModelRegistry.Promotion promotion;
        try {
            promotion = PROMOTION.readValue(value);
        } catch (Exception e) {
            LOG.warn("ignoring unreadable record on {}: {}", TOPIC, e.getMessage());
            return false;
        }
        if (promotion.version() == null || promotion.version().equals(target.modelVersion())) {
            return false;
        }
        Scorer next;
        try {
            next = loader.load(promotion);
        } catch (Exception e) {
            LOG.warn("cannot switch to promoted model {}: {}; still scoring with {}", promotion.version(),
                    e.getMessage(), target.modelVersion());
            return false;
        }
        target.swap(next);
        return true;
    }

    @Override
    public void close() {
        running.set(false);
        if (consumer != null) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
