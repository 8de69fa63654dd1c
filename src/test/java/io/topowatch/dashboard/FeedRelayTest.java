package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
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
class FeedRelayTest {

    private static final String A = "topowatch.trajectories";
    private static final String B = "topowatch.subscriptions";
    private static final TopicPartition A0 = new TopicPartition(A, 0);
    private static final TopicPartition A1 = new TopicPartition(A, 1);
    private static final TopicPartition B0 = new TopicPartition(B, 0);

    @Test
    void relaysEveryPartitionOfEveryTopicFromTheBeginningWithHeaders(Vertx vertx) throws InterruptedException {
        MockConsumer<String, String> consumer = new MockConsumer<>("latest"); // the relay must rewind anyway
        consumer.updatePartitions(A, List.of(partition(A, 0), partition(A, 1)));
        consumer.updatePartitions(B, List.of(partition(B, 0)));
        consumer.updateBeginningOffsets(Map.of(A0, 0L, A1, 0L, B0, 0L));
        consumer.updateEndOffsets(Map.of(A0, 1L, A1, 0L, B0, 1L)); // a0 and b0 (offset 0) were there at start
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(A, 0, 0L, "exp-0001/S1", "a"));
            consumer.addRecord(new ConsumerRecord<>(A, 1, 0L, "exp-0001/S2", "b"));
            consumer.addRecord(new ConsumerRecord<>(B, 0, 0L, "sub-1", "s"));
            consumer.addRecord(new ConsumerRecord<>(B, 0, 1L, "sub-1", null)); // tombstone: relayed as null
        });

        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch four = new CountDownLatch(4);
        vertx.eventBus().<Object>consumer(DashboardVerticle.FEED_ADDRESS, m -> {
            received.add(describe(m));
            m.reply(null);
            four.countDown();
        }).completion().await();

        try (FeedRelay relay = new FeedRelay(vertx, consumer, List.of(A, B), 8).start()) {
            assertThat(four.await(10, TimeUnit.SECONDS)).as("received %s", received).isTrue();
        }
        assertThat(consumer.closed()).isTrue();
        assertThat(consumer.assignment()).isEqualTo(Set.of(A0, A1, B0));
        assertThat(received).containsExactlyInAnyOrder(
                A + " exp-0001/S1 replay=true a",
                A + " exp-0001/S2 replay=false b",
                B + " sub-1 replay=true s",
                B + " sub-1 replay=false null");
    }

    @Test
    void keepsAtMostMaxInFlightUnanswered(Vertx vertx) throws InterruptedException {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(A, List.of(partition(A, 0)));
        consumer.updateBeginningOffsets(Map.of(A0, 0L));
        consumer.updateEndOffsets(Map.of(A0, 0L));
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 10; i++) {
                consumer.addRecord(new ConsumerRecord<>(A, 0, i, "k", "v" + i));
            }
        });
        List<Message<Object>> unanswered = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        vertx.eventBus().<Object>consumer(DashboardVerticle.FEED_ADDRESS, m -> {
            unanswered.add(m);
            three.countDown();
        }).completion().await();

        try (FeedRelay relay = new FeedRelay(vertx, consumer, List.of(A), 3).start()) {
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(unanswered).hasSize(3); // the relay waits for answers
            vertx.runOnContext(v -> unanswered.forEach(m -> m.reply(null)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (unanswered.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(unanswered.size()).isEqualTo(6);
        }
    }

    @Test
    void aTopicCreatedLaterIsPickedUp(Vertx vertx) throws InterruptedException {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(A, List.of(partition(A, 0)));
        consumer.updateBeginningOffsets(Map.of(A0, 0L));
        consumer.updateEndOffsets(Map.of(A0, 0L));
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        vertx.eventBus().<Object>consumer(DashboardVerticle.FEED_ADDRESS, m -> {
            received.add(describe(m));
            m.reply(null);
            two.countDown();
        }).completion().await();
        try (FeedRelay relay = new FeedRelay(vertx, consumer, List.of(A, B), 8).start()) {
            consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(A, 0, 0L, "k", "a")));
            Thread.sleep(500);
            consumer.updatePartitions(B, List.of(partition(B, 0))); // B appears
            consumer.updateBeginningOffsets(Map.of(B0, 0L));
            consumer.updateEndOffsets(Map.of(B0, 0L));
            for (int i = 0; i < 40 && !consumer.assignment().contains(B0); i++) {
                Thread.sleep(250);
            }
            consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(B, 0, 0L, "sub-1", "s")));
            assertThat(two.await(10, TimeUnit.SECONDS)).as("received %s", received).isTrue();
        }
        assertThat(received).contains(A + " k replay=false a", B + " sub-1 replay=false s");
    }

    @Test
    void closeStopsTheThreadAndClosesTheConsumer(Vertx vertx) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(A, List.of(partition(A, 0)));
        consumer.updateBeginningOffsets(Map.of(A0, 0L));
        FeedRelay relay = new FeedRelay(vertx, consumer, List.of(A), 8).start();
        relay.close();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void closeReturnsPromptlyWhenTheBrokerIsUnreachable(Vertx vertx) {
        FeedRelay relay = new FeedRelay(vertx, "127.0.0.1:1", Map.of(), List.of(A)).start();
        long begin = System.nanoTime();
        relay.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(5_000);
    }

    @Test
    void closeWithoutStartClosesTheConsumer(Vertx vertx) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        new FeedRelay(vertx, consumer, List.of(A), 8).close();
        assertThat(consumer.closed()).isTrue();
    }

    private static String describe(Message<Object> m) {
        return m.headers().get("topic") + " " + m.headers().get("key") + " replay=" + m.headers().get("replay") + " "
                + m.body();
    }

    private static PartitionInfo partition(String topic, int p) {
        return new PartitionInfo(topic, p, null, null, null);
    }
}
