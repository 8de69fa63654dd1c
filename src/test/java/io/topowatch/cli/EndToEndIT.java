package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.topowatch.broker.EmbeddedKafka;
import io.topowatch.config.TopoWatchConfig;
import io.topowatch.sim.DemoScenario;
import io.topowatch.sim.ScanPublisher;
import io.topowatch.stream.DeadLetter;
import io.topowatch.stream.Json;
import io.topowatch.stream.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real parts: an embedded KRaft broker, the Kafka Streams pipeline with the bundled
 * DJL model, the Vert.x dashboard, the simulator, and a plain JDK websocket client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {

    private static final String TOKEN = "end-to-end-test-token";
    private static final Duration WAIT = Duration.ofSeconds(150);

    @TempDir
    static Path workDir;

    private EmbeddedKafka kafka;
    private Services services;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0, Duration.ofSeconds(60));
        TopoWatchConfig defaults = TopoWatchConfig.defaults().withBootstrapServers(kafka.bootstrapServers());
        TopoWatchConfig config = new TopoWatchConfig(defaults.kafka(), defaults.stream(),
                new TopoWatchConfig.Dashboard("127.0.0.1", 0, TOKEN),
                // an empty registry of its own, so the test scores with the bundled model whatever the machine has
                new TopoWatchConfig.Model("", workDir.resolve("registry").toString()), defaults.simulator());
        services = Services.start(config, workDir);
    }

    @AfterAll
    void stop() {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void trajectoryPointsReachTheWebsocketAndTheCrossingSampleTurnsTopologicalAboveItsCriticalField()
            throws Exception {
        List<JsonNode> points = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + services.dashboardPort() + "/ws?token=" + TOKEN
                        + "&experiment=it-001"), collector(points))
                .get(10, TimeUnit.SECONDS);
        try (ScanPublisher publisher = new ScanPublisher(kafka.bootstrapServers(), Map.of(), 400)) {
            publisher.publish(DemoScenario.experiment("it-001", 11));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (crossing(points).size() < 19 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        List<JsonNode> crossing = crossing(points);
        assertThat(crossing).as("GeTe-1 trajectory points").hasSize(19);
        assertThat(points).allSatisfy(p -> {
            assertThat(p.get("type").asText()).isEqualTo("trajectory");
            assertThat(p.get("modelVersion").asText()).isNotBlank();
            assertThat(p.get("probability").asDouble()).isBetween(0.0, 1.0);
        });
        double below = mean(crossing, false);
        double above = mean(crossing, true);
        System.out.printf("GeTe-1: mean P(topological) below %.2f T = %.3f, above = %.3f%n",
                DemoScenario.CROSSING_FIELD_T, below, above);
        assertThat(above).isGreaterThan(below);
    }

    @Test
    void requestsWithoutTheTokenAreRefusedAndAMalformedRecordBecomesADeadLetter() throws Exception {
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + services.dashboardPort() + "/api/trajectories")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + services.dashboardPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + services.dashboardPort() + "/ws"), collector(new ArrayList<>()))
                .join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RAW_SCANS.name(), "it/malformed",
                    "{\"schema\": \"topowatch.scan/1\", \"energy\": [1, 2,".getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
        }
        DeadLetter letter = awaitDeadLetter("it/malformed");
        assertThat(letter.stage()).isEqualTo("decode");
        assertThat(letter.reason()).contains("not valid JSON");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.RAW_SCANS.name());
        assertThat(letter.originalValue()).startsWith("{\"schema\"");
    }

    private DeadLetter awaitDeadLetter(String key) throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.DEAD_LETTERS.name(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        return Json.MAPPER.readValue(r.value(), DeadLetter.class);
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + key + " within " + WAIT);
    }

    private static List<JsonNode> crossing(List<JsonNode> points) {
        return points.stream()
                .filter(p -> p.get("experiment").asText().equals("it-001")
                        && p.get("sample").asText().equals(DemoScenario.CROSSING_SAMPLE))
                .toList();
    }

    private static double mean(List<JsonNode> points, boolean aboveCritical) {
        return points.stream()
                .filter(p -> (p.get("control").get("field_T").asDouble() > DemoScenario.CROSSING_FIELD_T) == aboveCritical)
                .mapToDouble(p -> p.get("probability").asDouble())
                .average().orElseThrow();
    }

    private static WebSocket.Listener collector(List<JsonNode> into) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        // websocket events are {"seq","type","experiment","data"}; keep the trajectory points
                        JsonNode message = Json.MAPPER.readTree(partial.toString());
                        if ("trajectory".equals(message.path("type").asText())) {
                            into.add(message.get("data"));
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("not JSON: " + partial, e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }
}
