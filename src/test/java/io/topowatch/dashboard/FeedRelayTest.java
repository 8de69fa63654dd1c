package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TrajectoryRelayTest {

    private static final String TOPIC = "topowatch.trajectories";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    @Test
    void relaysEveryPartitionFromTheBeginning(Vertx vertx) throws InterruptedException {
        MockConsumer<String, String> consumer = new MockConsumer<>("latest"); // the relay must rewind anyway
        consumer.updatePartitions(TOPIC, List.of(partition(0), partition(1)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0L, "exp-0001/S1", "a"));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 1, 0L, "exp-0001/S2", "b"));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 1, 1L, "exp-0001/S2", null)); // tombstone: skipped
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1L, "exp-0001/S1", "c"));
        });

        List<Object> received = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        vertx.eventBus().consumer(DashboardVerticle.TRAJECTORY_ADDRESS, m -> {
            received.add(m.body() == null ? "<null>" : m.body());
            three.countDown();
        }).completion().await();

        try (TrajectoryRelay relay = new TrajectoryRelay(vertx, consumer, TOPIC).start()) {
            assertThat(three.await(10, TimeUnit.SECONDS)).as("received %s", received).isTrue();
        }
        assertThat(consumer.closed()).isTrue();
        assertThat(consumer.assignment()).isEqualTo(Set.of(P0, P1));
        Thread.sleep(100); // let a wrongly relayed tombstone arrive, if there were one
        assertThat(received).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void closeStopsTheThreadAndClosesTheConsumer(Vertx vertx) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(partition(0)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        TrajectoryRelay relay = new TrajectoryRelay(vertx, consumer, TOPIC).start();
        relay.close();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void closeReturnsPromptlyWhenTheBrokerIsUnreachable(Vertx vertx) {
        TrajectoryRelay relay = new TrajectoryRelay(vertx, "127.0.0.1:1", TOPIC).start();
        long begin = System.nanoTime();
        relay.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(5_000);
    }

    @Test
    void closeWithoutStartClosesTheConsumer(Vertx vertx) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        new TrajectoryRelay(vertx, consumer, TOPIC).close();
        assertThat(consumer.closed()).isTrue();
    }

    private static PartitionInfo partition(int p) {
        return new PartitionInfo(TOPIC, p, null, null, null);
    }
}
