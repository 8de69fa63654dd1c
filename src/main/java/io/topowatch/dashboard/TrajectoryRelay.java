package io.topowatch.dashboard;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
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
 * Bridges the trajectories topic to the event-bus address {@link DashboardVerticle#TRAJECTORY_ADDRESS}.
 *
 * <p>A plain consumer on its own daemon thread: no consumer group, so nothing is committed and several
 * dashboards never share out partitions. It {@code assign}s every partition of the topic (as found at start;
 * partitions added later are not picked up), seeks to the beginning so the dashboard's history is rebuilt
 * after a restart, then publishes each non-null record value unchanged. Failures other than {@link #close()}
 * are logged and retried, so the relay does not die silently.
 *
 * <pre>{@code
 * try (TrajectoryRelay relay = new TrajectoryRelay(vertx, "localhost:9092", "topowatch.trajectories")) {
 *     relay.start();
 *     ...
 * }
 * }</pre>
 */
public final class TrajectoryRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrajectoryRelay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_MILLIS = 1_000;
    private static final long JOIN_MILLIS = 10_000;

    private final Vertx vertx;
    private final Consumer<String, String> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean closed;

    /** A relay for {@code topic} on the cluster at {@code bootstrapServers}; call {@link #start()} to run it. */
    public TrajectoryRelay(Vertx vertx, String bootstrapServers, String topic) {
        this(vertx, new KafkaConsumer<>(consumerConfig(bootstrapServers, topic)), topic);
    }

    /** For tests: any consumer, e.g. a {@code MockConsumer}. The relay owns and closes it. */
    TrajectoryRelay(Vertx vertx, Consumer<String, String> consumer, String topic) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.thread = new Thread(this::run, "topowatch-trajectory-relay");
        this.thread.setDaemon(true);
    }

    static Properties consumerConfig(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "topowatch-dashboard-relay-" + topic);
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
    public synchronized TrajectoryRelay start() {
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
                LOG.warn("Trajectory relay thread did not stop within {} ms", JOIN_MILLIS);
            }
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(); // never started: the thread will not close it
        }
    }

    private void run() {
        try {
            assignFromBeginning();
            while (!closed) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        if (record.value() != null) {
                            vertx.eventBus().publish(DashboardVerticle.TRAJECTORY_ADDRESS, record.value());
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("Polling {} failed, retrying in {} ms", topic, RETRY_MILLIS, e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.warn("Trajectory relay woken up without being closed; stopping", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
            LOG.info("Trajectory relay for {} stopped", topic);
        }
    }

    /** Waits until the topic has partitions (it may not exist yet), then assigns all and rewinds. */
    private void assignFromBeginning() throws InterruptedException {
        while (!closed) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Cannot read partitions of {}, retrying in {} ms: {}", topic, RETRY_MILLIS, e.toString());
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions =
                        infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                LOG.info("Relaying {} ({} partitions) to {}", topic, partitions.size(),
                        DashboardVerticle.TRAJECTORY_ADDRESS);
                return;
            }
            LOG.info("Topic {} has no partitions yet, retrying in {} ms", topic, RETRY_MILLIS);
            Thread.sleep(RETRY_MILLIS);
        }
    }

    private void pause() throws InterruptedException {
        if (!closed) {
            Thread.sleep(RETRY_MILLIS);
        }
    }
}
