package io.topowatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmBoardTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String UP = "trivial->topological";
    private static final String DOWN = "topological->trivial";

    private static JsonObject alert(String sample, String direction, int setpoint, String raisedAt) {
        return new JsonObject().put("type", "alert").put("id", "e/" + sample + "/" + direction + "/" + setpoint)
                .put("experiment", "e").put("sample", sample).put("direction", direction)
                .put("confidence", 0.9).put("criticalValue", 4.25).put("raisedAt", raisedAt);
    }

    @Test
    void repeatsWithinTheHoldOffFoldAndLaterOnesOpenANewAlarm() {
        AlarmBoard board = new AlarmBoard(Duration.ofMinutes(10), 100);
        assertThat(board.raise(alert("S1", UP, 1, "2026-11-21T10:00:00Z"), NOW).outcome())
                .isEqualTo(AlarmBoard.Outcome.NEW);
        AlarmBoard.Raised folded = board.raise(alert("S1", UP, 2, "2026-11-21T10:09:00Z"), NOW);
        assertThat(folded.outcome()).isEqualTo(AlarmBoard.Outcome.FOLDED);
        assertThat(folded.alarm().getString("id")).isEqualTo("e/S1/" + UP + "/1");
        assertThat(folded.alarm().getInteger("count")).isEqualTo(2);
        // the hold-off runs from the last repeat
        assertThat(board.raise(alert("S1", UP, 3, "2026-11-21T10:18:00Z"), NOW).outcome())
                .isEqualTo(AlarmBoard.Outcome.FOLDED);
        assertThat(board.raise(alert("S1", UP, 9, "2026-11-21T10:28:01Z"), NOW).outcome())
                .isEqualTo(AlarmBoard.Outcome.NEW);
        // another direction or sample is another alarm
        assertThat(board.raise(alert("S1", DOWN, 4, "2026-11-21T10:18:00Z"), NOW).outcome())
                .isEqualTo(AlarmBoard.Outcome.NEW);
        assertThat(board.raise(alert("S2", UP, 4, "2026-11-21T10:18:00Z"), NOW).outcome())
                .isEqualTo(AlarmBoard.Outcome.NEW);
        assertThat(board.size()).isEqualTo(4);
        assertThat(board.unacknowledged("e")).isEqualTo(4);
        assertThat(board.get("e/S1/" + UP + "/1").getString("lastRaisedAt")).isEqualTo("2026-11-21T10:18:00Z");
    }

    @Test
    void anAlarmStaysLatchedUntilAcknowledgedAndTheFirstAcknowledgementWins() {
        AlarmBoard board = new AlarmBoard(Duration.ofMinutes(10), 100);
        board.raise(alert("S1", UP, 1, "2026-11-21T10:00:00Z"), NOW);
        String id = "e/S1/" + UP + "/1";
        assertThat(board.list(e -> true, "unacknowledged")).hasSize(1);
        JsonObject acked = board.acknowledge(id, "Ada", "2026-11-21T10:01:00Z");
        assertThat(acked.getString("state")).isEqualTo("acknowledged");
        assertThat(board.acknowledge(id, "Bob", "2026-11-21T10:02:00Z").getString("acknowledgedBy")).isEqualTo("Ada");
        assertThat(board.list(e -> true, "unacknowledged")).isEmpty();
        assertThat(board.list(e -> true, null)).hasSize(1); // still listed
        // a folded repeat does not re-open it
        board.raise(alert("S1", UP, 2, "2026-11-21T10:05:00Z"), NOW);
        assertThat(board.get(id).getString("state")).isEqualTo("acknowledged");
        assertThat(board.acknowledge("nope", "Ada", "t")).isNull();
    }

    @Test
    void acknowledgementsReadBackBeforeTheirAlarmAreAppliedWhenItArrives() {
        AlarmBoard board = new AlarmBoard(Duration.ofMinutes(10), 100);
        String id = "e/S1/" + UP + "/1";
        assertThat(board.restoreAcknowledgement(new JsonObject().put("id", id).put("by", "Ada")
                .put("at", "2026-11-21T10:01:00Z"))).isNull();
        JsonObject alarm = board.raise(alert("S1", UP, 1, "2026-11-21T10:00:00Z"), NOW).alarm();
        assertThat(alarm.getString("state")).isEqualTo("acknowledged");
        assertThat(alarm.getString("acknowledgedAt")).isEqualTo("2026-11-21T10:01:00Z");
    }

    @Test
    void memoryIsBoundedAcknowledgedAlarmsGoFirst() {
        AlarmBoard board = new AlarmBoard(Duration.ZERO, 2);
        board.raise(alert("S1", UP, 1, "2026-11-21T10:00:00Z"), NOW);
        board.raise(alert("S2", UP, 1, "2026-11-21T10:00:00Z"), NOW);
        board.acknowledge("e/S2/" + UP + "/1", "Ada", "t");
        board.raise(alert("S3", UP, 1, "2026-11-21T10:00:00Z"), NOW);
        assertThat(board.size()).isEqualTo(2);
        assertThat(board.get("e/S2/" + UP + "/1")).isNull();
        assertThat(board.get("e/S1/" + UP + "/1")).isNotNull();
    }

    @Test
    void anAlertWithoutRaisedAtUsesTheArrivalTimeAndOneWithoutAnIdGetsOne() {
        AlarmBoard board = new AlarmBoard(Duration.ofMinutes(10), 10);
        JsonObject a = alert("S1", UP, 1, null);
        a.remove("id");
        a.remove("raisedAt");
        JsonObject alarm = board.raise(a, NOW).alarm();
        assertThat(alarm.getString("firstRaisedAt")).isEqualTo(NOW.toString());
        assertThat(alarm.getString("id")).isEqualTo("e/S1/" + UP + "/" + NOW);
        assertThatThrownBy(() -> board.raise(new JsonObject().put("experiment", "e"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample");
    }
}
