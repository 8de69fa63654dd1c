package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TopoWatchCliTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = TopoWatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandWithADescription() {
        Run r = run("--help");
        assertThat(r.exitCode()).isZero();
        for (String command : new String[] {"demo", "run", "topics", "simulate", "train", "dataset", "figure", "bench", "normalize",
                "validate", "evaluate", "models"}) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S.+$");
        }
    }

    @Test
    void modelsListsItsSubcommands() {
        Run r = run("models", "--help");
        assertThat(r.exitCode()).isZero();
        for (String command : new String[] {"list", "register", "promote", "rollback"}) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S.+$");
        }
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorNamingIt() {
        Run r = run("topics");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--bootstrap-servers=HOST:PORT'");
    }

    @Test
    void badValuesGiveOneLineErrorsWithoutAStackTrace() {
        Run duration = run("demo", "--duration", "-5");
        assertThat(duration.exitCode()).isEqualTo(1);
        assertThat(duration.err().strip()).isEqualTo(
                "topowatch demo: error: --duration must be a positive number of seconds, got -5");

        Run config = run("run", "--config", "/nonexistent/topowatch.properties");
        assertThat(config.exitCode()).isEqualTo(1);
        assertThat(config.err()).contains("config file not found: /nonexistent/topowatch.properties")
                .doesNotContain("\tat ").doesNotContain("Exception");

        Run notANumber = run("simulate", "--bootstrap-servers", "x:1", "--rate", "fast");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--rate'");
    }
}
