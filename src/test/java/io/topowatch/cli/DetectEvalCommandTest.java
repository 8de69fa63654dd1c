package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.topowatch.stream.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectEvalCommandTest {

    @TempDir
    Path dir;

    @Test
    void scoresSweepsAndReportsTheMetricsAndCachesThePoints() throws Exception {
        Path points = dir.resolve("points.json");
        CliRun r = CliRun.of("detect-eval", "--sweeps", "3", "--seed", "1000", "--json", "--points", points.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("sweeps").asInt()).isEqualTo(3);
        assertThat(json.get("model").asText()).startsWith("topownet-");
        JsonNode m = json.get("metrics");
        for (String field : new String[] {"crossing", "detections", "misses", "coverage", "falseAlarmsPer100Sweeps",
                "meanDelaySetpoints"}) {
            assertThat(m.has(field)).as(field).isTrue();
        }
        assertThat(m.get("detections").asInt() + m.get("misses").asInt()).isEqualTo(m.get("crossing").asInt());
        JsonNode offset = json.get("classifierCrossingOffset");
        assertThat(offset.get("sweeps").asInt()).isBetween(0, 3);
        assertThat(offset.has("median") && offset.has("p10") && offset.has("p90")).isTrue();
        assertThat(Files.exists(points)).isTrue();

        // From the cache, other settings: no scoring, same sweeps.
        CliRun again = CliRun.of("detect-eval", "--sweeps", "3", "--seed", "1000", "--points", points.toString(),
                "--calibration", "0,0,0", "--hysteresis", "0.2");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 sweeps").contains("h 0.20").contains("calibration 0.00/0.00/0.00")
                .contains("classifier 0.5 crossing vs the true critical value");
        CliRun negative = CliRun.of("detect-eval", "--sweeps", "3", "--seed", "1000", "--points", points.toString(),
                "--calibration=-0.5,1,2");
        assertThat(negative.exitCode()).as(negative.err()).isZero();
        assertThat(negative.out()).contains("calibration -0.50/1.00/2.00");

        CliRun other = CliRun.of("detect-eval", "--sweeps", "4", "--seed", "1000", "--points", points.toString());
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("holds other sweeps");
    }
}
