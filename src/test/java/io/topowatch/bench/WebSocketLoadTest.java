package io.topowatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebSocketLoadTest {

    @Test
    void theClientsReadTheTimestampFromTheRawBytesAsInstantParseWould() {
        for (String ts : new String[] {"2026-11-21T08:53:08Z", "2026-11-21T08:53:08.123Z",
                "2026-11-21T08:53:08.123456Z", "2026-11-21T08:53:08.123456789Z", "1999-12-31T23:59:59.5Z",
                "+12026-01-01T00:00:00Z"}) {
            Instant t = Instant.parse(ts);
            String message = "{\"seq\":7,\"type\":\"trajectory\",\"experiment\":\"e\",\"data\":{\"probability\":0.5,"
                    + "\"timestamp\":\"" + ts + "\"}}";
            assertThat(WebSocketLoad.timestampMicros(Buffer.buffer(message)))
                    .as(ts).isEqualTo(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
        }
        assertThat(WebSocketLoad.timestampMicros(Buffer.buffer("{\"type\":\"subscribed\",\"seq\":3}")))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void histogramPercentilesAreTheUpperEdgeOfTheirBucketCappedAtTheMaximum() {
        WebSocketLoad.Histogram h = new WebSocketLoad.Histogram();
        for (int us = 1; us <= 1000; us++) {
            h.record(us); // 1 µs .. 1 ms, uniform
        }
        assertThat(h.percentileMs(0.50)).isEqualTo(0.51);   // the 500th value, 500 µs, lies in bucket [500, 510)
        assertThat(h.percentileMs(0.99)).isEqualTo(1.0);    // the 990th, 990 µs, in [990, 1000)
        assertThat(h.percentileMs(1.0)).isEqualTo(1.0);     // capped at the maximum, 1 ms
        JsonObject j = h.toJson();
        assertThat(j.getLong("n")).isEqualTo(1000);
        assertThat(j.getDouble("max")).isEqualTo(1.0);
        assertThat(new WebSocketLoad.Histogram().toJson().getValue("p50")).isNull();
    }

    @Test
    void bucketsAreContiguousAndIncreasing() {
        long previousEdge = 0;
        for (long us : new long[] {0, 9, 10, 999, 1_000, 9_999, 10_000, 99_999, 100_000, 59_999_999}) {
            int b = WebSocketLoad.Histogram.bucket(us);
            long edge = WebSocketLoad.Histogram.upperEdge(b);
            assertThat(edge).as("upper edge of %d µs", us).isGreaterThan(us).isGreaterThanOrEqualTo(previousEdge);
            previousEdge = edge;
        }
    }

    @Test
    void aShortRunDeliversEveryPointToEveryClientAndReportsLatency() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JsonObject r = WebSocketLoad.run(new WebSocketLoad.Settings(5, 50, Duration.ofSeconds(2), Duration.ofSeconds(1),
                false), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.getLong("pointsFed")).isGreaterThan(50);
        assertThat(r.getLong("messagesDelivered")).isEqualTo(r.getLong("messagesExpected"));
        assertThat(r.getInteger("normalClientsClosed")).isZero();
        assertThat(r.getJsonObject("latencyMs").getDouble("p50")).isPositive();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("latency ms: p50");
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new WebSocketLoad.Settings(0, 200, Duration.ofSeconds(1), Duration.ZERO, true))
                .hasMessageContaining("--ws-clients");
        assertThatThrownBy(() -> new WebSocketLoad.Settings(1, 0, Duration.ofSeconds(1), Duration.ZERO, true))
                .hasMessageContaining("--points-per-second");
        assertThatThrownBy(() -> new WebSocketLoad.Settings(1, 200, Duration.ZERO, Duration.ZERO, true))
                .hasMessageContaining("--duration");
    }
}
