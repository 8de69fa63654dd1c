package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.topowatch.alert.KafkaSubscriptionJournal;
import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.broker.TopicDefinitions;
import io.topowatch.broker.TopicProvisioner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against a real broker: subscriptions and acknowledgements written to their compacted topics
 * survive a restart, and alerts replayed at start-up are not delivered again.
 */
class DashboardSubscriptionsIT {

    private static final String TOKEN = "it-token-4";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OUT = "alerts.out";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One dashboard life: Vert.x, the verticle with its Kafka journal, the relay. */
    private static final class Dashboard implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final KafkaSubscriptionJournal journal;
        final FeedRelay relay;
        final int port;

        Dashboard(String bootstrap) throws Exception {
            journal = new KafkaSubscriptionJournal(vertx, bootstrap, Map.of());
            DashboardVerticle verticle = new DashboardVerticle(new DashboardConfig("127.0.0.1", 0, TOKEN, 100),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), journal);
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            port = verticle.actualPort();
            relay = new FeedRelay(vertx, bootstrap, Map.of(), FeedTopics.ALL).start();
        }

        @Override
        public void close() throws Exception {
            relay.close();
            journal.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void subscriptionsAndAcknowledgementsSurviveARestartAndReplayedAlertsAreNotDeliveredAgain() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, Duration.ofSeconds(60))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicProvisioner.ensure(admin, TopicDefinitions.bundled());
                // a Kafka-delivered subscription writes to a topic its owner made
                admin.createTopics(List.of(new NewTopic(OUT, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            String alertId = "exp-9/S1/trivial->topological/3";
            try (Dashboard first = new Dashboard(bootstrap)) {
                HttpResponse<String> created = call(first, "POST", "/api/subscriptions", new JsonObject()
                        .put("id", "to-kafka").put("experimentPattern", "exp-*")
                        .put("delivery", new JsonObject().put("type", "kafka").put("topic", OUT)));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                HttpResponse<String> hook = call(first, "POST", "/api/subscriptions", new JsonObject()
                        .put("id", "hook").put("experimentPattern", "exp-9")
                        .put("delivery", new JsonObject().put("type", "webhook").put("url", "https://h.example/x")
                                .put("secret", "s3cret-s3cret")));
                assertThat(hook.statusCode()).isEqualTo(201);
                assertThat(call(first, "DELETE", "/api/subscriptions/hook", null).statusCode()).isEqualTo(204);

                produceAlert(bootstrap, alertId);
                JsonArray alerts = await(first, "/api/alerts", a -> a.size() == 1);
                assertThat(alerts.getJsonObject(0).getString("id")).isEqualTo(alertId);
                HttpResponse<String> ack = call(first, "POST",
                        "/api/alerts/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8) + "/ack",
                        new JsonObject().put("by", "Ada"));
                assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
                assertThat(readAll(bootstrap, OUT, 1)).hasSize(1); // delivered once, live
            }

            try (Dashboard second = new Dashboard(bootstrap)) {
                JsonArray subs = await(second, "/api/subscriptions", a -> a.size() == 1);
                JsonObject s = subs.getJsonObject(0);
                assertThat(s.getString("id")).isEqualTo("to-kafka");
                assertThat(s.getJsonObject("delivery").getString("topic")).isEqualTo(OUT);
                JsonArray alerts = await(second, "/api/alerts",
                        a -> a.size() == 1 && "acknowledged".equals(a.getJsonObject(0).getString("state")));
                assertThat(alerts.getJsonObject(0).getString("acknowledgedBy")).isEqualTo("Ada");
                Thread.sleep(1_000); // room for a wrong re-delivery of the replayed alert
                assertThat(readAll(bootstrap, OUT, 2)).hasSize(1);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                for (String topic : List.of(FeedTopics.SUBSCRIPTIONS, FeedTopics.ACKS)) {
                    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                    Config config = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
                    assertThat(config.get("cleanup.policy").value()).as(topic).isEqualTo("compact");
                }
            }
        }
    }

    private void produceAlert(String bootstrap, String id) throws Exception {
        JsonObject alert = new JsonObject().put("type", "alert").put("id", id).put("experiment", "exp-9")
                .put("sample", "S1").put("direction", "trivial->topological").put("controlVariable", "field_T")
                .put("criticalValue", 4.25).put("criticalInterval", new JsonArray().add(4.0).add(4.5))
                .put("confidence", 0.9).put("modelVersion", "m").put("setpoints", new JsonArray().add(3))
                .put("scanIds", new JsonArray()).put("raisedAt", "2026-11-21T10:00:00Z");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(FeedTopics.ALERTS, "exp-9/S1", alert.encode())).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every record of a one-partition topic; waits up to a few seconds for at least {@code atLeast}. */
    private static List<String> readAll(String bootstrap, String topic, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private JsonArray await(Dashboard d, String path, Predicate<JsonArray> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonArray last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = call(d, "GET", path, null);
            last = new JsonArray(r.body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never became as expected; last answer " + last);
    }

    private HttpResponse<String> call(Dashboard d, String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
