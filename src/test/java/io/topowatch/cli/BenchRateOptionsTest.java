package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench --rate} option errors, caught before anything starts. */
class BenchRateOptionsTest {

    @Test
    void badRateOptionsAreOneLineUsageErrors() {
        for (List<String> args : List.of(
                List.of("bench", "--rate", "0"),
                List.of("bench", "--rate", "-5", "--json"),
                List.of("bench", "--rate", "10", "--duration", "0"),
                List.of("bench", "--rate", "10", "--max-p99-ms", "0"),
                List.of("bench", "--rate", "10", "--warmup", "-1"),
                List.of("bench", "--rate", "10", "--scores-csv", "/no/such/folder/scores.csv"),
                List.of("bench", "--rate", "10", "NormalizationBenchmark"),
                List.of("bench", "--rate", "10", "--quick"),
                List.of("bench", "--rate", "fast"),
                List.of("bench", "--json"))) {
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).as(args.toString()).doesNotContain("\tat ").isNotBlank();
        }
        assertThat(CliRun.of("bench", "--rate", "0").err()).contains("--rate must be a positive number");
        assertThat(CliRun.of("bench", "--json").err()).contains("--json needs a FILE");
        assertThat(CliRun.of("bench", "--rate", "10", "--scores-csv", "/no/such/folder/scores.csv").err())
                .contains("--scores-csv: no folder /no/such/folder to write scores.csv in");
    }

    @Test
    void nearestRankPercentiles() {
        List<Long> v = List.of(5L, 1L, 4L, 2L, 3L, 6L, 7L, 8L, 9L, 10L);
        assertThat(RateBench.percentile(v, 50)).isEqualTo(5.0);
        assertThat(RateBench.percentile(v, 99)).isEqualTo(10.0);
        assertThat(RateBench.percentile(List.of(), 50)).isNaN();
    }

    @Test
    void onlyScansOfCompleteSampleSetpointsAreExpectedToBeScored() {
        var scans = RateBench.scans(50, 1);
        assertThat(scans).hasSize(50);
        long expected = RateBench.expectedScored(scans);
        assertThat(expected).isLessThanOrEqualTo(50).isGreaterThan(40);
    }

    @Test
    void pastThePoolScansRepeatAsNewExperimentsWithUniqueIds() {
        var scans = RateBench.scans(250, 1, 100);
        assertThat(scans).hasSize(250);
        assertThat(scans.stream().map(s -> s.scanId()).distinct().count()).isEqualTo(250);
        assertThat(scans.get(100).experiment()).isEqualTo(scans.get(0).experiment() + "-r1");
        assertThat(scans.get(100).energy()).isSameAs(scans.get(0).energy());
        assertThat(scans.get(249).scanId()).isEqualTo(scans.get(49).scanId() + "-r2");
        // the pool's last group may be cut short; each round repeats it, so the count scales with the rounds
        long perPool = RateBench.expectedScored(scans.subList(0, 100));
        assertThat(RateBench.expectedScored(scans)).isBetween(2 * perPool, 2 * perPool + 50);
    }
}
