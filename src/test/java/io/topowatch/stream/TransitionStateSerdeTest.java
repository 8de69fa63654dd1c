package io.topowatch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topowatch.alert.DetectorSettings;
import io.topowatch.alert.Observation;
import io.topowatch.alert.TransitionDetector;
import io.topowatch.alert.TransitionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TransitionStateSerdeTest {

    private final TransitionStateSerde serde = new TransitionStateSerde();

    /** A real detector state: a trivial → topological step along field_T, so it holds an alert too. */
    private static TransitionState stateWithAnAlert() {
        TransitionDetector detector = new TransitionDetector(DetectorSettings.defaults());
        TransitionState state = TransitionState.empty("exp-1", "GeTe");
        for (int i = 0; i < 14; i++) {
            double p = i < 7 ? 0.03 + 0.01 * (i % 3) : 0.96 - 0.01 * (i % 2);
            Observation o = new Observation(i, Map.of("field_T", 0.5 * i, "temperature_K", 10.0), p, 0.02,
                    "topownet-0.3.1", List.of("scan-" + i + "-Ge", "scan-" + i + "-Te"),
                    Instant.parse("2026-11-21T10:00:00Z").plusMillis(1_234_567L * i + 89));
            state = detector.update(state, o).state();
        }
        return state;
    }

    private TransitionState roundTrip(TransitionState s) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", s));
    }

    @Test
    void roundTripsAStateWithItsObservationsAndAlert() {
        TransitionState state = stateWithAnAlert();
        assertThat(state.lastAlert()).as("the step raised an alert").isNotNull();
        assertThat(state.segmentFrom()).isNotNull();
        assertThat(roundTrip(state)).usingRecursiveComparison().isEqualTo(state);
    }

    @Test
    void roundTripsAnEmptyStateAndAbsentFields() {
        TransitionState empty = TransitionState.empty("e", "s");
        assertThat(roundTrip(empty)).usingRecursiveComparison().isEqualTo(empty);
        TransitionState bare = new TransitionState("e", "s", List.of(new Observation(3, Map.of("strain_pct", -0.25),
                0.5, 0.0, null, List.of(), null)), null, null, 0);
        assertThat(roundTrip(bare)).usingRecursiveComparison().isEqualTo(bare);
    }

    @Test
    void readsStatesWrittenAsJsonByEarlierVersions() {
        TransitionState state = stateWithAnAlert();
        byte[] json = Json.write(state).getBytes(StandardCharsets.UTF_8);
        assertThat(serde.deserializer().deserialize("t", json)).usingRecursiveComparison().isEqualTo(state);
        assertThat(serde.serializer().serialize("t", state).length).isLessThan(json.length);
    }

    @Test
    void rejectsTruncatedBytesWithAReason() {
        byte[] bytes = serde.serializer().serialize("t", stateWithAnAlert());
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 20)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read detector state");
    }
}
