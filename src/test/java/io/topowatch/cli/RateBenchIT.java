package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.topowatch.stream.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --rate} for real, briefly: its own embedded broker and the demo pipeline, a warm-up, the settle, a
 * measured window. A gentle rate, so that what is checked is the bookkeeping, not this machine's speed.
 */
class RateBenchIT {

    @TempDir
    Path dir;

    @Test
    void everyScanIsScoredAndEachMeasuredScoreIsWrittenWithItsTimes() throws Exception {
        Path csv = dir.resolve("scores.csv");
        CliRun run = CliRun.of("bench", "--rate", "40", "--warmup", "4", "--duration", "4", "--json",
                "--scores-csv", csv.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as(run.toString()).hasSize(1);
        JsonNode r = Json.MAPPER.readTree(lines.get(0));

        assertThat(r.path("scansSent").asLong()).isEqualTo(320);
        assertThat(r.path("scansScored").asLong()).isEqualTo(r.path("scansExpected").asLong()).isPositive();
        assertThat(r.path("settleSeconds").asDouble()).isBetween(0.0, 120.0);
        assertThat(r.path("latencyP50Ms").asDouble()).isPositive()
                .isLessThanOrEqualTo(r.path("latencyP99Ms").asDouble());

        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("scans,producedMs,scoredAtMs,appendedMs,receivedMs");
        assertThat(rows).hasSizeGreaterThan(10);
        long scans = 0;
        for (String row : rows.subList(1, rows.size())) {
            long[] v = java.util.Arrays.stream(row.split(",")).mapToLong(Long::parseLong).toArray();
            scans += v[0];
            assertThat(v[1]).as(row).isLessThanOrEqualTo(v[2]); // produced before scored
            assertThat(v[2]).as(row).isLessThanOrEqualTo(v[4]); // scored before received
            assertThat(v[3]).as(row).isLessThanOrEqualTo(v[4]); // appended before received
        }
        // the measured window's scores rest on about duration x rate scans (samples straddling its start do not count)
        assertThat(scans).isBetween(120L, 160L);
    }
}
