package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.alert.Direction;
import io.topowatch.alert.Suggestion;
import io.topowatch.alert.TransitionAlert;
import io.topowatch.alert.TransitionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trajectory points in, alerts and suggestions out, on a topology of only this stage. */
class TransitionStageTest {

    static final String KEY = "exp-1/GeTe-1";
    static final double STEP_T = 4.25;
    static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

    @TempDir
    Path stateDir;

    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        TransitionStage.addTo(builder.stream(Topics.TRAJECTORIES.name(), Topics.TRAJECTORIES.consumed()));
        return builder.build();
    }

    /** A trajectory point as the stream writes it, as JSON (so the test does not depend on the record's shape). */
    static byte[] point(int setpoint, double probability, double uncertainty) {
        double field = 0.5 * setpoint;
        return String.format(Locale.ROOT, """
                {"type":"trajectory","experiment":"exp-1","sample":"GeTe-1","setpoint":%d,
                 "control":{"field_T":%s,"strain_pct":0.0,"temperature_K":10.0},"probability":%s,"uncertainty":%s,
                 "modelVersion":"test-model","elements":["Ge","Te"],"timestamp":"%s"}""", setpoint, field,
                probability, uncertainty, T0.plusSeconds(60L * setpoint)).getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> stepSweep() {
        List<byte[]> points = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            points.add(point(i, 0.5 * i < STEP_T ? 0.04 : 0.96, 0.02));
        }
        return points;
    }

    final class Harness {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> in;
        final TestOutputTopic<String, TransitionAlert> alerts;
        final TestOutputTopic<String, Suggestion> suggestions;

        Harness(String dir) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "transition-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
            driver = new TopologyTestDriver(topology(), props);
            drivers.add(driver);
            in = driver.createInputTopic(Topics.TRAJECTORIES.name(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                    Topics.ALERTS.valueSerde().deserializer());
            suggestions = driver.createOutputTopic(Topics.SUGGESTIONS.name(), Serdes.String().deserializer(),
                    Topics.SUGGESTIONS.valueSerde().deserializer());
        }

        KeyValueStore<String, TransitionState> store() {
            return driver.getKeyValueStore(TransitionStage.STORE);
        }

        void pipe(List<byte[]> points) {
            points.forEach(p -> in.pipeInput(KEY, p));
        }
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void stepRaisesOneAlertAndASuggestionPerPoint() {
        Harness h = new Harness("a");
        h.pipe(stepSweep());

        List<KeyValue<String, TransitionAlert>> alerts = h.alerts.readKeyValuesToList();
        assertThat(alerts).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(KEY);
            TransitionAlert a = kv.value;
            assertThat(a.type()).isEqualTo("alert");
            assertThat(a.id()).isEqualTo("exp-1/GeTe-1/trivial->topological/9");
            assertThat(a.direction()).isEqualTo(Direction.TRIVIAL_TO_TOPOLOGICAL);
            assertThat(a.controlVariable()).isEqualTo("field_T");
            assertThat(a.covers(STEP_T)).isTrue();
            assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(600));
        });
        List<KeyValue<String, Suggestion>> suggestions = h.suggestions.readKeyValuesToList();
        assertThat(suggestions).hasSize(18).allSatisfy(kv -> assertThat(kv.key).isEqualTo(KEY));
        assertThat(suggestions.get(0).value.reason()).isEqualTo(Suggestion.CONTINUE);
        assertThat(suggestions.get(9).value.reason()).isEqualTo(Suggestion.REFINE);
        assertThat(h.store().get(KEY).alertsRaised()).isEqualTo(1);
    }

    @Test
    void alertJsonFollowsTheContract() throws Exception {
        Harness h = new Harness("json");
        h.pipe(stepSweep());
        TestOutputTopic<String, String> raw = h.driver.createOutputTopic(Topics.ALERTS.name(),
                Serdes.String().deserializer(), Serdes.String().deserializer());
        var json = Json.MAPPER.readTree(raw.readValue());
        assertThat(json.get("direction").asText()).isEqualTo("trivial->topological");
        assertThat(json.get("criticalInterval")).hasSize(2);
        for (String field : List.of("type", "id", "experiment", "sample", "controlVariable", "criticalValue",
                "confidence", "modelVersion", "setpoints", "scanIds", "raisedAt")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("raisedAt").asText()).isEqualTo("2026-11-21T00:10:00Z");
    }

    @Test
    void restartFromTheStoreGivesTheSameOutput() {
        List<byte[]> points = stepSweep();
        Harness once = new Harness("once");
        once.pipe(points);
        List<TransitionAlert> expectedAlerts = once.alerts.readValuesToList();
        List<Suggestion> expectedSuggestions = once.suggestions.readValuesToList();

        // First half, then a new instance whose store is restored from the first one's (as from the changelog).
        Harness before = new Harness("before");
        before.pipe(points.subList(0, 9));
        List<TransitionAlert> alerts = new ArrayList<>(before.alerts.readValuesToList());
        List<Suggestion> suggestions = new ArrayList<>(before.suggestions.readValuesToList());
        List<KeyValue<String, TransitionState>> saved = new ArrayList<>();
        try (KeyValueIterator<String, TransitionState> all = before.store().all()) {
            all.forEachRemaining(saved::add);
        }
        before.driver.close();
        drivers.remove(before.driver);

        Harness after = new Harness("after");
        saved.forEach(kv -> after.store().put(kv.key, kv.value));
        after.pipe(points.subList(9, points.size()));
        alerts.addAll(after.alerts.readValuesToList());
        suggestions.addAll(after.suggestions.readValuesToList());

        assertThat(alerts).isEqualTo(expectedAlerts).hasSize(1);
        assertThat(suggestions).isEqualTo(expectedSuggestions);
    }

    @Test
    void redeliveredPointsRaiseNoSecondAlert() {
        Harness h = new Harness("redeliver");
        List<byte[]> points = stepSweep();
        h.pipe(points);
        h.pipe(points.subList(5, 15));
        assertThat(h.alerts.readValuesToList()).hasSize(1);
    }

    @Test
    void eachKeyKeepsItsOwnDetectorState() {
        Harness h = new Harness("per-key");
        List<byte[]> points = stepSweep();
        String other = "exp-1/GeTe-2";
        for (int i = 0; i < points.size(); i++) {
            h.in.pipeInput(KEY, points.get(i));
            h.in.pipeInput(other, new String(point(i, 0.04, 0.02), StandardCharsets.UTF_8)
                    .replace("GeTe-1", "GeTe-2").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(h.alerts.readKeyValuesToList()).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo(KEY));
        assertThat(h.store().get(KEY).observations()).hasSize(19);
        assertThat(h.store().get(other).observations()).hasSize(19);
        assertThat(h.store().get(other).alertsRaised()).isZero();
    }

    @Test
    void unusablePointIsSkipped() {
        Harness h = new Harness("bad");
        h.in.pipeInput(KEY, point(0, 1.5, 0.02));
        h.in.pipeInput(KEY, point(1, 0.04, -1));
        assertThat(h.alerts.isEmpty()).isTrue();
        assertThat(h.suggestions.isEmpty()).isTrue();
        assertThat(h.store().get(KEY)).isNull();
        h.pipe(stepSweep());
        assertThat(h.alerts.readValuesToList()).hasSize(1);
    }

    /** The whole scan topology takes its detector settings from {@link PipelineOptions#detector()}. */
    @Test
    void theScanTopologyUsesTheDetectorSettingsOfItsOptions() throws Exception {
        // Defaults: the swept field is found by itself and steering suggests the next field value.
        assertThat(suggestedVariables(PipelineDriver.unbatched(), "defaults")).isNotEmpty().containsOnly("field_T");
        // Told to follow the temperature, which does not change along this sweep: no spacing, so no suggestion.
        PipelineOptions configured = PipelineDriver.unbatched()
                .withDetector(io.topowatch.alert.DetectorSettings.defaults().withControlVariable("temperature_K"));
        assertThat(suggestedVariables(configured, "configured")).isEmpty();
    }

    private List<String> suggestedVariables(PipelineOptions options, String dir) throws Exception {
        try (PipelineDriver p = new PipelineDriver(stateDir.resolve(dir), options)) {
            TestOutputTopic<String, Suggestion> out = p.driver.createOutputTopic(Topics.SUGGESTIONS.name(),
                    Serdes.String().deserializer(), Topics.SUGGESTIONS.valueSerde().deserializer());
            for (int setpoint = 0; setpoint < 3; setpoint++) {
                PipelineDriver.demoScans("GeTe-1", setpoint).forEach(p::send);
            }
            assertThat(p.trajectories.readValuesToList()).hasSize(3);
            return out.readValuesToList().stream().map(Suggestion::controlVariable).toList();
        }
    }
}
