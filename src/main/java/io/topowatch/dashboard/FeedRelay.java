package io.topowatch.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges several topics to the event-bus address {@link DashboardVerticle#FEED_ADDRESS} with one consumer.
 *
 * <p>A plain consumer on its own daemon thread: no consumer group, so nothing is committed and several
 * dashboards never share out partitions. It {@code assign}s every partition of every topic that exists (a topic
 * that does not exist yet is looked for again every few seconds and added when it appears; partitions added to
 * an assigned topic later are not picked up), seeks to the beginning so the dashboard's state is rebuilt after a restart, then sends each record (tombstones too, as a
 * null body) with headers {@code topic}, {@code key} and {@code replay} ({@code "true"} when the record was
 * already on the topic at start, so the dashboard does not deliver old alerts to subscribers again).
 *
 * <p>Memory stays bounded: each record is sent as a request and the dashboard answers once it has handled it;
 * at most {@code maxInFlight} are unanswered, beyond that the relay waits before polling again. Failures other
 * than {@link #close()} are logged and retried, so the relay does not die silently.
 */
public final class FeedRelay implements AutoCloseable {

    public static final int DEFAULT_MAX_IN_FLIGHT = 512;

    private static final Logger LOG = LoggerFactory.getLogger(FeedRelay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_MILLIS = 1_000;
    private static final long JOIN_MILLIS = 10_000;
    private static final long REPLY_TIMEOUT_MILLIS = 60_000;
    private static final long MISSING_RECHECK_MILLIS = 5_000;

    private final Vertx vertx;
    private final Consumer<String, String> consumer;
    private final List<String> topics;
    private final Semaphore inFlight;
    private final Thread thread;
    private final Map<TopicPartition, Long> replayEnd = new HashMap<>();
    private volatile boolean closed;
    private int wantedMissingLogged = -1;

    /** A relay for {@code topics} on the cluster at {@code bootstrapServers}; call {@link #start()} to run it. */
    public FeedRelay(Vertx vertx, String bootstrapServers, Map<String, String> clientProperties, List<String> topics) {
        this(vertx, new KafkaConsumer<>(consumerConfig(bootstrapServers, clientProperties)), topics,
                DEFAULT_MAX_IN_FLIGHT);
    }

    /** For tests: any consumer, e.g. a {@code MockConsumer}. The relay owns and closes it. */
    FeedRelay(Vertx vertx, Consumer<String, String> consumer, List<String> topics, int maxInFlight) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topics = List.copyOf(topics);
        if (this.topics.isEmpty()) {
            throw new IllegalArgumentException("no topics to relay");
        }
        this.inFlight = new Semaphore(maxInFlight);
        this.thread = new Thread(this::run, "topowatch-feed-relay");
        this.thread.setDaemon(true);
    }

    static Properties consumerConfig(String bootstrapServers, Map<String, String> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "topowatch-dashboard-feed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    /**
     * Starts the consumer thread.
     *
     * @return this, for try-with-resources
     * @throws IllegalStateException when started twice or after {@link #close()}
     */
    public synchronized FeedRelay start() {
        if (closed) {
            throw new IllegalStateException("relay is closed");
        }
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("relay already started");
        }
        thread.start();
        return this;
    }

    /** Stops polling (waking the consumer up), waits for the thread to finish and close the consumer. */
    @Override
    public synchronized void close() {
        closed = true;
        consumer.wakeup();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Feed relay thread did not stop within {} ms", JOIN_MILLIS);
            }
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(); // never started: the thread will not close it
        }
    }

    private void run() {
        try {
            List<String> missing = new ArrayList<>(topics);
            long nextCheck = 0;
            while (!closed) {
                try {
                    if (!missing.isEmpty() && System.nanoTime() - nextCheck >= 0) {
                        missing = assignNew(missing);
                        nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MISSING_RECHECK_MILLIS);
                    }
                    if (consumer.assignment().isEmpty()) {
                        Thread.sleep(RETRY_MILLIS);
                        continue;
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        relay(record);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("Polling {} failed, retrying in {} ms", topics, RETRY_MILLIS, e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.warn("Feed relay woken up without being closed; stopping", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
            LOG.info("Feed relay for {} stopped", topics);
        }
    }

    private void relay(ConsumerRecord<String, String> record) throws InterruptedException {
        while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
            if (closed) {
                throw new InterruptedException("closed");
            }
        }
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        boolean replay = record.offset() < replayEnd.getOrDefault(tp, 0L);
        DeliveryOptions options = new DeliveryOptions()
                .setSendTimeout(REPLY_TIMEOUT_MILLIS)
                .addHeader("topic", record.topic())
                .addHeader("replay", String.valueOf(replay));
        if (record.key() != null) {
            options.addHeader("key", record.key());
        }
        vertx.eventBus().request(DashboardVerticle.FEED_ADDRESS, record.value(), options)
                .onComplete(done -> inFlight.release());
    }

    /**
     * Adds the partitions of those {@code wanted} topics that exist now to the assignment, from their beginning
     * (a topic may not exist yet: e.g. one written by a part of TopoWatch that has not run).
     *
     * @return the topics still missing
     */
    private List<String> assignNew(List<String> wanted) {
        List<TopicPartition> added = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String topic : wanted) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.debug("Cannot read partitions of {}: {}", topic, e.toString());
                infos = List.of();
            }
            if (infos == null || infos.isEmpty()) {
                missing.add(topic);
            } else {
                infos.forEach(i -> added.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        if (!added.isEmpty()) {
            try {
                replayEnd.putAll(consumer.endOffsets(added, METADATA_TIMEOUT));
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Cannot read end offsets of {}; treating their records as live: {}", added, e.toString());
            }
            List<TopicPartition> all = new ArrayList<>(consumer.assignment());
            all.addAll(added);
            consumer.assign(all);
            consumer.seekToBeginning(added);
            LOG.info("Relaying {} more partitions to {}; assigned {}", added.size(), DashboardVerticle.FEED_ADDRESS,
                    all.size());
        }
        if (!missing.isEmpty() && missing.size() != wantedMissingLogged) {
            LOG.info("Topics {} do not exist yet; looking again every {} ms", missing, MISSING_RECHECK_MILLIS);
            wantedMissingLogged = missing.size();
        }
        return missing;
    }

    private void pause() throws InterruptedException {
        if (!closed) {
            Thread.sleep(RETRY_MILLIS);
        }
    }
}
