package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopoWatchCliTest {


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpListsEveryCommandWithADescription() {
        CliRun r = run("--help");
        assertThat(r.exitCode()).isZero();
        for (String command : new String[] {"demo", "run", "topics", "simulate", "train", "dataset", "figure", "bench", "normalize",
                "validate", "evaluate", "models"}) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S.+$");
        }
    }

    @Test
    void modelsListsItsSubcommands() {
        CliRun r = run("models", "--help");
        assertThat(r.exitCode()).isZero();
        for (String command : new String[] {"list", "register", "promote", "rollback"}) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S.+$");
        }
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorNamingIt() {
        CliRun r = run("topics");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--bootstrap-servers=HOST:PORT'");
    }

    @Test
    void badValuesGiveOneLineErrorsWithoutAStackTrace() {
        CliRun duration = run("demo", "--duration", "-5");
        assertThat(duration.exitCode()).isEqualTo(1);
        assertThat(duration.err().strip()).isEqualTo(
                "topowatch demo: error: --duration must be a positive number of seconds, got -5");

        CliRun config = run("run", "--config", "/nonexistent/topowatch.properties");
        assertThat(config.exitCode()).isEqualTo(1);
        assertThat(config.err()).contains("config file not found: /nonexistent/topowatch.properties")
                .doesNotContain("\tat ").doesNotContain("Exception");

        CliRun notANumber = run("simulate", "--bootstrap-servers", "x:1", "--rate", "fast");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--rate'");
    }
}
